"""The ``thaidoc`` command: thin click commands over the public API.

Commands live in their own modules and are imported only when invoked, so that
``thaidoc --help`` starts fast and never imports pythainlp or python-docx. Their one-line
help is read from the commands' own source (``short_help=`` or the docstring, as click would
show it) rather than written a second time here.
"""

from __future__ import annotations

import ast
import functools
import importlib
import importlib.util
from pathlib import Path

import click

from thaidoc._version import __version__

__all__ = ["main"]

# name -> (module, attribute)
COMMANDS: dict[str, tuple[str, str]] = {
    "baht": ("thaidoc.cli.thai", "baht"),
    "amount": ("thaidoc.cli.thai", "amount"),
    "date": ("thaidoc.cli.thai", "date"),
    "digits": ("thaidoc.cli.thai", "digits"),
    "render": ("thaidoc.cli.render", "render"),
    "templates": ("thaidoc.cli.render", "templates"),
    "new": ("thaidoc.cli.render", "new"),
    "check": ("thaidoc.cli.check", "check"),
    "diff": ("thaidoc.cli.diff", "diff"),
    "batch": ("thaidoc.cli.batch", "batch"),
}


@functools.cache
def _module_tree(module_name: str) -> ast.Module:
    spec = importlib.util.find_spec(module_name)
    assert spec is not None and spec.origin is not None, module_name
    return ast.parse(Path(spec.origin).read_text(encoding="utf-8"))


def help_stub(name: str) -> click.Command:
    """A stand-in for a command that carries only its help (``short_help=`` and docstring),
    read from the command's source without importing it, so ``thaidoc --help`` lists what the
    command itself says at the cost of parsing a file, not of importing its dependencies."""
    module_name, attribute = COMMANDS[name]
    for node in _module_tree(module_name).body:
        if isinstance(node, ast.FunctionDef) and node.name == attribute:
            short = None
            for decorator in node.decorator_list:
                for keyword in decorator.keywords if isinstance(decorator, ast.Call) else ():
                    if keyword.arg == "short_help" and isinstance(keyword.value, ast.Constant):
                        short = str(keyword.value.value)
            return click.Command(name, help=ast.get_docstring(node), short_help=short)
    raise LookupError(f"{module_name} has no command {attribute!r}")


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        spec = COMMANDS.get(cmd_name)
        if spec is None:
            return None
        module_name, attribute = spec
        module = importlib.import_module(module_name)
        command: click.Command = getattr(module, attribute)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        limit = formatter.width - 6 - max(len(name) for name in COMMANDS)  # as click.Group does
        rows = [(name, help_stub(name).get_short_help_str(limit)) for name in COMMANDS]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


EPILOG = """\b
Examples:
  thaidoc baht 160674400
      หนึ่งร้อยหกสิบล้านหกแสนเจ็ดหมื่นสี่พันสี่ร้อยบาทถ้วน
  thaidoc amount "หนึ่งร้อยหกสิบล้านหกแสนเจ็ดหมื่นสี่พันสี่ร้อยบาทถ้วน"
      160,674,400.00
  thaidoc date 2024-04-17 --style weekday
      วันพุธที่ ๑๗ เมษายน ๒๕๖๗
  thaidoc date --parse "วันศุกร์ที่ ๒๕ มกราคม ๒๕๖๘"
      2025-01-25, and exit 1: that day is a Saturday (วันเสาร์)
  thaidoc render letter.yaml -o letter.docx --pdf
  thaidoc check budget.yaml

\b
Exit codes: 0 fine, 1 a problem found in the input, 2 bad usage or unreadable input.
"""


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]}, epilog=EPILOG)
@click.version_option(__version__, prog_name="thaidoc")
def main() -> None:
    """thaidoc: Thai official letters and forms from data, checked for consistency."""

