# The guided lessons panel (its model lives in core/lessons).
target_sources(cachescope_ui PRIVATE lessonspanel.cpp lessonspanel.h)
