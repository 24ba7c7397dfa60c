"""The validation proxy (`emabler-contract proxy`): traffic forwarded byte for byte, judged against the contract."""
