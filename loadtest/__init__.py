"""The load test of danvan (docs/load-test.md): data preparation, the locust scenario, the runner.

Not part of the product package: nothing under `danvan` imports it.
"""
