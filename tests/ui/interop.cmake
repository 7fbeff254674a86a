# cURL import in the URL bar, copy as cURL.
cachescope_add_test(tst_urlbarcurl LIBS cachescope_ui LABELS ui interop)
# HAR import model, and the File menu's HAR and collection actions driven in the real window.
cachescope_add_test(tst_harimportmodel LIBS cachescope_ui LABELS ui interop)
cachescope_add_test(tst_interopwindow LIBS cachescope_ui cachescope_testsupport LABELS ui interop)

# Not a test: renders docs/screenshots/harimport.png, e.g.
#   build/tests/ui/interop_screenshots docs/screenshots && build/tests/ui/interop_screenshots /tmp dark
add_executable(interop_screenshots interop_screenshots.cpp)
target_link_libraries(interop_screenshots PRIVATE cachescope_ui cachescope_testsupport Qt6::Test)
target_compile_definitions(interop_screenshots PRIVATE CACHESCOPE_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
