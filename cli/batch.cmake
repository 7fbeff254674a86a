# Browser (private cache) mode output and the JSON-lines batch interface.
target_sources(cachescope_cli PRIVATE
    batchline.h batchline.cpp
    browseroutput.h browseroutput.cpp
    cmd_batch.cpp
)
