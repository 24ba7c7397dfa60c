"""`emabler-contract check-traffic FILE...`: recordings re-checked offline, against the current spec or a candidate.

Two questions of every recorded exchange:
- does it conform? The traffic judge (`contract_tests.traffic.judge`) validates each exchange with the run's catalog
  and checks, and grades them as a run is graded (the same three verdicts);
- can the SDK decode its answer? Each recorded answer goes through the endpoint module of the generated client,
  as the SDK decodes it after a call (`_build_response`): the project's `emabler_client` against the current spec,
  and against a candidate (`--spec`) a client generated from it into a temporary folder (openapi-python-client
  with the checkout's `generator-config.yml` and `generator-templates/`, as `make generate` does).

The contract tests may not import the SDK (import-linter), and a candidate's client must not meet the project's in
one interpreter: decoding runs in a child process, `python -m contract_tests.traffic.decode`, with the client's folder
first on PYTHONPATH; it imports the client by name with importlib and answers in JSON.

An answer is "undecodable" when the client raises `UndecodableBody` or fails on its own; a documented error status
whose body is not the Error shape raises its typed error (the SDK's documented behaviour), and an undocumented status
raises `UnexpectedStatus` (the judge reports the status): neither is a decoding failure. Exchanges without an answer,
with an answer the recording did not keep (too large), or on no operation of the spec are not decoded (counted).

Reports, into `--reports-dir` (default `reports/check-traffic`): the judge's grade as a run's reports
(`contract_tests.reporting.write`: summary.md, summary.json, junit.xml, report.html) when it reaches a verdict, and
always `decoding.json` (every count, each undecodable answer, the verdict and the judge's failures), which
`make changes` reads. Every text is masked with the keys of the environment (the recordings' own are masked already).

Exit codes: 0 every answer decoded and the traffic conforms (warnings allowed unless `--strict`); 1 an answer the
SDK cannot decode, or a verdict that fails; 2 bad input (a file that is not a recording, a candidate that is not a
spec or that the generator refuses, no generator or checkout for a candidate, no client to decode with) or no
verdict (no recorded exchange of the spec's operations).
"""

from __future__ import annotations

import base64
import importlib.util
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import click
import yaml

from contract_tests.masking import Masker
from contract_tests.settings import environment_keys
from contract_tests.traffic.exchange import Exchange, RecordingError, read
from emabler_spec import SPEC, Operation, Spec

PACKAGE = "emabler_client"  # the project's generated client (generator-config.yml names it)
GENERATOR_FILES = ("generator-config.yml", "generator-templates")  # what `make generate` passes the generator
RESULT = "decoding.json"  # beside the reports: what `make changes` reads
DEFAULT_REPORTS = Path("reports") / "check-traffic"


class CheckError(click.ClickException):
    """Bad input: one line, exit 2 (`emabler-contract` prints it as `error: ...`)."""


@dataclass(frozen=True)
class Answer:
    """A recorded answer to decode, with where it came from."""

    recording: str
    exchange: Exchange
    operation: Operation

    @property
    def key(self) -> str:
        return f"{self.recording}#{self.exchange.id}"


@dataclass(frozen=True)
class Undecodable:
    """An answer the SDK would fail to decode: which, and the client's error in one line (masked)."""

    recording: str
    exchange: str
    operation: str
    status: int
    error: str

    def line(self) -> str:
        return f"{self.recording} exchange {self.exchange}: {self.operation} {self.status}: {self.error}"


@dataclass
class Decoding:
    """What decoding the recorded answers through the client showed."""

    client: str  # which client decoded: the project's, or generated from a candidate
    answers: int = 0  # answers given to the client
    outcomes: Counter[str] = field(default_factory=Counter)  # by outcome ("decoded", "error status", ...)
    skipped: Counter[str] = field(default_factory=Counter)  # exchanges not decoded, by reason
    undecodable: list[Undecodable] = field(default_factory=list)


