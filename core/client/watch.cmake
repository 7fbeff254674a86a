# Watching: when each watched URL is revalidated, and the timeline of what came back (pure logic)
target_sources(cachescope_core PRIVATE
    retryafter.h retryafter.cpp
    watchscheduler.h watchscheduler_p.h watchscheduler.cpp watchstatus.cpp
    watchdriver.h watchdriver.cpp
    timeline.h timeline.cpp
)
