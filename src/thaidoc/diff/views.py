"""Showing a :class:`~thaidoc.diff.model.DiffResult`: terminal, JSON and a side-by-side HTML page.

The HTML page is one self-contained file (inline CSS, no scripts, fonts or images fetched
from anywhere) so that it can be mailed or archived with the letter; all document text is
escaped.
"""

from __future__ import annotations

import html
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

from thaidoc.diff.model import Change, DiffResult, FormatDifference, Row
from thaidoc.diff.words import WordOp, cluster_bounds

__all__ = ["print_diff", "render_text", "to_json", "to_html"]

#: Unchanged stretches longer than this are shortened in the terminal view.
_CONTEXT = 24


# ------------------------------------------------------------------------------- terminal


def _shorten(text: str, *, head: bool, tail: bool) -> str:
    """Keep the context next to a change: the end of the text before it, the start after it."""
    text = text.replace("\n", " ").replace("\t", " ")
    if len(text) <= 2 * _CONTEXT + 3:
        return text
    # cut on character-cluster bounds: never an orphaned vowel or tone mark
    keep_head = text[: cluster_bounds(text, 0, _CONTEXT)[1]] if head else ""
    keep_tail = text[cluster_bounds(text, len(text) - _CONTEXT, len(text))[0] :] if tail else ""
    return f"{keep_head}…{keep_tail}"


def _styled_ops(ops: Sequence[WordOp]) -> Any:
    from rich.text import Text

    line = Text()
    for position, op in enumerate(ops):
        if op.kind == "equal":
            first, last = position == 0, position == len(ops) - 1
            line.append(_shorten(op.new, head=not first, tail=not last), style="dim")
            continue
        # [-removed-]{+added+} as in git's word diff: readable without colour too
        if op.old:
            line.append("[-" + op.old.replace("\n", " ") + "-]", style="bold red")
        if op.new:
            line.append("{+" + op.new.replace("\n", " ") + "+}", style="bold green")
    return line


def _heading(change: Change) -> str:
    names = {"replace": "changed", "insert": "added", "delete": "removed", "format": "formatting", "move": "moved"}
    return f"{change.location}: {names[change.kind]}"


#: This many paragraphs with the same formatting difference are shown as one line.
_SWEEPING = 4


_Signature = tuple[tuple[str, str, str], ...]  # (attribute, old, new) of each formatting difference


def _signature(change: Change) -> _Signature:
    return tuple(sorted({(d.attribute, repr(d.old), repr(d.new)) for d in change.formatting}))


def _sweeping_format_changes(changes: Sequence[Change]) -> dict[_Signature, list[Change]]:
    """Formatting changed the same way in many paragraphs (a whole letter set in 15 pt)."""
    groups: dict[_Signature, list[Change]] = {}
    for change in changes:
        if change.kind == "format":
            groups.setdefault(_signature(change), []).append(change)
    return {signature: group for signature, group in groups.items() if len(group) >= _SWEEPING}


def _describe_signature(item: tuple[str, str, str]) -> str:
    attribute, old, new = item
    if attribute in ("bold", "italic", "underline"):
        return f"made {attribute}" if new == "True" else f"no longer {attribute}"
    return f"{attribute} {old} -> {new}".replace("'", "")


def _grouped_formatting(differences: Sequence[FormatDifference]) -> list[str]:
    """One line per run of words: "'เรื่อง' made bold, size 16.0 -> 18.0"."""
    runs: dict[tuple[int, int], list[FormatDifference]] = {}
    for difference in differences:
        runs.setdefault(difference.span, []).append(difference)
    lines = []
    for group in runs.values():
        prefix = f"{group[0].text!r} "
        lines.append(prefix + ", ".join(d.describe().removeprefix(prefix) for d in group))
    return lines


