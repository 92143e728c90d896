"""Project-wide pytest configuration: shared fixtures live in operadora/core/testing.py."""

pytest_plugins = ["operadora.core.testing"]
