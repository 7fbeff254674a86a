# The guided lessons panel, driven against a real ExchangePage and the demo origin.
cachescope_add_test(tst_lessonspanel LIBS cachescope_ui LABELS ui lessons)
