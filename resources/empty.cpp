// Keeps the resource library non-empty before any data file exists.
