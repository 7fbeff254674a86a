# Watching engine (timeline store, watch session): sources owned by the watch/timeline work
target_sources(cachescope_core PRIVATE
    timelinerows.h timelinerows.cpp
    timelinestore.h timelinestore.cpp
    watchsession.h watchsession.cpp
)
