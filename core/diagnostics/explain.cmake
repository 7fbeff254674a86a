# What a status code or a caching header value means, in words, for the window's tooltips and one-liners.
target_sources(cachescope_core PRIVATE
    statusexplanation.h statusexplanation.cpp
    headerexplanation.h headerexplanation.cpp
)
