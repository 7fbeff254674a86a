# cachescope-cli check and the diagnosis notes in get/revalidate output
target_sources(cachescope_cli PRIVATE
    cmd_check.cpp
)
