"""Partnership archives: a whole partnership as a file that another instance imports."""
