# cURL import in the URL bar, copy as cURL.
cachescope_add_test(tst_urlbarcurl LIBS cachescope_ui LABELS ui interop)
# HAR import model, and the File menu's HAR and collection actions driven in the real window.
cachescope_add_test(tst_harimportmodel LIBS cachescope_ui LABELS ui interop)
cachescope_add_test(tst_interopwindow LIBS cachescope_ui cachescope_testsupport LABELS ui interop)
