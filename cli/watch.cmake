# cachescope-cli watch and timeline
target_sources(cachescope_cli PRIVATE
)
