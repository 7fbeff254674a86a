# A 50 MB JSON response in ResponseView: time to show it and the longest event-loop stall.
add_executable(bench_body bench_body.cpp)
target_link_libraries(bench_body PRIVATE cachescope_ui)
