"""The Python examples of the project's Markdown files, which the tests run as they stand."""

from __future__ import annotations

from pathlib import Path

from tests.checkout import ROOT


def python_blocks(markdown: Path, section: str | None = None) -> list[str]:
    """The ```python blocks of `markdown`, of one `## section` only when given."""
    text = markdown.read_text(encoding="utf-8")
    if section is not None:
        text = text.split(f"\n## {section}\n", 1)[1].split("\n## ", 1)[0]
    return [block.split("```", 1)[0] for block in text.split("```python\n")[1:]]


def client_examples() -> dict[str, str]:
    """Every client example an integrator reads, by where it stands: the README's, the SDK's READMEs'."""
    sources = {
        "README.md": python_blocks(ROOT / "README.md", "Using the client"),
        "sdk/README.md": python_blocks(ROOT / "sdk" / "README.md"),
        "generated/README.md": python_blocks(ROOT / "generated" / "README.md"),
    }
    return {f"{name} example {index}": code for name, blocks in sources.items() for index, code in enumerate(blocks, 1)}
