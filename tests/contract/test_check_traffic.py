"""`emabler-contract check-traffic`: the recordings kept in the repo pass the current spec and every answer decodes;
a candidate spec whose SDK cannot decode them is flagged; bad input is one line and exit 2; no key comes out."""

from __future__ import annotations

import base64
import json
import secrets
import subprocess
from pathlib import Path

import pytest
import yaml

from contract_tests.masking import MASK
from contract_tests.traffic import check, decode
from contract_tests.traffic.exchange import Exchange, Keys, Recorder, read
from contract_tests.traffic.seed import calls, file_name, record
from emabler_spec import SPEC, Spec
from mock_server import CLEAN, Kind, of_kind
from tests.checkout import ROOT, contract_command, contract_env

TRAFFIC = ROOT / "traffic"
CLEAN_RECORDING = TRAFFIC / file_name(CLEAN)


def check_traffic(*arguments: str, cwd: Path = ROOT, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - the checkout's own command
        contract_command("check-traffic", *arguments),
        env=contract_env(**env),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def candidate(folder: Path, required: str) -> Path:
    """openapi.yaml with a new property of UserGroup (operation 1's answer) made required: no recorded answer has it."""

    def edit(spec: Spec) -> None:
        schema = spec.schemas["UserGroup"]
        schema["properties"][required] = {"type": "string"}
        schema["required"] = [*schema.get("required", []), required]

    path = folder / "candidate.yaml"
    path.write_text(yaml.safe_dump(SPEC.patched(edit).document, sort_keys=False))
    return path


def test_the_repo_keeps_a_small_recording_of_the_mock_and_each_conformant_variant_without_a_key() -> None:
    expected = {file_name(behaviour) for behaviour in (CLEAN, *of_kind(Kind.VARIANT))}
    kept = {path.name for path in TRAFFIC.glob("*.jsonl")}
    assert kept == expected
    assert sum((TRAFFIC / name).stat().st_size for name in kept) < 1.5 * 1024 * 1024
    assert (TRAFFIC / "README.md").exists()
    for name in sorted(kept):
        exchanges = list(read(TRAFFIC / name))
        assert exchanges, name
        keys = [value for e in exchanges for key, value in e.request_headers if key.lower() == SPEC.key_header.lower()]
        assert set(keys) == {MASK}, name  # every key the requests carried is masked


@pytest.fixture(scope="module")
def current(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path]:
    reports = tmp_path_factory.mktemp("current")
    return check_traffic(*map(str, sorted(TRAFFIC.glob("*.jsonl"))), "--reports-dir", str(reports)), reports


def test_the_recordings_pass_the_current_spec_and_the_sdk_decodes_every_answer(
    current: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    result, reports = current
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    decoding = json.loads((reports / check.RESULT).read_text())
    assert decoding["undecodable"] == []
    assert decoding["answers"] > 0
    assert decoding["outcomes"]["decoded"] + decoding["outcomes"].get("error status", 0) == decoding["answers"]
    assert decoding["client"] == "emabler_client (the project's client)"
    assert decoding["verdict"] in ("CONFORMS", "CONFORMS WITH WARNINGS")
    assert json.loads((reports / "summary.json").read_text())["verdict"] == decoding["verdict"]
    assert "undecodable:" not in result.stdout


def test_a_candidate_whose_sdk_cannot_decode_the_mock_recording_is_flagged(tmp_path: Path) -> None:
    spec = candidate(tmp_path, "region")
    result = check_traffic(str(CLEAN_RECORDING), "--spec", str(spec), "--reports-dir", str(tmp_path / "reports"))
    assert result.returncode == 1, result.stdout[-3000:] + result.stderr
    assert "generated from the candidate" in result.stdout
    undecodable = [line for line in result.stdout.splitlines() if line.startswith("undecodable: ")]
    assert undecodable
    assert all(f"{SPEC.home_site.label} 200: " in line and "KeyError: 'region'" in line for line in undecodable)
    decoding = json.loads((tmp_path / "reports" / check.RESULT).read_text())
    assert len(decoding["undecodable"]) == len(undecodable)
    assert decoding["undecodable"][0]["recording"] == str(CLEAN_RECORDING)


def test_a_file_that_is_not_a_recording_is_one_line_and_exit_2(tmp_path: Path) -> None:
    not_one = tmp_path / "notes.jsonl"
    not_one.write_text('{"hello": "world"}\n')
    result = check_traffic(str(not_one), "--reports-dir", str(tmp_path / "reports"))
    assert result.returncode == 2
    why = "is not a recording of emabler-contract: its first line does not name one"
    assert result.stderr == f"error: {not_one} {why}\n"


def test_a_candidate_that_is_not_a_spec_is_one_line_and_exit_2(tmp_path: Path) -> None:
    spec = tmp_path / "candidate.yaml"
    spec.write_text("just some text\n")
    result = check_traffic(str(CLEAN_RECORDING), "--spec", str(spec), "--reports-dir", str(tmp_path / "reports"))
    assert result.returncode == 2
    assert result.stderr == f"error: --spec {spec} is not an OpenAPI document: AttributeError\n"


def test_decoding_against_a_candidate_without_a_checkout_says_it_needs_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(check, "_checkout", lambda: None)  # an installed toolkit, run outside a checkout
    with pytest.raises(check.CheckError, match=r"^decoding against a candidate spec needs a checkout of the project"):
        check.check([CLEAN_RECORDING], candidate(tmp_path, "region"), tmp_path / "reports")


def test_a_key_in_a_recorded_answer_never_reaches_the_output_or_the_reports(tmp_path: Path) -> None:
    key = base64.b64encode(secrets.token_bytes(24)).decode() + "+/="  # the characters masking must cover
    # A recording that holds a key its recorder did not know (a foreign one), echoed in an answer the SDK cannot
    # decode (a list where the spec has an object), JSON-escaped as .NET escapes it: only the environment names it.
    path = tmp_path / "foreign.jsonl"
    recorder = Recorder(path)
    echoed = key.replace("+", "\\u002B")
    body = ('{"users": "' + echoed + '", "groupName": "' + key + '"}').encode()
    exchange = Exchange(
        id="1",
        started="2026-11-30T00:00:00Z",
        method=SPEC.home_site.method,
        path=SPEC.api_prefix + SPEC.home_site.url_path(siteId=1),
        query=f"{SPEC.client_id_parameter}=someone",
        request_headers=((SPEC.key_header, key),),
        request_body=b"",
        status=200,
        response_headers=(("content-type", "application/json"),),
        response_body=body,
        response_size=len(body),
    )
    recorder.write(exchange, Keys().masker)
    recorder.close()
    assert key in path.read_text()
    reports = tmp_path / "reports"
    result = check_traffic(str(path), "--reports-dir", str(reports), EMABLER_API_KEY=key)
    assert result.returncode == 1, result.stdout[-3000:] + result.stderr
    assert "undecodable: " in result.stdout
    assert MASK in result.stdout
    texts = [result.stdout, result.stderr, *(file.read_text() for file in reports.iterdir())]
    assert all(key not in text and echoed not in text for text in texts)


def test_seeding_records_the_served_mock_through_the_proxy_with_every_key_masked(tmp_path: Path) -> None:
    path = tmp_path / file_name(CLEAN)
    count = record(CLEAN, path)
    exchanges = list(read(path))
    assert len(exchanges) == count == len(calls("unused"))
    assert {exchange.credential for exchange in exchanges} == {None, "key 1", "key 2", "key 3"}
    sent = [value for e in exchanges for key, value in e.request_headers if key.lower() == SPEC.key_header.lower()]
    assert set(sent) == {MASK}
    assert {exchange.status for exchange in exchanges} >= {200, 400, 401, 404, 405}


def test_the_decoder_finds_each_operations_module_where_the_generator_writes_it() -> None:
    written = {path.stem for path in (ROOT / "generated" / "emabler_client" / "api").glob("*/*.py")} - {"__init__"}
    assert {decode.module_name(operation.operation_id) for operation in SPEC.operations} == written
