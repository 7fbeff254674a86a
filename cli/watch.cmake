# cachescope-cli watch and timeline
target_sources(cachescope_cli PRIVATE
    timelineoutput.h timelineoutput.cpp
    eventprinter.h eventprinter.cpp
    cmd_watch.cpp
    cmd_timeline.cpp
)
