"""The README's Python examples, run as doctests, so that what it shows stays true.

Every ```python block of README.md that holds ``>>>`` lines is one test, named after the
section it is in. The examples use the bundled samples with paths relative to the
repository root, so they run from there.
"""

from __future__ import annotations

import doctest
import os
import re
import shlex
import subprocess
import sys
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


# Console examples whose whole output the README shows, run as a user would (from the
# repository root, output to a pipe). A command is checked when lines follow it and none of
# them is an elision ("…"); commands that write files are left to the demo.
CONSOLE_SECTIONS = ("Thai numbers and dates", "Checking")
WRITES_FILES = {">", "-o", "--output", "--pdf", "--html", "--docx"}


def console_examples() -> list[tuple[str, list[str], list[str], int | None]]:
    """(command line, argv after 'thaidoc', expected output lines, expected exit code or None)."""
    examples = []
    heading = "top"
    block: list[str] | None = None
    for line in README.read_text(encoding="utf-8").splitlines():
        if block is None:
            if line.startswith("#"):
                heading = line.lstrip("#").strip()
            elif line.strip() == "```console" and heading in CONSOLE_SECTIONS:
                block = []
            continue
        if line.strip() != "```":
            block.append(line)
            continue
        commands: list[tuple[str, list[str]]] = []
        for text in block:
            if text.startswith("$ "):
                commands.append((text, []))
            elif commands:
                commands[-1][1].append(text.rstrip())
        for text, output in commands:
            argv = shlex.split(text[2:], comments=True)
            if argv[0] != "thaidoc" or not output or "…" in output or WRITES_FILES & set(argv):
                continue
            exit_code = re.search(r"#.*\bexit (\d)", text)
            examples.append((text, argv[1:], output, int(exit_code.group(1)) if exit_code else None))
        block = None
    return examples


CONSOLE_EXAMPLES = console_examples()


def test_the_readme_has_console_examples() -> None:
    assert len(CONSOLE_EXAMPLES) >= 10


@pytest.mark.parametrize("text, argv, expected, exit_code", CONSOLE_EXAMPLES, ids=[e[0][2:50] for e in CONSOLE_EXAMPLES])
def test_readme_console_example(text: str, argv: list[str], expected: list[str], exit_code: int | None) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "THAIDOC_EMBLEM", "FORCE_COLOR")}
    result = subprocess.run(
        [sys.executable, "-m", "thaidoc", *argv], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )
    shown = [line.rstrip() for line in (result.stdout + result.stderr).splitlines()]
    assert shown == expected, f"{text}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    if exit_code is not None:
        assert result.returncode == exit_code


def yaml_examples() -> list[tuple[str, int]]:
    """(text, line number) of every ```yaml block that is a whole document (starts with kind:)."""
    lines = README.read_text(encoding="utf-8").splitlines()
    examples = []
    for i, line in enumerate(lines):
        if line.strip() == "```yaml" and lines[i + 1].startswith("kind:"):
            end = lines.index("```", i + 1)
            examples.append(("\n".join(lines[i + 1 : end]) + "\n", i + 2))
    return examples


YAML_EXAMPLES = yaml_examples()


@pytest.mark.parametrize("text, line", YAML_EXAMPLES, ids=[f"line{n}" for _, n in YAML_EXAMPLES])
def test_readme_yaml_example_is_valid_data(text: str, line: int) -> None:
    """The data examples load as shown; the one naming a workbook finds it beside the samples."""
    import thaidoc
    from thaidoc.data import parse_data_text

    data = parse_data_text(text, source=f"README.md line {line}", suffix=".yaml")
    document = thaidoc.load_document(data, base_dir=REPO / "samples" / "forms" / "corrected")
    assert document.context()


def test_the_readme_shows_the_letter_and_budget_examples() -> None:
    kinds = [text.split("\n", 1)[0].split()[1] for text, _ in YAML_EXAMPLES]
    assert kinds[:3] == ["external-letter", "expense-sheet", "proposal"]
