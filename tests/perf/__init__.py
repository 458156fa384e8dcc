"""Benchmarks, load and fuzz runners: run by ``make bench``, ``make load`` and ``make fuzz``."""
