"""The run's settings: declared once, each an option and an environment variable, keys from the environment only;
a missing or inconsistent setting is one clear line naming both, and exit code 2."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from contract_tests.settings import DECLARED, NAMED, Settings, SettingsError
from mock_server import build_dataset
from tests.checkout import ROOT, contract_command, contract_env, served_mock

LIVE = {
    "EMABLER_BASE_URL": "http://127.0.0.1:1/api",
    "EMABLER_API_KEY": "k",
    "EMABLER_CLIENT_ID": "c",
    "EMABLER_SITE_IDS": "1,2",
}


@pytest.mark.parametrize(
    ("env", "says"),
    [
        ({**LIVE, "EMABLER_API_KEY": ""}, "EMABLER_CLIENT_ID (--client-id) is set but EMABLER_API_KEY is not"),
        (
            {**LIVE, "EMABLER_API_KEY": "", "EMABLER_CLIENT_ID": ""},
            "EMABLER_API_KEY and EMABLER_CLIENT_ID (--client-id) are required",
        ),
        ({**LIVE, "EMABLER_SITE_IDS": ""}, "EMABLER_SITE_IDS (--site-ids) (comma-separated site ids) is required"),
        ({**LIVE, "EMABLER_SITE_IDS": "1,x"}, "EMABLER_SITE_IDS (--site-ids): must be comma-separated integers"),
        ({**LIVE, "EMABLER_SITE_IDS": "1,9223372036854775808"}, "EMABLER_SITE_IDS (--site-ids): holds an id outside"),
        ({**LIVE, "EMABLER_BASE_URL": "ftp://x"}, "EMABLER_BASE_URL (--base-url): must start with http:// or https://"),
        ({**LIVE, "EMABLER_MOCK_FAULT": "auth-ignored"}, "apply to the embedded mock only"),
        ({"EMABLER_MOCK_FAULT": "auth-ignored", "EMABLER_MOCK_VARIANT": "missing-site-401"}, "choose one"),
        ({"EMABLER_MOCK_VARIANT": "no-such-variant"}, "EMABLER_MOCK_VARIANT (--mock-variant): unknown variant"),
        ({"EMABLER_STRICT": "maybe"}, "EMABLER_STRICT (--strict): 'maybe' is not a valid boolean"),
        ({**LIVE, "EMABLER_OTHER_API_KEY": "k", "EMABLER_OTHER_CLIENT_ID": "d"}, "must be another customer's key"),
        (
            {"EMABLER_API_KEY": "k", "EMABLER_CLIENT_ID": "c"},
            "EMABLER_API_KEY is set but EMABLER_BASE_URL (--base-url)",
        ),
        ({"EMABLER_MAX_EXAMPLES": "many"}, "EMABLER_MAX_EXAMPLES (--max-examples): 'many' is not a valid integer"),
        ({"EMABLER_SEED": "-1"}, "EMABLER_SEED (--seed): -1 is not in the range x>=1"),
        ({"EMABLER_TIMEOUT": "0"}, "EMABLER_TIMEOUT (--timeout): 0.0 is not in the range x>0"),
        ({**LIVE, "EMABLER_API_KEY": "a key"}, "EMABLER_API_KEY: holds characters an HTTP header cannot carry"),
    ],
)
def test_bad_settings_are_named_in_one_line(env: dict[str, str], says: str) -> None:
    with pytest.raises(SettingsError, match=None) as error:
        Settings.given(env=env)
    assert says in str(error.value)
    assert "\n" not in str(error.value)


def test_a_complete_live_setting_is_accepted_and_hides_the_key() -> None:
    settings = Settings.given(env={**LIVE, "EMABLER_API_KEY": "secret-key-123", "EMABLER_SITE_IDS": "1, 2,1"})
    assert settings.base_url == LIVE["EMABLER_BASE_URL"]
    assert settings.site_ids == (1, 2)
    assert settings.secrets == ("secret-key-123",)
    assert "secret-key-123" not in repr(settings)


def test_an_option_wins_over_its_variable_and_an_empty_variable_is_unset() -> None:
    env = {"EMABLER_SEED": "7", "EMABLER_STRICT": "0", "EMABLER_MAX_EXAMPLES": " ", "EMABLER_TIMEOUT": "2.5"}
    settings = Settings.given({"seed": 5, "strict": True, "timeout": None}, env=env)
    assert (settings.seed, settings.strict, settings.max_examples, settings.timeout) == (5, True, None, 2.5)


def _run(*arguments: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - the checkout's own command
        contract_command("run", *arguments), env=contract_env(**env), capture_output=True, text=True, check=False
    )


def _one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stdout == ""
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("error: ")
    return line


def test_the_command_prints_one_line_and_exits_2_on_bad_settings() -> None:
    line = _one_error_line(_run(**{**LIVE, "EMABLER_SITE_IDS": ""}))
    assert line == (
        "error: EMABLER_BASE_URL (--base-url) is set: EMABLER_SITE_IDS (--site-ids) (comma-separated site ids) "
        "is required"
    )


def test_an_invalid_option_is_one_line_naming_the_option_and_its_variable() -> None:
    assert _one_error_line(_run("--seed", "-1")) == "error: EMABLER_SEED (--seed): -1 is not in the range x>=1."


def test_the_bare_command_is_run_with_the_same_settings() -> None:
    env = contract_env(EMABLER_SEED="-1")
    result = subprocess.run(contract_command(), env=env, capture_output=True, text=True, check=False)  # noqa: S603
    assert _one_error_line(result) == "error: EMABLER_SEED (--seed): -1 is not in the range x>=1."


def test_a_key_is_never_taken_from_the_command_line_nor_echoed() -> None:
    assert _one_error_line(_run("--api-key", "secret-on-the-command-line")) == "error: No such option '--api-key'."
    # A key set in the wrong variable is masked in the line that names it.
    line = _one_error_line(_run(EMABLER_API_KEY="secret-key-456", EMABLER_SITE_IDS="secret-key-456"))
    assert "secret-key-456" not in line
    assert "[Filtered]" in line


def test_pytest_reads_the_same_declarations_from_the_environment() -> None:
    # No second parser: the pytest route says what the command says, from the same declaration.
    command = [str(Path(contract_command()[0]).parent / "pytest"), "contract_tests", "-p", "no:cacheprovider"]
    env = contract_env(EMABLER_SEED="-1")
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    assert result.returncode == pytest.ExitCode.USAGE_ERROR
    assert "error: EMABLER_SEED (--seed): -1 is not in the range x>=1." in result.stdout + result.stderr


def test_help_lists_every_setting_with_its_environment_variable() -> None:
    result = subprocess.run(contract_command("run", "--help"), capture_output=True, text=True, check=True)  # noqa: S603
    help_text = " ".join(result.stdout.split())  # click wraps long lines
    for declared in DECLARED.values():
        assert declared.envvar in help_text
    for option in ("--base-url", "--site-ids", "--strict", "--seed", "--max-examples", "--rate-limit", "--timeout"):
        assert f"{option} " in help_text
    for option in ("--reports-dir", "--client-id", "--other-client-id", "--mock-fault", "--mock-variant"):
        assert f"{option} " in help_text
    assert "--api-key" not in help_text
    assert "--seed INTEGER RANGE The random seed. [env var: EMABLER_SEED]" in help_text
    assert "keys come from the environment only: EMABLER_API_KEY The customer's key (with --client-id)." in help_text


def test_the_target_can_be_given_as_options_with_the_key_from_the_environment(tmp_path: Path) -> None:
    own = build_dataset().tenants[0]
    key = "options-test-key"
    with served_mock(api_keys=(key,)) as mock:
        sites = ",".join(map(str, own.sites_with_drivers[:2]))
        options = ["--base-url", mock.base_url, "--site-ids", sites, "--client-id", own.tenant.client_id]
        result = _run(*options, "--max-examples", "5", "--reports-dir", str(tmp_path), EMABLER_API_KEY=key)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    assert result.stdout.startswith("CONFORMS (2 not tested: A-FOREIGN-LIKE-MISSING, S-TENANT-ISOLATION)\n")
    assert f"Target: {mock.base_url}" in result.stdout
    assert (tmp_path / "summary.json").exists()
    assert key not in result.stdout + result.stderr


def test_the_readme_lists_exactly_the_declared_settings_with_their_variable_and_option() -> None:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("### Before any check: the preflight", 1)[1].split("\n### ", 1)[0]
    listed = set()
    for line in section.splitlines():
        if line.startswith("| `EMABLER_"):
            variables, options = line.split("|")[1:3]
            names = re.findall(r"`(EMABLER_\w+)`", variables)
            flags = re.findall(r"`(--[\w-]+)`", options) or [None] * len(names)  # none: environment only
            listed |= {f"{name} ({flag})" if flag else name for name, flag in zip(names, flags, strict=True)}
    assert listed == set(NAMED.values())
