# The CLI's interop commands run as a child process against local origins.
cachescope_add_test(tst_curlcli LIBS cachescope_testcli cachescope_testsupport LABELS interop)
cachescope_add_test(tst_harcli LIBS cachescope_testcli cachescope_testsupport LABELS interop)
cachescope_add_test(tst_collectioncli LIBS cachescope_testcli cachescope_testsupport LABELS interop)
cachescope_add_test(tst_watchcurlcli LIBS cachescope_testcli cachescope_testsupport LABELS interop)
