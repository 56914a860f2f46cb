// Consultations module
