# Tests of the timeline and cache views (offscreen).
foreach(test tst_timelinemodel tst_timelinechart tst_timelinepage)
    cachescope_add_test(${test} LIBS cachescope_ui LABELS ui)
endforeach()
