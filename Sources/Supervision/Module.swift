// Supervision module
