# Watching: when each watched URL is revalidated, and the timeline of what came back (pure logic)
target_sources(cachescope_core PRIVATE
    watchscheduler.h watchscheduler.cpp
    timeline.h timeline.cpp
)
