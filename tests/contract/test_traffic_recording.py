"""A recording of real traffic: crash-safe (a writer killed mid-stream leaves every finished exchange readable), read
back with one clear line for anything that is not one, and never holding a key, in any form an upstream echoes it."""

from __future__ import annotations

import base64
import json
import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from jsonschema import Draft6Validator, ValidationError

from contract_tests.reporting import FILES
from contract_tests.traffic.exchange import FORMAT, KEY_QUERY_PARAMETER, Exchange, Keys, Recorder, RecordingError, read
from contract_tests.traffic.judge import Judge
from emabler_spec import SPEC
from mock_server.behaviours import get_behaviour
from mock_server.launch import launched, serve_command
from tests.checkout import contract_command
from tests.test_masking import FORMS, _function_key


def _exchange(number: int, body: bytes = b'{"ok": true}') -> Exchange:
    return Exchange(
        str(number),
        "2026-11-30T12:00:00+00:00",
        "GET",
        SPEC.api_prefix + SPEC.home_site.url_path(siteId=number),
        f"{SPEC.client_id_parameter}=c",
        (("accept", "application/json"),),
        b"",
        200,
        (("content-type", "application/json"),),
        body,
        len(body),
        1.5,
    )


def _recording(path: Path, count: int) -> Path:
    recorder = Recorder(path)
    for number in range(count):
        recorder.write(_exchange(number), Keys().masker)
    recorder.close()
    return path


WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from contract_tests.traffic.exchange import Exchange, Keys, Recorder
    recorder, masker = Recorder(Path(sys.argv[1])), Keys().masker
    for n in range(100_000):
        body = b'{"n": %d, "pad": "' % n + b"x" * 20_000 + b'"}'
        exchange = Exchange(str(n), "2026-11-30T12:00:00+00:00", "GET", "/api/x", "", (), b"", 200, (), body, len(body))
        recorder.write(exchange, masker)
        print(n, flush=True)
    """
)


def test_a_writer_killed_mid_stream_leaves_every_finished_exchange_readable(tmp_path: Path) -> None:
    path = tmp_path / "traffic.jsonl"
    writer = subprocess.Popen(  # noqa: S603 - this interpreter, a script of the test's own
        [sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True
    )
    assert writer.stdout is not None
    finished = [int(writer.stdout.readline()) for _ in range(40)]  # each printed after its write returned
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait(timeout=10)
    exchanges = list(read(path))
    ids = [int(exchange.id) for exchange in exchanges]
    assert ids[: len(finished)] == finished
    assert ids == list(range(len(ids)))
    assert all(exchange.response_body and exchange.response_body.startswith(b'{"n": ') for exchange in exchanges)


def test_a_last_line_cut_short_is_left_out(tmp_path: Path) -> None:
    path = _recording(tmp_path / "traffic.jsonl", 3)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(_exchange(3).to_json())[:50])
    assert [exchange.id for exchange in read(path)] == ["0", "1", "2"]


def test_a_recording_appended_to_after_a_cut_line_stays_readable(tmp_path: Path) -> None:
    path = _recording(tmp_path / "traffic.jsonl", 3)
    with path.open("a", encoding="utf-8") as handle:  # a proxy killed mid-line, then started again on the file
        handle.write(json.dumps(_exchange(3).to_json())[:50])
    recorder = Recorder(path)
    recorder.write(_exchange(4), Keys().masker)
    recorder.close()
    assert [exchange.id for exchange in read(path)] == ["0", "1", "2", "4"]


def test_a_recording_reads_back_the_exchanges_it_was_given(tmp_path: Path) -> None:
    binary = bytes(range(256))
    path = tmp_path / "traffic.jsonl"
    recorder = Recorder(path)
    written = [_exchange(0), _exchange(1, binary)]
    for exchange in written:
        recorder.write(exchange, Keys().masker)
    recorder.close()
    assert list(read(path)) == written


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("", "is not a recording of emabler-contract: it is empty"),
        ("hello\n", "is not a recording of emabler-contract: its first line does not name one"),
        ('{"kind": "something-else"}\n', "is not a recording of emabler-contract"),
        (json.dumps({"kind": "emabler-traffic", "format": FORMAT + 1}) + "\n", "newer than this tool reads"),
        (json.dumps({"kind": "emabler-traffic", "format": FORMAT}) + '\n{"id": 1}\n', "line 2, is not an exchange"),
        (json.dumps({"kind": "emabler-traffic", "format": None}) + "\n", "its first line names no format"),
    ],
    ids=["empty", "text", "another kind", "newer format", "a line that is not an exchange", "no format"],
)
def test_what_is_not_a_recording_is_refused_in_one_line(tmp_path: Path, content: str, says: str) -> None:
    path = tmp_path / "traffic.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(RecordingError) as raised:
        list(read(path))
    assert says in str(raised.value)
    assert "\n" not in str(raised.value)


def test_a_missing_file_is_refused_in_one_line(tmp_path: Path) -> None:
    with pytest.raises(RecordingError, match="cannot be read") as raised:
        list(read(tmp_path / "nothing.jsonl"))
    assert "\n" not in str(raised.value)


@pytest.fixture(scope="module")
def echoing_upstream() -> Iterator[str]:
    """The mock answering every request with its headers, keys included (Answer 500, JSON body)."""
    with launched(serve_command(get_behaviour("echo-headers")), {}) as mock:
        yield mock.base_url


def _every_form(key: str) -> list[str]:
    return [form(key) for form in FORMS.values()]


def test_no_key_reaches_a_recording_or_the_judges_findings_in_any_form(echoing_upstream: str, tmp_path: Path) -> None:
    header_key, query_key = _function_key(), _function_key()
    keys, path = Keys(), tmp_path / "traffic.jsonl"
    recorder = Recorder(path)
    judge = Judge(base_url=echoing_upstream, masker=lambda: keys.masker)
    site = SPEC.home_site.url_path(siteId=5000000001)
    sent = [
        # The key header, echoed raw and JSON-escaped (the body's message holds the headers as JSON in a JSON string).
        ({SPEC.key_header: header_key}, f"{SPEC.client_id_parameter}=c"),
        # The `code` query parameter, percent-encoded in the query and echoed so in a header of the request.
        ({"referer": f"https://app.example/?{KEY_QUERY_PARAMETER}={quote(query_key, safe='')}"}, ""),
    ]
    findings = []
    with httpx.Client(base_url=echoing_upstream) as client:
        for number, (headers, query) in enumerate(sent):
            query = query or f"{SPEC.client_id_parameter}=c&{KEY_QUERY_PARAMETER}={quote(query_key, safe='')}"
            answer = client.get(f"{site}?{query}", headers=headers)
            request_headers = tuple((name, value) for name, value in answer.request.headers.items())
            credential = keys.learn(request_headers, query)
            exchange = Exchange(
                str(number),
                "2026-11-30T12:00:00+00:00",
                "GET",
                SPEC.api_prefix + site,
                query,
                request_headers,
                b"",
                answer.status_code,
                tuple(answer.headers.items()),
                answer.content,
                len(answer.content),
                credential=credential,
            )
            assert (header_key if number == 0 else quote(query_key, safe="")) in answer.text  # echoed, as said
            recorder.write(exchange, keys.masker)
            findings += judge.judge(exchange)
    recorder.close()
    text = path.read_text(encoding="utf-8")
    logged = "\n".join(finding.line() for finding in findings)
    # The reports, rendered without the writer's masking: the judge's outcomes hold no key either.
    logged += "\n".join(render(judge.grade()) for render in FILES.values())
    assert {finding.requirement for finding in findings} == {"C-NO-SERVER-ERROR", "C-STATUS"}  # the echo is a 500
    assert "[Filtered]" in text
    assert "[Filtered]" in logged
    for key in (header_key, query_key):
        for form in _every_form(key):
            assert form not in text
            assert form not in logged
    assert [exchange.credential for exchange in read(path)] == ["key 1", "key 2"]


HAR_SCHEMA = json.loads((Path(__file__).parent / "har-schema.json").read_text(encoding="utf-8"))


def _local(node: Any) -> Any:
    """A schema of har-schema with its `$ref`s to the others' files made local (`#/definitions/<file>`)."""
    if isinstance(node, list):
        return [_local(item) for item in node]
    if not isinstance(node, dict):
        return node
    found = {key: _local(value) for key, value in node.items() if key not in ("$id", "$schema")}
    if isinstance(node.get("$ref"), str):
        found["$ref"] = "#/definitions/" + node["$ref"].removesuffix("#")
    return found


