"""Real traffic against the contract: exchanges as a proxy saw them, recorded (JSON lines, HAR 1.2), judged one by one
with the contract run's catalog and checks, re-checked offline, and read for evidence on the spec's assumed readings."""
