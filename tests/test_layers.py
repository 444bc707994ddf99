"""The architecture's layering, enforced: each layer imports only the layers above it.

thai → model → checks → render → read → diff → (api, cli). A lower layer reaching up (say,
the Thai rules importing docx, or checks importing the renderer) makes the pure parts
untestable on their own and slows down every import; this test names the offending line.
Imports inside functions count too: a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "thaidoc"

# Foundation modules every layer may use.
BASE = {"thaidoc._version", "thaidoc.errors", "thaidoc.files", "thaidoc.data", "thaidoc.resources", "thaidoc.office"}
LAYERS = ["thai", "model", "checks", "render", "read", "diff", "api", "cli"]

# Third-party packages each pure layer must not touch (heavy, or I/O bound).
FORBIDDEN_THIRD_PARTY = {
    "thai": {"docx", "docxtpl", "lxml", "openpyxl", "jinja2", "click", "rich", "pydantic", "yaml"},
    "model": {"docx", "docxtpl", "jinja2", "click", "rich"},
    "checks": {"docx", "docxtpl", "jinja2", "click"},
}


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def layer_of(module: str) -> int | None:
    parts = module.split(".")
    if len(parts) < 2 or module in BASE:
        return None
    name = parts[1]
    return LAYERS.index(name) if name in LAYERS else None


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
            if target_layer is not None and target_layer > own_layer:
                problems.append(f"line {line}: {LAYERS[own_layer]} imports {target} ({LAYERS[target_layer]})")
        else:
            top = target.split(".")[0]
            if top in FORBIDDEN_THIRD_PARTY.get(LAYERS[own_layer], set()):
                problems.append(f"line {line}: {LAYERS[own_layer]} imports {top}")
    assert not problems, f"{own}:\n" + "\n".join(problems)


def test_thai_layer_does_no_io() -> None:
    for path in (SRC / "thai").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for needle in ("open(", "read_text(", "write_text(", "read_bytes(", "import os", "import subprocess"):
            assert needle not in text, f"{path.name} uses {needle!r}: thaidoc.thai is pure rules"
