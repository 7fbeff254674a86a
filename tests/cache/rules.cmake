# Pure caching rules: every rule has a data-driven row, RFC examples included.
cachescope_add_test(tst_freshness)
cachescope_add_test(tst_storability)
cachescope_add_test(tst_conditional)
cachescope_add_test(tst_notmodified)
