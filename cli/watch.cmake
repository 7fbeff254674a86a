# cachescope-cli watch and timeline
target_sources(cachescope_cli PRIVATE
    timelineoutput.h timelineoutput.cpp
    cmd_watch.cpp
    cmd_timeline.cpp
)
