"""The run's identity, which every report names: the target, the contract (version and the sha256 of the packaged
file), the tools and their versions, the seed and the budget, the start and the duration. A reader can then tell
which run a report is of, and make the same one (the strictness is the grade's: `verdict.Grade`)."""

from __future__ import annotations

import functools
import hashlib
import platform
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import entry_points, version
from importlib.resources import files

from emabler_spec import SPEC, SPEC_FILENAME


@functools.cache
def spec_file() -> bytes:
    """The contract's file as this toolkit carries it (package data)."""
    return files("emabler_spec").joinpath(SPEC_FILENAME).read_bytes()


@functools.cache
def spec_sha256() -> str:
    """The sha256 of the contract's file as this toolkit carries it."""
    return hashlib.sha256(spec_file()).hexdigest()


@functools.cache
def tools() -> dict[str, str]:
    """The toolkit's distribution (found by its command, whatever it is named), Schemathesis and Python, with their
    versions."""
    ours = [ep.dist for ep in entry_points(group="console_scripts") if ep.value.startswith(f"{__package__}.")]
    toolkit = {dist.name: dist.version for dist in ours[:1] if dist is not None} or {__package__: "not installed"}
    return toolkit | {
        "schemathesis": version("schemathesis"),
        platform.python_implementation().lower(): platform.python_version(),
    }


@dataclass
class Identity:
    """Which run this is: made when the run is prepared, ended when it ends."""

    target: str
    seed: int | None = None
    budget: int | None = None  # examples per operation Schemathesis generates (max-examples)
    reproduce: str = ""  # how a reader of the reports reaches the same server
    started: datetime = field(default_factory=lambda: datetime.now(UTC))
    duration: float | None = None  # seconds, once the run has ended
    _clock: float = field(default_factory=time.monotonic, repr=False)

    @property
    def spec(self) -> str:
        """The contract's version and hash."""
        return f"{SPEC.version} (sha256 {spec_sha256()})"

    def end(self) -> None:
        """Note how long the run took."""
        self.duration = time.monotonic() - self._clock
