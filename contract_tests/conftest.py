"""Wires pytest to the run: the plugin (unless `emabler-contract run` registered its own) and the fixtures."""

from __future__ import annotations

import pytest

from contract_tests.calls import Caller
from contract_tests.plugin import RUN, ContractPlugin
from contract_tests.run import ContractRun
from contract_tests.settings import Credentials
from contract_tests.target import Target


def pytest_configure(config: pytest.Config) -> None:
    if not any(isinstance(plugin, ContractPlugin) for plugin in config.pluginmanager.get_plugins()):
        config.pluginmanager.register(ContractPlugin(), "emabler-contract")


@pytest.fixture(scope="session")
def run(request: pytest.FixtureRequest) -> ContractRun:
    """This session's run: settings, target, schema, caller, outcomes."""
    return request.config.stash[RUN]


@pytest.fixture(scope="session")
def target(run: ContractRun) -> Target:
    """The server under test, with the site ids the preflight found usable."""
    return run.target


@pytest.fixture
def api(run: ContractRun) -> Caller:
    """Calls the target's operations by hand, through Schemathesis' `Case`."""
    return run.caller


@pytest.fixture
def other(target: Target) -> Credentials:
    """Another customer's credentials (the mock has them; a server needs EMABLER_OTHER_API_KEY)."""
    if target.other is None:
        pytest.skip("EMABLER_OTHER_API_KEY and EMABLER_OTHER_CLIENT_ID are not set")
    return target.other
