# cURL in the URL bar and "Copy as cURL" (the URL bar itself is in the main list).
target_sources(cachescope_ui PRIVATE curlclipboard.h curlclipboard.cpp)
