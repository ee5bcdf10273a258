"""Command-line use cases: each turns parsed arguments into service calls and prints the outcome."""
