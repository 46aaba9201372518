"""Benchmarks: each prints its own time and a ratio against a baseline measured in the same run,
because these machines are noisy and only same-process ratios compare."""
