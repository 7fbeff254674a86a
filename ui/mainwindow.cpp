#include "mainwindow.h"

namespace CacheScope {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
{
    setWindowTitle(QStringLiteral("CacheScope"));
}

} // namespace CacheScope
