"""actionlint on the GitHub recipes (`python -m tests.actionlint`; `make lint` runs it): the workflows as they are,
and the composite action, `action.yml`. actionlint reads an action's metadata only where a workflow uses it (the
inputs given to `uses: ./`), never its steps; so the steps are linted as the job of a workflow called with the
action's inputs, followed by a step that reads the action's outputs, with shellcheck on every script."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from tests.checkout import ROOT

ACTION = "action.yml"
WORKFLOWS = ".github/workflows"


def action_as_workflow(action: dict[str, Any]) -> dict[str, Any]:
    """The composite action's steps as the one job of a reusable workflow with the action's inputs."""
    outputs = {f"OUTPUT_{n}".upper().replace("-", "_"): o["value"] for n, o in action.get("outputs", {}).items()}
    return {
        "name": action["name"],
        "on": {"workflow_call": {"inputs": {name: {"type": "string"} for name in action.get("inputs", {})}}},
        "jobs": {
            "action": {
                "runs-on": "ubuntu-latest",
                "steps": [*action["runs"]["steps"], {"name": "the action's outputs", "run": "env", "env": outputs}],
            }
        },
    }


def problems(root: Path = ROOT) -> list[str]:
    """What actionlint (and the rules of a composite action it does not know) finds, one line each."""
    action = yaml.safe_load((root / ACTION).read_text())
    found = [
        f"{ACTION}: step {number} runs a script without `shell:`, which a composite action requires"
        for number, step in enumerate(action["runs"]["steps"], 1)
        if "run" in step and "shell" not in step
    ]
    workflows = sorted(str(path.relative_to(root)) for path in (root / WORKFLOWS).glob("*.y*ml"))
    for arguments, text in (
        (workflows, None),
        (["-stdin-filename", f"{ACTION} (its steps as a workflow)", "-"], yaml.safe_dump(action_as_workflow(action))),
    ):
        found += _actionlint(root, arguments, text)
    return found


def _actionlint(root: Path, arguments: list[str], text: str | None) -> list[str]:
    tools = Path(sys.executable).parent  # this environment's actionlint, and the shellcheck it runs
    result = subprocess.run(  # noqa: S603 - the pinned linter
        [str(tools / "actionlint"), "-oneline", "-no-color", *arguments],
        input=text,
        cwd=root,
        env={**os.environ, "PATH": f"{tools}{os.pathsep}{os.environ.get('PATH', '')}"},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    if result.returncode not in (0, 1):  # 1: problems found; anything else: it could not check
        return [f"actionlint failed ({result.returncode}): {result.stderr.strip() or result.stdout.strip()}"]
    return result.stdout.splitlines()


def main() -> None:
    found = problems()
    for line in found:
        print(line)
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
