# Tests of the watching engine and the timeline store
cachescope_add_test(tst_timelinestore)
cachescope_add_test(tst_watchsession LIBS cachescope_testsupport)