def print_diff(result: DiffResult, *, console: Any = None) -> None:
    """Print the differences in colour: removed words red and struck out, added ones green."""
    from rich.console import Console
    from rich.text import Text

    console = console or Console(highlight=False)
    console.print(Text(f"generated: {result.old_source or '-'}\nissued:    {result.new_source or '-'}", style="bold"))
    for note in result.notes:
        console.print(Text(f"note: {note}", style="cyan"))
    if result.values:
        console.print(Text("ค่าที่เปลี่ยน / changed values:", style="bold"))
        for value in result.values:
            where = f"  [{value.location}]" if value.what in ("amount", "date") and value.location else ""
            console.print(Text(f"  {value.describe()}{where}", style="bold red" if value.problem else "bold"))
    sweeping = _sweeping_format_changes(result.changes)
    for signature, changes in sweeping.items():
        described = "; ".join(_describe_signature(item) for item in signature)
        console.print(Text(f"{len(changes)} paragraphs: formatting", style="bold yellow"))
        console.print(Text(f"  {described} (from {changes[0].location} to {changes[-1].location})", style="magenta"))
    swept = {id(change) for changes in sweeping.values() for change in changes}
    for change in result.changes:
        if id(change) in swept:
            continue
        console.print(Text(_heading(change), style="bold yellow"))
        if change.kind == "replace":
            console.print(Text("  ") + _styled_ops(change.words))
        elif change.kind == "insert":
            console.print(Text("  + ") + Text(change.new.replace("\n", " "), style="green"))
        elif change.kind == "delete":
            console.print(Text("  - ") + Text(change.old.replace("\n", " "), style="red strike"))
        elif change.kind == "move":
            if change.words:
                console.print(Text("  ") + _styled_ops(change.words))
            else:
                console.print(Text("  ↕ ") + Text(_shorten(change.new, head=True, tail=True), style="cyan"))
        else:
            for line in _grouped_formatting(change.formatting):
                console.print(Text(f"  {line}", style="magenta"))
    style = "bold green" if result.identical else "bold red"
    console.print(Text(result.summary(), style=style))


def render_text(result: DiffResult, *, width: int = 100) -> str:
    """The terminal view as plain text (no colour), for logs and tests."""
    from rich.console import Console

    console = Console(record=True, width=width, color_system=None, file=io.StringIO(), highlight=False)
    print_diff(result, console=console)
    return console.export_text(styles=False)



# ------------------------------------------------------------------------------------ JSON


def to_json(result: DiffResult) -> str:
    return json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n"


# ------------------------------------------------------------------------------------ HTML

_CSS = """
body { font-family: "TH Sarabun New", "TH SarabunIT๙", "TH SarabunPSK", Sarabun, "Noto Sans Thai",
       "Leelawadee UI", Tahoma, sans-serif; font-size: 18px; margin: 1.5em; color: #222; }
h1 { font-size: 1.4em; margin: 0 0 .3em 0; }
.meta { color: #555; margin-bottom: 1em; }
.summary.same { color: #1a7f37; font-weight: bold; }
.summary.differ { color: #b42318; font-weight: bold; }
.note { color: #0b6b8a; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th { text-align: left; background: #f2f2f2; padding: .3em .5em; border-bottom: 2px solid #ccc; }
td { vertical-align: top; padding: .25em .5em; border-bottom: 1px solid #eee; white-space: pre-wrap;
     word-wrap: break-word; }
td.where { width: 11em; color: #666; font-size: .8em; white-space: normal; }
tr.equal td.text { color: #777; }
tr.replace td, tr.insert td, tr.delete td, tr.format td { background: #fffbe6; }
ul.values li.problem { color: #b00020; font-weight: bold; }
tr.moved-from td, tr.moved-to td { background: #e8f1ff; }
tr.insert td.new { background: #e6ffec; }
tr.delete td.old { background: #ffebe9; }
del { background: #ffc0c0; color: #82071e; text-decoration: line-through; }
ins { background: #abf2bc; color: #055d20; text-decoration: none; }
.fmt { outline: 2px solid #8250df; background: #f3e8ff; }
.fmt-list { color: #8250df; font-size: .85em; display: block; margin-top: .2em; }
ol.contents { font-size: .9em; }
"""

