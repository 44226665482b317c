"""Performance benchmarks of Corridor: run ``python -m benchmarks``."""
