"""Names and notes as one line (`services.text.single_line`)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from services.text import _clean, single_line


@given(st.text())
def test_the_printable_shortcut_changes_nothing_the_walk_would_keep(text: str) -> None:
    # single_line skips the per-character walk for printable text: sound only if the walk
    # keeps every character of such text.
    if text.isprintable():
        assert _clean(text) == text


def test_what_would_rewrite_a_line_is_removed() -> None:
    assert single_line("Иван\u202eвонавИ") == "ИванвонавИ"  # a right-to-left override
    assert single_line("Chat: x\nRequested by: the CEO") == "Chat: x Requested by: the CEO"
    assert single_line("  Анна   Ли  ") == "Анна Ли"
    assert single_line("👨\u200d👩\u200d👧") == "👨\u200d👩\u200d👧"  # the emoji joiner stays
    assert single_line("Очень длинное имя", max_length=6) == "Очень…"