def check(
    recordings: Sequence[Path],
    spec_path: Path | None = None,
    reports_dir: Path = DEFAULT_REPORTS,
    *,
    base_url: str | None = None,
    strict: bool = False,
) -> int:
    """Check the recordings; print the undecodable answers, the judge's findings and verdict; the exit code."""
    base_url = base_url or SPEC.local_server_url  # for the curl lines of the findings
    masker = Masker(environment_keys())
    spec = _spec(spec_path)
    exchanges = [(path, exchange) for path in recordings for exchange in _read(path)]
    answers, skipped = _answers(exchanges, spec)

    with _client(spec_path) as (folder, client):
        decoding = _decode(answers, folder, client, masker)
    decoding.skipped = skipped

    # Here, once the input is read: the judge and the reports load Schemathesis, seconds a mistake need not wait.
    from contract_tests import reporting
    from contract_tests.identity import Identity
    from contract_tests.traffic.judge import Judge
    from contract_tests.verdict import Verdict

    # The reports name what was judged: the recordings, not a server (their curl lines point at `base_url`).
    target = f"recorded traffic ({', '.join(str(path) for path in recordings)}) as sent to {base_url}"
    again = " ".join(["emabler-contract check-traffic", *map(str, recordings)])
    again += f" --spec {spec_path}" if spec_path else ""
    identity = Identity(target=target, reproduce=f"`{again}` judges them again; the curl lines send them to {base_url}")
    judge = Judge(base_url=base_url, masker=masker, spec=spec, strict=strict, identity=identity)
    findings = [finding for _, exchange in exchanges for finding in judge.judge(exchange)]
    grade = judge.grade()
    verdict = grade.verdict

    judged = f"{_many(len(exchanges), 'exchange')} of {_many(len(recordings), 'recording')}"
    counts = ", ".join(f"{count} {outcome}" for outcome, count in sorted(decoding.outcomes.items())) or "none"
    click.echo(f"check-traffic: {judged} against {spec_path or 'the current spec'} ({spec.version})")
    click.echo(f"Decoded through {decoding.client}: {_many(decoding.answers, 'answer')} ({counts})")
    for reason, count in sorted(skipped.items()):
        click.echo(f"  not decoded: {count} ({reason})")
    for failure in decoding.undecodable:
        click.echo(f"undecodable: {failure.line()}")
    for finding in findings:
        click.echo(masker(finding.line()))
    reports_dir.mkdir(parents=True, exist_ok=True)
    reporting.remove_stale(reports_dir)  # no report of an earlier check may claim a verdict this one did not reach
    if verdict is not None:
        reporting.write(grade, reports_dir, masker)
    result = {
        "recordings": [str(path) for path in recordings],
        "spec": str(spec_path) if spec_path else None,
        "specVersion": spec.version,
        "client": decoding.client,
        "exchanges": len(exchanges),
        "answers": decoding.answers,
        "outcomes": dict(decoding.outcomes),
        "notDecoded": dict(skipped),
        "undecodable": [asdict(failure) for failure in decoding.undecodable],
        "verdict": None if verdict is None else verdict.value,
        "findings": [masker(finding.line()) for finding in findings],
    }
    (reports_dir / RESULT).write_text(masker(json.dumps(result, indent=2, ensure_ascii=False)) + "\n", encoding="utf-8")
    shown = reporting.shown(grade, reports_dir, masker).splitlines()  # the run's verdict and table, masked
    click.echo("\n".join(line for line in shown if not line.startswith("Reports: ")))
    written = [*(reporting.FILES if verdict is not None else ()), RESULT]
    click.echo(f"Reports: {' , '.join(str(reports_dir / name) for name in written)}")
    if verdict is None:  # nothing of the spec's operations in the recordings: nothing to grade
        click.echo(masker(f"error: no verdict: {'; '.join(grade.outcomes.errors)}"), err=True)
        return 2
    failed = bool(decoding.undecodable) or verdict is Verdict.FAILS
    return 1 if failed else 0


