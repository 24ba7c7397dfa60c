"""Reading the project at an earlier git revision: the base of a comparison."""

from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path


class HistoryError(RuntimeError):
    """git could not answer; the message is one line for the user."""


def _git(*args: str, cwd: Path) -> bytes:
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)  # noqa: S603, S607
    if result.returncode != 0:
        raise HistoryError(f"git {' '.join(args)}: {result.stderr.decode(errors='replace').strip()}")
    return result.stdout


def default_base(root: Path) -> str:
    """The latest release tag (v*), else the first commit."""
    try:
        return _git("describe", "--tags", "--abbrev=0", "--match", "v*", cwd=root).decode().strip()
    except HistoryError:
        return _git("rev-list", "--max-parents=0", "HEAD", cwd=root).decode().split()[-1]


def file_at(root: Path, ref: str, path: str) -> str:
    """The text of `path` at `ref`."""
    return _git("show", f"{ref}:{path}", cwd=root).decode()


def extract_at(root: Path, ref: str, path: str, destination: Path) -> bool:
    """Write the folder `path` as it was at `ref` under `destination`; False if it did not exist."""
    try:
        archive = _git("archive", "--format=zip", ref, path, cwd=root)
    except HistoryError:
        return False
    # zipfile never writes outside `destination` (it drops absolute and `..` parts) on every
    # Python 3.11 release; tarfile's equivalent, extraction filters, came only in 3.11.4.
    with zipfile.ZipFile(io.BytesIO(archive)) as archive_file:
        archive_file.extractall(destination)
    return True
