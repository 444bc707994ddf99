"""The README's Python examples, run as doctests, so that what it shows stays true.

Every ```python block of README.md that holds ``>>>`` lines is one test, named after the
section it is in. The examples use the bundled samples with paths relative to the
repository root, so they run from there.
"""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"


def python_examples() -> list[tuple[str, str, int]]:
    """(section heading, code, line number) of every ```python block with >>> lines."""
    examples = []
    heading = "top"
    lines = README.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("#") and not line.startswith("#!"):
            heading = line.lstrip("#").strip()
        if line.strip() == "```python":
            start = i + 1
            end = start
            while lines[end].strip() != "```":
                end += 1
            code = "\n".join(lines[start:end]) + "\n"
            if ">>>" in code:
                examples.append((heading, code, start + 1))
            i = end
        i += 1
    return examples


EXAMPLES = python_examples()


def test_the_readme_has_python_examples() -> None:
    sections = {heading for heading, _, _ in EXAMPLES}
    assert "Using thaidoc from Python" in sections
    assert len(EXAMPLES) >= 5


@pytest.mark.parametrize(
    "heading, code, line", EXAMPLES, ids=[f"{re.sub(r'[^A-Za-z]+', '-', h).strip('-')}-line{n}" for h, _, n in EXAMPLES]
)
def test_readme_example(heading: str, code: str, line: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    monkeypatch.delenv("THAIDOC_EMBLEM", raising=False)
    test = doctest.DocTestParser().get_doctest(code, {}, f"README.md ({heading})", str(README), line - 1)
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    output: list[str] = []
    runner.run(test, out=output.append)
    failures = runner.summarize(verbose=False).failed
    assert failures == 0, "".join(output)