def _har_validator() -> Draft6Validator:
    """HAR 1.2's JSON Schema (har-schema 2.0.0: its files by name, each `$ref`ing the others), as one schema."""
    schemas = HAR_SCHEMA["schemas"]
    root = {**_local(schemas["har.json"]), "definitions": {name: _local(schema) for name, schema in schemas.items()}}
    return Draft6Validator(root, format_checker=Draft6Validator.FORMAT_CHECKER)


def test_a_recording_exports_as_har_1_2_valid_against_its_schema(tmp_path: Path) -> None:
    path = tmp_path / "traffic.jsonl"
    recorder = Recorder(path, upstream="https://api.example.com/api")
    posted = replace(_exchange(1), method="POST", request_body=b'{"groupIds": [1]}', query="")
    refused = replace(_exchange(2), status=None, response_headers=(), response_body=b"", error="refused")
    for exchange in (
        _exchange(0),
        posted,
        refused,
        _exchange(3, bytes(range(256))),
        replace(_exchange(4), response_body=None),
    ):
        recorder.write(exchange, Keys().masker)
    recorder.close()
    output = tmp_path / "traffic.har"
    done = subprocess.run(  # noqa: S603 - the checkout's own command
        contract_command("export-har", str(path), "-o", str(output)), capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stderr) == (0, "")
    har = json.loads(output.read_text(encoding="utf-8"))
    _har_validator().validate(har)
    log = har["log"]
    assert log["version"] == "1.2"
    assert [entry["_emabler"]["id"] for entry in log["entries"]] == ["0", "1", "2", "3", "4"]
    first, post, failed, binary, unkept = log["entries"]
    site = SPEC.home_site.url_path(siteId=0)
    assert first["request"]["url"] == f"https://api.example.com/api{site}?{SPEC.client_id_parameter}=c"
    assert post["request"]["postData"]["text"] == '{"groupIds": [1]}'
    assert (failed["response"]["status"], failed["comment"]) == (0, "no answer: refused")
    assert base64.b64decode(binary["response"]["content"]["text"]) == bytes(range(256))
    assert "text" not in unkept["response"]["content"]


def test_the_har_schema_refuses_what_is_not_har() -> None:
    with pytest.raises(ValidationError):
        _har_validator().validate({"log": {"version": "1.2", "creator": {"name": "x"}, "entries": [{"time": 1}]}})


def test_exporting_what_is_not_a_recording_says_so_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello\n", encoding="utf-8")
    done = subprocess.run(  # noqa: S603 - the checkout's own command
        contract_command("export-har", str(path)), capture_output=True, text=True, check=False
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == f"error: {path} is not a recording of emabler-contract: its first line does not name one\n"
