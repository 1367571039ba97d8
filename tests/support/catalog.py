"""Cafes, menus and deadlines for a test, imported from YAML the way `lunchbot import` does,
with their ids by key and valid order bodies built from them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from db.models import Cafe, Combo, MenuItem
from services.importer import apply, parse

TUESDAY = "2026-12-08"  # the day after the `clock` fixture's Monday


@dataclass(frozen=True)
class Catalog:
    """Ids by key (keys are unique across a test's catalog)."""

    cafes: dict[str, int]
    items: dict[str, int]
    combos: dict[str, int]

    def order(
        self,
        cafe: str = "pelmennaya",
        date: str = TUESDAY,
        combo: str = "full",
        items: tuple[str, ...] = ("borsch", "olivier", "kotleta"),
        extras: dict[str, int] | None = None,
        **fields: Any,
    ) -> dict[str, Any]:
        """A POST /orders body, valid unless told otherwise."""
        return {
            "cafe_id": self.cafes[cafe],
            "date": date,
            "combo_id": self.combos[combo],
            "items": [self.items[key] for key in items],
            "extras": [
                {"menu_item_id": self.items[key], "quantity": quantity}
                for key, quantity in (extras or {}).items()
            ],
            **fields,
        }


async def load_catalog(text: str) -> Catalog:
    await apply(parse(text))
    return Catalog(
        cafes=dict(await Cafe.all().values_list("key", "id")),
        items=dict(await MenuItem.all().values_list("key", "id")),
        combos=dict(await Combo.all().values_list("key", "id")),
    )
