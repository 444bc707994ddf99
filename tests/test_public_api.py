"""The public API as the portal sees it: every exported name resolves, type checkers see the
same names as the runtime, and the package passes the project's mypy --strict configuration."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import thaidoc

INIT = Path(thaidoc.__file__)


def _type_checking_imports() -> dict[str, str]:
    tree = ast.parse(INIT.read_text(encoding="utf-8"))
    block = next(node for node in tree.body if isinstance(node, ast.If)
                 and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING")
    names: dict[str, str] = {}
    for node in block.body:
        assert isinstance(node, ast.ImportFrom) and node.module
        for alias in node.names:
            # "X as X" is what makes it a re-export under mypy --strict (no implicit re-export)
            assert alias.asname == alias.name, f"{alias.name} must be imported as '{alias.name} as {alias.name}'"
            names[alias.name] = node.module
    return names


def test_every_export_resolves_to_the_module_that_defines_it() -> None:
    import importlib
    import types

    importlib.import_module("thaidoc.render.engine")  # binds the subpackages, as any user's import does
    importlib.import_module("thaidoc.read.letter")
    for name, module in thaidoc._EXPORTS.items():
        value = getattr(thaidoc, name)
        defined = getattr(importlib.import_module(module), name)
        if isinstance(value, types.ModuleType):
            # thaidoc.render and thaidoc.read are also subpackages: importing one rebinds the
            # name to the package, which is made callable and forwards to the function
            assert value.__name__ == f"thaidoc.{name}" and callable(value), name
        else:
            assert value is defined, name


def test_render_and_read_still_work_after_their_subpackages_are_imported() -> None:
    import thaidoc.read.letter  # noqa: F401  (rebinds thaidoc.read to the package)
    import thaidoc.render.engine  # noqa: F401

    with pytest.raises(thaidoc.DataError, match="subject"):
        thaidoc.render({"kind": "memo"})
    with pytest.raises(thaidoc.ReadError):
        thaidoc.read(b"not a docx at all\x00\x01", name="x.docx")


def test_type_checkers_see_exactly_the_runtime_exports() -> None:
    assert _type_checking_imports() == thaidoc._EXPORTS


def test_unknown_names_raise_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_thing"):
        thaidoc.no_such_thing  # noqa: B018


def test_the_package_passes_mypy_strict(tmp_path: Path) -> None:
    api = pytest.importorskip("mypy.api")
    root = INIT.parents[2]
    out, err, status = api.run(["--config-file", str(root / "pyproject.toml"),
                                "--cache-dir", str(tmp_path / "cache"), str(root / "src" / "thaidoc")])
    assert status == 0, out + err


PORTAL_CODE = '''
from pathlib import Path
from typing import Any

import thaidoc


def handle(payload: dict[str, Any], issued: bytes, rows: list[dict[str, str]]) -> list[str]:
    findings: list[thaidoc.Finding] = thaidoc.check(payload)
    findings += thaidoc.check(Path("letter.yaml"))
    result: thaidoc.DiffResult = thaidoc.diff_documents(thaidoc.render(payload), issued)
    names: list[str] = [str(name) for name, _ in thaidoc.render_many(payload, rows, errors="skip")]
    schema: dict[str, Any] = thaidoc.json_schema("memo")
    try:
        thaidoc.render(payload)
    except thaidoc.ThaidocError as error:
        problems: list[thaidoc.Problem] = error.problems
        names += [p.message_th + p.message + (p.location or "") + p.code for p in problems]
        names.append(str(error.to_dict()["code"]) + str(error.exit_code == thaidoc.EXIT_PROBLEM))
    return names + [result.summary(), str(len(findings)), str(schema["title"])]
'''


def test_a_portals_code_needs_no_casts_under_mypy_strict(tmp_path: Path) -> None:
    # check(), diff_documents() and render_many() take precise types: a mistyped call fails here,
    # a correct one needs no cast
    api = pytest.importorskip("mypy.api")
    code = tmp_path / "portal.py"
    code.write_text(PORTAL_CODE, encoding="utf-8")
    out, err, status = api.run(["--strict", "--cache-dir", str(tmp_path / "cache"), str(code)])
    assert status == 0, out + err
    wrong = tmp_path / "wrong.py"
    wrong.write_text("import thaidoc\nthaidoc.render_many({}, [], errors='ignore')\nthaidoc.check(3)\n",
                     encoding="utf-8")
    out, _, status = api.run(["--strict", "--cache-dir", str(tmp_path / "cache"), str(wrong)])
    assert status == 1 and "errors" in out and "check" in out, out
