# Watching engine (timeline store, watch session): sources owned by the watch/timeline work
target_sources(cachescope_core PRIVATE
    timelinestore.h timelinestore.cpp
    watchsession.h watchsession.cpp
)
