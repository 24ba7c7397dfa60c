"""Contract tests: does a server (the embedded mock by default) conform to openapi.yaml?

Run with `make contract` (or `python -m contract_tests`), or `pytest contract_tests`.
"""
