# The persistent validator store (SQLite)
target_sources(cachescope_core PRIVATE
    varykey.h varykey.cpp
    storeschema.h storeschema.cpp
    validatorstore.h validatorstore.cpp validatorstore_entries.cpp
)
