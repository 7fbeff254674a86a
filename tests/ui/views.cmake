# Tests of the timeline and cache views (offscreen).
foreach(test tst_timelinemodel tst_timelinechart tst_timelinepage tst_cacheentriesmodel tst_cachebrowser)
    cachescope_add_test(${test} LIBS cachescope_ui LABELS ui)
endforeach()

# Not a test: renders docs/screenshots/timeline.png and cache.png from the demo origin, e.g.
#   build/tests/ui/views_screenshots docs/screenshots && build/tests/ui/views_screenshots /tmp dark
add_executable(views_screenshots views_screenshots.cpp)
target_link_libraries(views_screenshots PRIVATE cachescope_ui)
