"""Missing or inconsistent settings of the contract run: one clear line and exit code 2."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from contract_tests.settings import Settings, SettingsError

LIVE = {
    "EMABLER_BASE_URL": "http://127.0.0.1:1/api",
    "EMABLER_API_KEY": "k",
    "EMABLER_CLIENT_ID": "c",
    "EMABLER_SITE_IDS": "1,2",
}


@pytest.mark.parametrize(
    ("env", "says"),
    [
        ({**LIVE, "EMABLER_API_KEY": ""}, "EMABLER_CLIENT_ID is set but EMABLER_API_KEY is not"),
        (
            {**LIVE, "EMABLER_API_KEY": "", "EMABLER_CLIENT_ID": ""},
            "EMABLER_API_KEY and EMABLER_CLIENT_ID are required",
        ),
        ({**LIVE, "EMABLER_SITE_IDS": ""}, "EMABLER_SITE_IDS (comma-separated site ids) is required"),
        ({**LIVE, "EMABLER_SITE_IDS": "1,x"}, "EMABLER_SITE_IDS must be comma-separated integers"),
        ({**LIVE, "EMABLER_BASE_URL": "ftp://x"}, "EMABLER_BASE_URL must start with http:// or https://"),
        ({**LIVE, "EMABLER_MOCK_FAULT": "auth-ignored"}, "apply to the embedded mock only"),
        ({"EMABLER_MOCK_FAULT": "auth-ignored", "EMABLER_MOCK_VARIANT": "missing-site-401"}, "choose one"),
        ({"EMABLER_STRICT": "maybe"}, "EMABLER_STRICT must be 1 or 0"),
        ({**LIVE, "EMABLER_OTHER_API_KEY": "k", "EMABLER_OTHER_CLIENT_ID": "d"}, "must be another customer's key"),
        ({"EMABLER_API_KEY": "k", "EMABLER_CLIENT_ID": "c"}, "EMABLER_API_KEY is set but EMABLER_BASE_URL is not"),
        ({"EMABLER_MAX_EXAMPLES": "many"}, "EMABLER_MAX_EXAMPLES must be a int"),
        ({"EMABLER_SEED": "-1"}, "EMABLER_SEED must be positive"),
    ],
)
def test_bad_settings_are_named_in_one_line(env: dict[str, str], says: str) -> None:
    with pytest.raises(SettingsError, match=None) as error:
        Settings.from_env(env)
    assert says in str(error.value)
    assert "\n" not in str(error.value)


def test_a_complete_live_setting_is_accepted_and_hides_the_key() -> None:
    settings = Settings.from_env({**LIVE, "EMABLER_API_KEY": "secret-key-123"})
    assert settings.live
    assert settings.site_ids == (1, 2)
    assert "secret-key-123" not in repr(settings)


def test_the_command_prints_one_line_and_exits_2_on_bad_settings() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EMABLER_")}
    env.update({**LIVE, "EMABLER_SITE_IDS": ""})
    result = subprocess.run(
        [sys.executable, "-m", "contract_tests", "run"], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        "error: EMABLER_BASE_URL is set: EMABLER_SITE_IDS (comma-separated site ids) is required"
    ]
