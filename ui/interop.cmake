# cURL in the URL bar and "Copy as cURL" (the URL bar itself is in the main list).
target_sources(cachescope_ui PRIVATE curlclipboard.h curlclipboard.cpp)
# File > Import/Export HAR, collections: the HAR import page and its model, the export and collection dialogs,
# and the actions that wire them to the window.
target_sources(cachescope_ui PRIVATE
    harimportmodel.h harimportmodel.cpp
    harimportpage.h harimportpage.cpp
    harexportdialog.h harexportdialog.cpp
    collectiondialog.h collectiondialog.cpp
    interopactions.h interopactions.cpp
)
