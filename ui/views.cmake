# The inspector's data views: timeline chart and table, cache browser.
target_sources(cachescope_ui PRIVATE
    timelinemodel.h timelinemodel.cpp
    timelinechart.h timelinechart.cpp
    timelinepage.h timelinepage.cpp
)
target_sources(cachescope_ui PRIVATE
    cacheentriesmodel.h cacheentriesmodel.cpp
    cachebrowser.h cachebrowser.cpp
)
