"""`python -m contract_tests`: the same as the `emabler-contract` command."""

from contract_tests.cli import main

if __name__ == "__main__":
    main()
