"""When the spec changes: the contract's changelog, the SDK's breaking changes, the release check."""
