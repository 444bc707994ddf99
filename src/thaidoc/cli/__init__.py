"""The ``thaidoc`` command: thin click commands over the public API.

Commands live in their own modules and are imported only when invoked, so that
``thaidoc --help`` starts fast and never imports pythainlp or python-docx.
"""

from __future__ import annotations

import importlib

import click

from thaidoc._version import __version__

__all__ = ["main"]

# name -> (module, attribute, one-line help shown by --help without importing the module)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "baht": ("thaidoc.cli.thai", "baht", "Write an amount in Thai words: thaidoc baht 160674400"),
    "amount": ("thaidoc.cli.thai", "amount", "Read Thai baht words back into figures."),
    "date": ("thaidoc.cli.thai", "date", "Write a date the Thai way, or check a Thai date (--parse)."),
    "digits": ("thaidoc.cli.thai", "digits", "Convert digits between Thai (๐-๙) and Arabic (0-9)."),
    "render": ("thaidoc.cli.render", "render", "Render a letter or form from YAML/JSON data to .docx (and PDF)."),
    "templates": ("thaidoc.cli.render", "templates", "List the bundled templates and the fields each needs."),
    "new": ("thaidoc.cli.render", "new", "Write a commented starter data file for a document kind."),
    "check": ("thaidoc.cli.check", "check", "Check document data or an issued letter for inconsistencies."),
    "diff": ("thaidoc.cli.diff", "diff", "Compare a generated letter with the issued one."),
    "batch": ("thaidoc.cli.batch", "batch", "Render one letter per row of a CSV/XLSX file."),
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        spec = COMMANDS.get(cmd_name)
        if spec is None:
            return None
        module_name, attribute, _ = spec
        module = importlib.import_module(module_name)
        command: click.Command = getattr(module, attribute)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, help_text) for name, (_, _, help_text) in COMMANDS.items()]
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

