# watch and timeline against real servers
cachescope_add_test(tst_watchcli LIBS cachescope_testcli cachescope_testsupport LABELS integration)
