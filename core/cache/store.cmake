# The persistent validator store (SQLite)
