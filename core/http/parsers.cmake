# Field parsers: HTTP-date, entity tags, Cache-Control, Expires/Age/Date/Last-Modified/Pragma/Vary
target_sources(cachescope_core PRIVATE
    httpdate.h httpdate.cpp
    entitytag.h entitytag.cpp
    cachecontrol.h cachecontrol.cpp
    headerfields.h headerfields.cpp
)
