"""The command line documents itself: `thaidoc --help` lists each command's own help, and the
README mentions every command and every option (as sqlite-utils tests its docs)."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from thaidoc.cli import COMMANDS, help_stub, main

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _commands() -> dict[str, click.Command]:
    ctx = click.Context(main)
    found = {name: main.get_command(ctx, name) for name in main.list_commands(ctx)}
    assert all(found.values())
    return found  # type: ignore[return-value]


@pytest.mark.parametrize("name", list(COMMANDS))
def test_listed_help_is_the_commands_own(name: str) -> None:
    # read from the source without importing; must be what click itself would show
    command, stub = _commands()[name], help_stub(name)
    assert stub.short_help == command.short_help
    assert stub.help == inspect.cleandoc(command.help or "")
    for limit in (30, 45, 74, 200):
        assert stub.get_short_help_str(limit) == command.get_short_help_str(limit)


def test_main_help_lists_every_command_with_its_help() -> None:
    result = CliRunner().invoke(main, ["--help"], terminal_width=120)
    assert result.exit_code == 0
    for name, command in _commands().items():
        assert re.search(rf"^  {name} +{re.escape(command.get_short_help_str(limit=200))}$", result.output, re.M), name


@pytest.mark.parametrize("name", list(COMMANDS))
def test_readme_mentions_the_command(name: str) -> None:
    assert re.search(rf"\bthaidoc {name}\b", README), f"README.md never shows `thaidoc {name}`"


@pytest.mark.parametrize(
    ("name", "option"),
    [
        (name, option)
        for name, command in _commands().items()
        for param in command.params
        if isinstance(param, click.Option)
        for option in ([o for o in param.opts + param.secondary_opts if o.startswith("--")] or param.opts)
    ],
)
def test_readme_mentions_every_option(name: str, option: str) -> None:
    assert re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", README), f"README.md never mentions {name} {option}"


def test_where_things_live_points_at_real_definitions() -> None:
    # each line of README's "Where things live" names files and the names defined in them;
    # a rename or a move that forgets the README fails here
    root = Path(__file__).resolve().parents[1]
    section = README.split("### Where things live", 1)[1].split("\n## ", 1)[0]
    bullets = [b for b in re.split(r"\n- ", section) if "`" in b]
    assert len(bullets) >= 5
    for bullet in bullets:
        paths = re.findall(r"`((?:src|scripts)/[\w/]+\.py)`", bullet)
        assert paths, bullet
        sources = "".join((root / path).read_text(encoding="utf-8") for path in paths)
        for name in re.findall(r"`([A-Za-z_][\w]*)(?:\(\))?`", bullet):
            if name in {"exit_code"} or name.islower() and "_" not in name:
                continue
            assert re.search(rf"^\s*(?:def |class )?{name}\b", sources, re.M), (name, paths)
        for code in re.findall(r"`([a-z]+\.[a-z-]+)`", bullet):
            if not code.endswith(".py"):
                assert f'"{code}"' in sources, (code, paths)
