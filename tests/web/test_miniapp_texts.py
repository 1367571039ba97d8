"""The Mini App's texts (locales/<lang>/miniapp.ftl): the same in both languages, one for
every text the page asks for, and words for every error code the API it calls can answer."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fluent.syntax import FluentParser, ast

from core.i18n import LOCALES_DIR, Translator
from db.models import Category, Role
from services.users import SUPPORTED_LANGUAGES
from web.errors import _HTTP_CODES
from web.miniapp import STATIC

ROOT = Path(__file__).resolve().parents[2]
# Where the codes of the answers the Mini App gets are written.
ERROR_SOURCES = [
    "services/errors.py",
    "services/menus.py",
    "services/ordering.py",
    "services/recommendations/service.py",
    "services/reports.py",
    "web/auth.py",
    "web/errors.py",
    "web/api/deps.py",
    "web/api/models.py",
]
# Codes the page makes itself (web/miniapp/static/js/api.js, errors.js).
PAGE_CODES = ["network", "timeout", "internal", "http_error", "service_unavailable"]


def texts(language: str) -> set[str]:
    resource = FluentParser().parse((LOCALES_DIR / language / "miniapp.ftl").read_text())
    junk = [entry.content for entry in resource.body if isinstance(entry, ast.Junk)]
    assert junk == []
    return {entry.id.name for entry in resource.body if isinstance(entry, ast.Message)}


def asked_for() -> set[str]:
    """Every text id written out in the page's scripts (ids built from a value are below)."""
    scripts = "\n".join(path.read_text() for path in (STATIC / "js").rglob("*.js"))
    return set(re.findall(r"""["'](app-[a-z0-9-]+[a-z0-9])["']""", scripts))


def test_both_languages_have_the_same_texts() -> None:
    assert texts("ru") == texts("en")


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_every_text_the_page_asks_for_is_there(language: str) -> None:
    needed = asked_for()
    needed |= {f"app-category-{category.value}" for category in Category}
    needed |= {f"app-order-status-{status}" for status in ("open", "closed", "cancelled")}
    needed |= {f"app-role-{role.value}" for role in Role if role is not Role.EMPLOYEE}
    assert len(needed) > 50
    assert needed - texts(language) == set()


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_every_error_code_has_words(language: str) -> None:
    codes = set(PAGE_CODES) | set(_HTTP_CODES.values())
    for source in ERROR_SOURCES:
        codes |= set(re.findall(r'code\s*=\s*"([a-z_]+)"', (ROOT / source).read_text()))
    assert {"deadline_passed", "order_exists", "expired_init_data"} <= codes
    have = texts(language)
    assert {code for code in codes if f"app-error-{code.replace('_', '-')}" not in have} == set()


async def test_the_bot_reads_them_too() -> None:
    """One format for both sides: the bot's Translator loads the file with its own Fluent."""
    translator = Translator()
    await translator.load()
    assert translator.get("ru", "app-advice-stats", orders=5, dishes=3) == (
        "5 заказов за 30 дней · разных блюд: 3"
    )
    assert translator.get("ru", "app-error-unknown-items").startswith("Меню изменилось")
