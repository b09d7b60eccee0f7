"""One rule for text typed or imported into Simpul: no control characters.

Word's Shift+Enter (a vertical tab, \\x0b), stray escapes (\\x1b) and the like are invisible, break XLSX
exports (openpyxl refuses them) and make GEXF/GraphML invalid XML. Forms and imports pass every text through
`clean()`; exports pass theirs through again (defence in depth).
"""

from __future__ import annotations

import re

# C0 controls except tab, newline and carriage return; DEL; C1 controls; the XML non-characters.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_LINE_BREAKS = re.compile("[\x0b\x0c\u2028\u2029]")


def clean(value: str, *, multiline: bool = False) -> str:
    """`value` with line-break-like controls turned into newlines (or spaces on one line) and every other
    control character removed. Tabs become spaces on one line."""
    if not value:
        return value
    value = _LINE_BREAKS.sub("\n" if multiline else " ", value)
    value = _CONTROL.sub("", value)
    if not multiline:
        value = value.replace("\r", " ").replace("\n", " ").replace("\t", " ")
    return value


def has_control(value: str) -> bool:
    return bool(_CONTROL.search(value) or _LINE_BREAKS.search(value))
