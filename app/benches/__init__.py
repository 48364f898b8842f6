"""Benchmarks of ``depot bench``, one module per area; each exposes ``register(benches)``."""
