"""Documentation page -> rows, one module per format family."""
