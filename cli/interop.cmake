# HAR export and import, saved request collections.
target_sources(cachescope_cli PRIVATE cmd_har.cpp cmd_collection.cpp)
