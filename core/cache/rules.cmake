# Freshness, storability, conditional requests, 304 merge (pure rules)
target_sources(cachescope_core PRIVATE
    cacheentry.h
)
