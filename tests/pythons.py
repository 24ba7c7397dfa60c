"""The supported Pythons found on this machine, for CI (`python -m tests.pythons`) and the wheel tests.

The supported versions are the classifiers of the SDK's own pyproject (one list for the
package metadata and for what CI runs). A version is found on PATH (`python3.13`), or in
pyenv's versions folder, or in /usr/bin and /usr/local/bin; each candidate is asked for
its version and real executable, so a pyenv shim that cannot run it does not count.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

from tests.checkout import ROOT


@dataclass(frozen=True)
class Python:
    """One interpreter: its `major.minor` and its real executable."""

    version: str
    executable: str


def supported_versions() -> list[str]:
    """`3.11`, `3.12`, ... from the classifiers of sdk/pyproject.toml."""
    project = tomllib.loads((ROOT / "sdk" / "pyproject.toml").read_text())["project"]
    pattern = re.compile(r"^Programming Language :: Python :: (3\.\d+)$")
    return [match.group(1) for c in project["classifiers"] if (match := pattern.match(c))]


def _candidates(version: str) -> list[str]:
    pyenv = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv")
    found = [shutil.which(f"python{version}")]
    found += [str(p) for p in sorted(pyenv.glob(f"versions/{version}.*/bin/python{version}"), reverse=True)]
    found += [f"/usr/bin/python{version}", f"/usr/local/bin/python{version}"]
    return [c for c in found if c and os.access(c, os.X_OK)]


def _ask(candidate: str) -> Python | None:
    try:
        answer = subprocess.run(  # noqa: S603 - an interpreter we just located
            [candidate, "-c", "import sys; print('%d.%d' % sys.version_info[:2], sys.executable)"],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        ).stdout.split(maxsplit=1)
    except (OSError, subprocess.SubprocessError):
        return None
    return Python(answer[0], answer[1].strip()) if len(answer) == 2 else None


def find(version: str) -> Python | None:
    """The first working interpreter of `version`, or None."""
    for candidate in _candidates(version):
        python = _ask(candidate)
        if python is not None and python.version == version:
            return python
    return None


def found() -> dict[str, Python | None]:
    """Every supported version, with the interpreter found for it or None."""
    return {version: find(version) for version in supported_versions()}


def main() -> None:
    """One line per supported version: `3.12 /path/to/python3.12`, or `3.14 -` when none is found."""
    for version, python in found().items():
        sys.stdout.write(f"{version} {python.executable if python else '-'}\n")


if __name__ == "__main__":
    main()
