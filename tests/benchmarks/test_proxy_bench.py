"""`make bench`'s proxy part runs where neither Prism nor wrk can be had: it says so in one line and prints the figures
of the mock and of our proxy, measured with the project's own load client (no timing is asserted here)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from benchmarks import proxy
from benchmarks.__main__ import main
from benchmarks.decode import large_response
from benchmarks.throughput import PRISM_VARIABLE


def test_without_npm_or_wrk_the_proxy_bench_says_why_prism_is_missing_and_measures_ours_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(Path(sys.executable).parent))  # the venv's commands: no npm, no wrk
    monkeypatch.delenv(PRISM_VARIABLE, raising=False)
    monkeypatch.setattr(proxy, "PRISM_FOLDER", tmp_path / "prism")  # a Prism the checkout installed is not seen

    result = CliRunner().invoke(main, ["--part", "proxy", "--seconds", "0.3", "--scale", "1"])

    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    wanted = f"{proxy.PRISM_PACKAGE}@{proxy.PRISM_VERSION}"
    assert f"  Prism: not measured: npm is not on PATH to install {wanted} (Node.js 18 or later)" in lines
    assert any("asyncio client" in line and "apt-get install wrk" in line for line in lines)
    rates = [line.split() for line in lines if line.startswith(("401, no key", "home-site 200, largest"))]
    assert [row[-6] for row in rates] == ["1", "10", "1", "10"]  # connections
    for row in rates:  # direct and ours measured, Prism's cells empty
        direct, prism, ours, versus, target = row[-5:]
        assert float(direct) > 0
        assert float(ours) > 0
        assert prism == versus == target == "-"
    latency = next(line for line in lines if line.startswith("  direct "))
    assert "ours" in latency
    assert "Prism" not in latency
    assert latency.endswith(("ok", "MISSED"))
    streamed = next(line.split() for line in lines if line.startswith("ours "))
    assert streamed[1:4] == ["200", f"{len(large_response(1)):,}", "yes"]  # every byte, unchanged
