#pragma once

#include <QMainWindow>

namespace CacheScope {

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
};

} // namespace CacheScope
