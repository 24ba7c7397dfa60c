"""`make bench`: decode speed and memory, contract-run throughput, and the mock's requests per second."""
