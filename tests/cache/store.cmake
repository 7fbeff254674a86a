# The persistent validator store and its command
cachescope_add_test(tst_varykey)
cachescope_add_test(tst_validatorstore)
cachescope_add_test(tst_storefile)
cachescope_add_test(tst_cachecli LIBS cachescope_testcli)
