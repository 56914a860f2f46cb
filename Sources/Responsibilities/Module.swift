// Responsibilities module
