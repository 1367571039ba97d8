"""Cafes, menus and deadlines for a test, imported from YAML the way `lunchbot import` does,
with their ids by key and valid order bodies built from them.

`CATALOG` against the `clock` fixture (Monday 2026-12-07 08:00 UTC, 11:00 in Moscow): the
Пельменная's Monday (10:00) has closed, its Tuesday is open until 2026-12-08 10:00+03:00;
Green Bowl closes Monday at 11:00, now; the Закрытое кафе is inactive; the Буфет has no
deadlines, so it does not deliver.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from db.models import Cafe, Combo, MenuItem
from services.importer import apply, parse

TUESDAY = "2026-12-08"  # the day after the `clock` fixture's Monday

CATALOG = """
cafes:
  - key: pelmennaya
    name: "Пельменная №1"
    deadlines:
      - {weekdays: [mon, tue, wed, thu, fri], time: "10:00"}
    menu:
      - {key: borsch, name: "Борщ", category: soup}
      - {key: solyanka, name: "Солянка", category: soup}
      - {key: okroshka, name: "Окрошка", category: soup, available: false}
      - {key: olivier, name: "Оливье", category: salad}
      - {key: kotleta, name: "Котлета по-киевски", category: main}
      - {key: grechka, name: "Гречка", category: garnish}
      - {key: mors, name: "Морс клюквенный", category: extra, price: "120.00"}
      - {key: pirozhok, name: "Пирожок с капустой", category: extra, price: "75.50"}
      - {key: kvas, name: "Квас", category: extra, price: "90.00", available: false}
    combos:
      - {key: full, name: "Полный обед", categories: [soup, salad, main], price: "450.00"}
      - {key: light, name: "Лёгкий", categories: [soup, salad], price: "320.00"}
      - {key: retired, name: "Старый", categories: [soup], price: "100.00", available: false}
      # no dessert is on the menu: the combo cannot be made, so the menu leaves it out
      - {key: sweet, name: "Со сладким", categories: [soup, dessert], price: "380.00"}
  - key: green-bowl
    name: "Green Bowl"
    deadlines:
      - {weekdays: [mon, tue, wed, thu], time: "11:00"}
      - {weekdays: [fri], time: "18:00", advance_days: 1}
    menu:
      - {key: tom-yam, name: "Том ям", category: soup}
      - {key: cezar, name: "Цезарь", category: salad}
      - {key: limonad, name: "Лимонад", category: extra, price: "150.00"}
    combos:
      - {key: soup-salad, name: "Суп и салат", categories: [soup, salad], price: "430.00"}
  - key: closed
    name: "Закрытое кафе"
    active: false
    deadlines:
      - {weekdays: [mon, tue, wed, thu, fri], time: "10:00"}
    menu:
      - {key: shchi, name: "Щи", category: soup}
    combos:
      - {key: shchi-only, name: "Щи", categories: [soup], price: "200.00"}
  - key: no-delivery
    name: "Буфет без доставки"
    menu:
      - {key: bulka, name: "Булка", category: bakery}
    combos:
      - {key: bulka-only, name: "Булка", categories: [bakery], price: "50.00"}
"""


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


async def load_catalog(text: str = CATALOG) -> Catalog:
    await apply(parse(text))
    return Catalog(
        cafes=dict(await Cafe.all().values_list("key", "id")),
        items=dict(await MenuItem.all().values_list("key", "id")),
        combos=dict(await Combo.all().values_list("key", "id")),
    )
