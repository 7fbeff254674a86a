# cURL import in the URL bar, copy as cURL.
cachescope_add_test(tst_urlbarcurl LIBS cachescope_ui LABELS ui interop)
