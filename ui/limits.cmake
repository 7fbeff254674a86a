# Certificates accepted for the session and the response body limit (issue #11).
target_sources(cachescope_ui PRIVATE
    certificateview.h certificateview.cpp
    certificatesdialog.h certificatesdialog.cpp
    bodylimitdialog.h bodylimitdialog.cpp
    clientactions.h clientactions.cpp
)
