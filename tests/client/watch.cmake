# The watch scheduler (fake clock, no sleeps) and the timeline value types
cachescope_add_test(tst_watchscheduler)
cachescope_add_test(tst_timeline)