def _many(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _spec(path: Path | None) -> Spec:
    if path is None:
        return SPEC
    try:
        spec = Spec.from_path(path)
        spec.operations  # noqa: B018 - read now, so that a document that is not a spec is one line here
    except OSError as error:
        raise CheckError(f"--spec {path} cannot be read: {error.strerror}") from None
    except (yaml.YAMLError, AttributeError, KeyError, TypeError) as error:
        raise CheckError(f"--spec {path} is not an OpenAPI document: {type(error).__name__}") from None
    return spec


def _read(path: Path) -> list[Exchange]:
    try:
        return list(read(path))
    except RecordingError as error:
        raise CheckError(str(error)) from None


def _answers(exchanges: list[tuple[Path, Exchange]], spec: Spec) -> tuple[list[Answer], Counter[str]]:
    """The answers to decode, each with its operation; the others counted by why they are not decoded. A recorded
    path is the one the client sent the proxy, which serves the spec's server path (as the judge reads it too)."""
    prefix = spec.api_prefix
    templates = [(re.sub(r"\\{[^}]+\\}", "[^/]+", re.escape(op.path)), op) for op in spec.operations]
    routes = [(re.compile(f"^{template}$"), op) for template, op in templates]
    answers, skipped = [], Counter[str]()
    for path, exchange in exchanges:
        relative = exchange.path[len(prefix) :] if exchange.path.startswith(prefix) else exchange.path
        operation = next((op for rx, op in routes if rx.match(relative) and op.method == exchange.method), None)
        if exchange.status is None:
            skipped["no answer"] += 1
        elif exchange.response_body is None:
            skipped["answer not kept: too large"] += 1
        elif operation is None:
            skipped["no operation of the spec: its path or method"] += 1
        else:
            answers.append(Answer(str(path), exchange, operation))
    return answers, skipped


def _checkout() -> Path | None:
    """The checkout whose generator files a candidate's client is generated with: the current folder (where `make`
    runs), else the one this toolkit runs from; None for an installed toolkit used elsewhere."""
    for folder in (Path.cwd(), Path(__file__).resolve().parents[2]):
        if all((folder / name).exists() for name in GENERATOR_FILES):
            return folder
    return None


@contextmanager
def _client(spec_path: Path | None) -> Iterator[tuple[Path | None, str]]:
    """The folder to put first on PYTHONPATH (None: the environment's) and the client package's name."""
    if spec_path is None:
        yield None, PACKAGE
        return
    checkout = _checkout()
    if checkout is None or importlib.util.find_spec("openapi_python_client") is None:
        raise CheckError(
            "decoding against a candidate spec needs a checkout of the project (its generator-config.yml and "
            "generator-templates/, and openapi-python-client): run check-traffic --spec in one"
        )
    with tempfile.TemporaryDirectory(prefix="check-traffic-") as tmp:
        output = Path(tmp) / "generated"
        command = [sys.executable, "-m", "openapi_python_client", "generate", "--path", str(spec_path.resolve())]
        command += ["--meta", "uv", "--overwrite"]
        command += ["--config", str(checkout / GENERATOR_FILES[0]), "--output-path", str(output)]
        command += ["--custom-template-path", str(checkout / GENERATOR_FILES[1])]
        # The config's post-hooks run ruff: the environment's, as under `make generate`.
        env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
        done = subprocess.run(command, capture_output=True, text=True, check=False, env=env, cwd=tmp)  # noqa: S603
        packages = [folder for folder in output.glob("*") if (folder / "api").is_dir()] if output.is_dir() else []
        if done.returncode != 0 or len(packages) != 1:
            lines = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
            why = next((line for line in lines if "error" in line.lower()), lines[-1] if lines else "no output")
            raise CheckError(f"openapi-python-client could not generate a client from {spec_path}: {why.strip()}")
        yield output, packages[0].name


def _decode(answers: list[Answer], folder: Path | None, package: str, masker: Masker) -> Decoding:
    """Every answer through the client `package` (found in `folder` first), in a child process."""
    where = f"{package} generated from the candidate" if folder else f"{package} (the project's client)"
    decoding = Decoding(client=where, answers=len(answers))
    if not answers:
        return decoding
    payload = [
        {
            "key": answer.key,
            "operation": answer.operation.operation_id,
            "method": answer.exchange.method,
            "url": f"http://recorded.invalid{answer.exchange.path}"
            + (f"?{answer.exchange.query}" if answer.exchange.query else ""),
            "status": answer.exchange.status,
            "headers": [list(pair) for pair in answer.exchange.response_headers],
            "body": base64.b64encode(answer.exchange.response_body or b"").decode("ascii"),
        }
        for answer in answers
    ]
    env = dict(os.environ)
    if folder is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(folder), *filter(None, [env.get("PYTHONPATH")])])
    done = subprocess.run(  # noqa: S603 - this interpreter, our own module
        [sys.executable, "-m", "contract_tests.traffic.decode", package],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines() or ["no output"]
        raise CheckError(masker(f"the answers could not be decoded: {lines[-1]}"))
    output: dict[str, Any] = json.loads(done.stdout)
    if folder is not None and not Path(output["client"]).resolve().is_relative_to(folder.resolve()):
        raise CheckError(f"the client generated from the candidate was not the one imported ({output['client']})")
    by_key = {answer.key: answer for answer in answers}
    for result in output["results"]:
        decoding.outcomes[result["outcome"]] += 1
        if result["outcome"] == "undecodable":
            answer = by_key[result["key"]]
            exchange = answer.exchange
            assert exchange.status is not None
            error = masker(result["error"] or "")
            decoding.undecodable.append(
                Undecodable(answer.recording, exchange.id, answer.operation.label, exchange.status, error)
            )
    return decoding
