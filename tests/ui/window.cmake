# The inspector window's parts: the conditional-headers line, the sidebar's models, the watch dialog.
foreach(test tst_conditionalline tst_watchlistmodel tst_historymodel tst_watchdialog tst_watchcontroller)
    cachescope_add_test(${test} LIBS cachescope_ui LABELS ui)
endforeach()

# Not a test: renders docs/screenshots/window-headers.png (the Headers tab with a caching header's tooltip) from
# the demo origin; the committed ones: build/tests/ui/window_screenshots docs/screenshots [dark] /validators/both Last-Modified
add_executable(window_screenshots window_screenshots.cpp)
target_link_libraries(window_screenshots PRIVATE cachescope_ui)