_KIND_NAMES = {"equal": "", "replace": "changed", "insert": "added", "delete": "removed", "format": "formatting",
               "moved-from": "moved from here", "moved-to": "moved here"}


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _marked(text: str, start: int, end: int, formatting: Iterable[FormatDifference]) -> str:
    """text[start:end] escaped, with formatting differences inside it outlined."""
    pieces: list[str] = []
    position = start
    for difference in sorted(formatting, key=lambda d: d.span):
        s, e = max(difference.span[0], position), min(difference.span[1], end)
        if s >= e:
            continue
        pieces.append(_e(text[position:s]))
        pieces.append(f'<span class="fmt" title="{_e(difference.describe())}">{_e(text[s:e])}</span>')
        position = e
    pieces.append(_e(text[position:end]))
    return "".join(pieces)


def _cells(row: Row) -> tuple[str, str]:
    if row.kind in ("equal", "replace") and row.words:
        left: list[str] = []
        right: list[str] = []
        for op in row.words:
            if op.kind == "equal":
                left.append(_e(op.old))
                right.append(_marked(row.new, op.new_span[0], op.new_span[1], row.formatting))
                continue
            if op.old:
                left.append(f"<del>{_e(op.old)}</del>")
            if op.new:
                right.append(f"<ins>{_e(op.new)}</ins>")
        new_cell = "".join(right)
        if row.formatting:
            listed = "; ".join(_e(d.describe()) for d in row.formatting)
            new_cell += f'<span class="fmt-list">{listed}</span>'
        return "".join(left), new_cell
    if row.kind == "insert":
        return "", f"<ins>{_e(row.new)}</ins>"
    if row.kind == "delete":
        return f"<del>{_e(row.old)}</del>", ""
    return _e(row.old), _e(row.new)


def to_html(result: DiffResult, *, title: str = "thaidoc diff") -> str:
    """A self-contained side-by-side page: generated on the left, issued on the right."""
    body: list[str] = []
    contents: list[str] = []
    for row in result.rows:
        kind: str = "format" if row.kind == "equal" and row.formatting else row.kind
        if row.move:
            kind = "moved-from" if row.kind == "delete" else "moved-to"
        anchor = ""
        side = row.new_at or row.old_at
        place = side.label if side else ""
        if row.new_at is None and row.old_at is not None:
            place = f"generated {place}"  # the issued letter's paragraph N is another one
        if kind != "equal":
            number = len(contents) + 1
            anchor = f' id="change-{number}"'
            label = " ".join(p for p in (row.part or "", place, _KIND_NAMES[kind]) if p)
            contents.append(f'<li><a href="#change-{number}">{_e(label)}</a></li>')
        where_parts = [row.part] if row.part else []
        where_parts.append(place)
        if _KIND_NAMES.get(kind):
            where_parts.append(f"<b>{_KIND_NAMES[kind]}</b>")
        where = "<br>".join(p if p.startswith("<b>") else _e(p) for p in where_parts if p)
        old_cell, new_cell = _cells(row)
        body.append(
            f'<tr class="{kind}"{anchor}><td class="where">{where}</td>'
            f'<td class="text old">{old_cell}</td><td class="text new">{new_cell}</td></tr>'
        )
    notes = "".join(f'<p class="note">{_e(note)}</p>' for note in result.notes)
    if result.values:
        items = "".join(
            f'<li class="{"problem" if value.problem else "value"}">{_e(value.describe())}'
            + (f' <span class="where">[{_e(value.location)}]</span>' if value.location else "") + "</li>"
            for value in result.values
        )
        notes += f'<h2>ค่าที่เปลี่ยน / changed values</h2><ul class="values">{items}</ul>'

    verdict = "same" if result.identical else "differ"
    listed = f'<ol class="contents">{"".join(contents)}</ol>' if contents else ""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="th"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>"
        f"<h1>{_e(title)}</h1>"
        f'<div class="meta">generated: {_e(result.old_source or "-")}<br>issued: {_e(result.new_source or "-")}'
        f"<br>aligned by {_e(result.aligned_by)}</div>"
        f'<p class="summary {verdict}">{_e(result.summary())}</p>{notes}{listed}'
        '<table><thead><tr><th style="width:11em">where</th><th>generated</th><th>issued</th></tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></body></html>\n"
    )
