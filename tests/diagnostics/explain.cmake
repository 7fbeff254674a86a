# The status one-liner and the caching-header explanations (pure functions, table-driven).
cachescope_add_test(tst_headerexplanation)
cachescope_add_test(tst_statusexplanation)
