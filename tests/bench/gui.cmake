# The window's start-up: time to the first painted window and resident memory, next to a minimal Qt window
# (the benchmark itself, re-run with --minimal-window).
add_executable(bench_startup bench_startup.cpp)
target_link_libraries(bench_startup PRIVATE cachescope_benchsupport Qt6::Widgets)
target_compile_definitions(bench_startup PRIVATE CACHESCOPE_GUI_PATH="$<TARGET_FILE:cachescope>")
add_dependencies(bench_startup cachescope)
