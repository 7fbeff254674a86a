# The inspector window's parts: the conditional-headers line, the sidebar's models, the watch dialog.
foreach(test tst_conditionalline tst_watchlistmodel tst_historymodel tst_watchdialog)
    cachescope_add_test(${test} LIBS cachescope_ui LABELS ui)
endforeach()
