"""User text shown to other people: one line, nothing that rewrites what is around it.

A name, a chat title or an order's notes ends up in a manager's card or in a cafe's chat.
Line breaks there would forge the card's lines ("Chat: …\\nRequested by: the CEO"), and the
bidirectional controls (U+202A-U+202E, U+2066-U+2069, and the marks U+200E/U+200F/U+061C)
would make the rest of a line read backwards. Both are removed; escaping for HTML is still
the renderer's job.
"""

from __future__ import annotations

import re
import unicodedata

# Bidi embeddings, overrides, isolates and marks.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
# Lone surrogates: not text (JSON "\ud800"); PostgreSQL cannot store them.
SURROGATES = re.compile("[\ud800-\udfff]")
_SPACES = re.compile(" {2,}")


def strip_bidi(text: str) -> str:
    return _BIDI.sub("", text)


def single_line(text: str | None, max_length: int | None = None) -> str | None:
    """`text` as one line: bidi controls and other control and format characters (Cc, Cf:
    NUL, escape, zero-width spaces…; the emoji joiner stays) removed, line and paragraph
    breaks and tabs made one space, surrounding space trimmed. None stays None."""
    if text is None:
        return None
    # No control, format, surrogate or separator character but the space (what nearly every
    # name is): the walk would keep every character, so it is skipped.
    kept = text if text.isprintable() else _clean(text)
    line = _SPACES.sub(" ", kept).strip()
    if max_length is not None and len(line) > max_length:
        line = line[: max_length - 1].rstrip() + "…"
    return line


def _clean(text: str) -> str:
    """Every character of `text` that `single_line` keeps, line breaks made spaces."""
    out = []
    for char in SURROGATES.sub("", strip_bidi(text)):
        category = unicodedata.category(char)
        if category in ("Zl", "Zp") or char in "\t\n\r\v\f\x85":
            out.append(" ")
        elif category in ("Cc", "Cf", "Cs") and char != "\u200d":  # ZWJ joins emoji
            continue
        else:
            out.append(char)
    return "".join(out)
