"""Simulators of the physical parts around the chain, for tests and demos (today: tanks over Modbus TCP)."""
