"""The architecture's layering, enforced: each layer imports only the layers above it.

thai → model → read → checks → (render | diff) → api → cli. Layers on one rank are
siblings: render and diff both sit below checks and neither imports the other; the API and
the command line (which may call the API) sit at the bottom. A lower layer reaching up (say, the Thai rules importing docx, the
reader importing the checks, or checks importing the renderer) makes the pure parts untestable
on their own and slows down every import; this test names the offending line. Imports inside
functions count too: a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "thaidoc"

# Foundation modules every layer may use.
BASE = {"thaidoc._version", "thaidoc.errors", "thaidoc.files", "thaidoc.data", "thaidoc.resources", "thaidoc.ooxml", "thaidoc.office"}
# Ranks from the top; a module may import its own layer and any layer of a higher rank only.
RANKS = [("thai",), ("model",), ("read",), ("checks",), ("render", "diff"), ("api",), ("cli",)]
LAYERS = [name for rank in RANKS for name in rank]
RANK = {name: i for i, rank in enumerate(RANKS) for name in rank}

# Third-party packages each pure layer must not touch (heavy, or I/O bound).
FORBIDDEN_THIRD_PARTY = {
    "thai": {"docx", "docxtpl", "lxml", "openpyxl", "jinja2", "click", "rich", "pydantic", "yaml"},
    "model": {"docx", "docxtpl", "jinja2", "click", "rich"},
    "read": {"docxtpl", "jinja2", "click", "rich"},
    "checks": {"docx", "docxtpl", "jinja2", "click"},
}


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def layer_of(module: str) -> str | None:
    parts = module.split(".")
    if len(parts) < 2 or module in BASE:
        return None
    name = parts[1]
    return name if name in RANK else None


def may_import(own: str, target: str) -> bool:
    return own == target or RANK[target] < RANK[own]


def imports_of(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module == "thaidoc" and node.level == 0:
            # `from thaidoc import thai` imports a subpackage, not the root's lazy API
            for alias in node.names:
                is_module = (SRC / alias.name).is_dir() or (SRC / f"{alias.name}.py").is_file()
                found.append((node.lineno, f"thaidoc.{alias.name}" if is_module else "thaidoc"))
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


MODULES = sorted(p for p in SRC.rglob("*.py") if layer_of(module_name(p)) is not None)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_module_imports_only_layers_above(path: Path) -> None:
    own = module_name(path)
    own_layer = layer_of(own)
    assert own_layer is not None
    problems = []
    for line, target in imports_of(path):
        if target == "thaidoc":
            problems.append(f"line {line}: imports the package root (import the defining module)")
            continue
        if target.startswith("thaidoc."):
            target_layer = layer_of(target)
            if target_layer is not None and not may_import(own_layer, target_layer):
                problems.append(f"line {line}: {own_layer} imports {target} ({target_layer})")
        else:
            top = target.split(".")[0]
            if top in FORBIDDEN_THIRD_PARTY.get(own_layer, set()):
                problems.append(f"line {line}: {own_layer} imports {top}")
    assert not problems, f"{own}:\n" + "\n".join(problems)


def test_the_rank_rule_itself() -> None:
    # the order the architecture states, and siblings kept apart
    assert may_import("checks", "read") and not may_import("read", "checks")
    assert may_import("render", "checks") and may_import("diff", "read")
    assert not may_import("render", "diff") and not may_import("diff", "render")
    assert may_import("cli", "api") and not may_import("api", "cli")
    assert may_import("cli", "render") and not may_import("checks", "render")


def test_thai_layer_does_no_io() -> None:
    for path in (SRC / "thai").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for needle in ("open(", "read_text(", "write_text(", "read_bytes(", "import os", "import subprocess"):
            assert needle not in text, f"{path.name} uses {needle!r}: thaidoc.thai is pure rules"


# distribution name -> the module it installs, where they differ
_MODULE_OF = {"python-docx": "docx", "PyYAML": "yaml", "fonttools": "fontTools", "fontpkg-sarabun": "fontpkg_sarabun"}
# modules that come with a declared dependency (pydantic pins its own core)
_PART_OF = {"pydantic_core": "pydantic"}


def _runtime_dependencies() -> set[str]:
    import re
    import tomllib

    project = tomllib.loads((SRC.parents[1] / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = {re.split(r"[<>=!~\[; ]", spec, maxsplit=1)[0] for spec in project["dependencies"]}
    return {_MODULE_OF.get(name, name).lower() for name in names}


def test_runtime_dependencies_are_exactly_what_the_package_imports() -> None:
    import sys

    imported = {
        _PART_OF.get(target.split(".")[0], target.split(".")[0]).lower()
        for path in SRC.rglob("*.py")
        for _, target in imports_of(path)
        if not target.startswith("thaidoc")
    } - set(sys.stdlib_module_names)
    declared = _runtime_dependencies()
    assert imported - declared == set(), "imported but not declared in pyproject.toml"
    # a declared dependency nobody imports (defusedxml was one) costs every install for nothing;
    # test oracles such as num2words belong in the test extra
    assert declared - imported == set(), "declared but never imported"
