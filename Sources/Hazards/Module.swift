// Hazards module
