# The inspector window: composer with the store's conditional line, sidebar (watch list, history), watch dialog.
target_sources(cachescope_ui PRIVATE
    conditionalline.h conditionalline.cpp
    watchlistmodel.h watchlistmodel.cpp
    historymodel.h historymodel.cpp
    sidebar.h sidebar.cpp
    watchdialog.h watchdialog.cpp
    statusexplanationlabel.h statusexplanationlabel.cpp
    watchcontroller.h watchcontroller.cpp
    storefacts.h storefacts.cpp
    focustopic.h focustopic.cpp
)
