"""Reading issued letters: .docx/.txt into blocks, letter parts and the letter model.

- ``thaidoc.read.extract.extract`` (also ``thaidoc.extract``): guarded extraction into an
  :class:`ExtractedDocument` of paragraph and table blocks;
- :func:`letter_parts`: the named parts of a letter (ที่, date, เรื่อง …) for the diff;
- :func:`read`: an issued letter as an :class:`IssuedLetter` (the model, the data read, the
  attachments that follow the letter).

``thaidoc.read`` is both this package and, for callers of ``thaidoc.read(path)``, the
function: importing a submodule makes Python bind the package to ``thaidoc.read``, so the
package itself is callable and forwards to :func:`thaidoc.read.letter.read`.

Names are imported on first use so that ``import thaidoc.read`` stays cheap.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "ReadLimits": "thaidoc.read.extract",
    "ExtractedDocument": "thaidoc.read.document",
    "Block": "thaidoc.read.document",
    "Run": "thaidoc.read.document",
    "Part": "thaidoc.read.letter",
    "Address": "thaidoc.read.letter",
    "IssuedLetter": "thaidoc.read.letter",
    "letter_parts": "thaidoc.read.letter",
    "read": "thaidoc.read.letter",
}

__all__ = list(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'thaidoc.read' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


class _CallablePackage(types.ModuleType):
    def __call__(self, path_or_doc: Any, *, name: str | None = None) -> Any:
        from thaidoc.read.letter import read

        return read(path_or_doc, name=name)


sys.modules[__name__].__class__ = _CallablePackage

if TYPE_CHECKING:  # pragma: no cover
    from thaidoc.read.document import Block, ExtractedDocument, Run
    from thaidoc.read.extract import ReadLimits
    from thaidoc.read.letter import Address, IssuedLetter, Part, letter_parts, read
