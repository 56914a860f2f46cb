// Kernel module
