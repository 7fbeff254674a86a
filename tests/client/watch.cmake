# The watch scheduler (fake clock, no sleeps), Retry-After, the driver's timer, and the timeline value types
cachescope_add_test(tst_watchscheduler)
cachescope_add_test(tst_retryafter)
cachescope_add_test(tst_watchdriver)
cachescope_add_test(tst_timeline)
