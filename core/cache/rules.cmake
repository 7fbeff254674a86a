# Freshness, storability, conditional requests, 304 merge (pure rules)
target_sources(cachescope_core PRIVATE
    cacheentry.h
    freshness.h freshness.cpp
    storability.h storability.cpp
    conditional.h conditional.cpp
    notmodified.h notmodified.cpp
)
