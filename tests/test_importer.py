"""`lunchbot import`: idempotent, all-or-nothing, and errors that point at the line."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from db.models import Cafe, Combo, Deadline, MenuItem, Order, OrderExtra, OrderItem, Role, User
from services.importer import ImportError_, apply, load_file, parse

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "demo.yaml"


async def _snapshot() -> dict[str, list[tuple]]:
    return {
        "users": await User.all().order_by("tgid").values_list("tgid", "name", "role", "language"),
        "cafes": await Cafe.all().order_by("key").values_list("id", "key", "name", "is_active"),
        "deadlines": await Deadline.all()
        .order_by("cafe_id", "weekday")
        .values_list("cafe_id", "weekday", "local_minutes", "advance_days"),
        "menu": await MenuItem.all()
        .order_by("cafe_id", "key")
        .values_list("id", "key", "name", "category", "price"),
        "combos": await Combo.all().order_by("id").values_list("id", "key", "categories", "price"),
    }


async def test_demo_file_imports_and_a_second_import_changes_nothing() -> None:
    data = load_file(DEMO)
    first = await apply(data)
    assert first.tallies["cafes"].created == 3
    assert first.tallies["users"].created >= 12
    assert sum(1 for u in data.users if u.role is Role.MANAGER) == 2
    before = await _snapshot()

    second = await apply(load_file(DEMO))
    assert not second.changed
    assert second.tallies["menu items"].unchanged == first.tallies["menu items"].created
    assert await _snapshot() == before
    assert [key for key, _ in second.cafes] == ["pelmennaya", "green-bowl", "stolovaya"]


async def test_deadline_times_are_local_wall_clock_times() -> None:
    await apply(load_file(DEMO))
    friday = await Deadline.get(cafe__key="green-bowl", weekday=4)
    assert (friday.local_time.isoformat(), friday.advance_days) == ("18:00:00", 1)


async def test_a_changed_file_updates_in_place() -> None:
    await apply(load_file(DEMO))
    text = DEMO.read_text().replace('"Борщ с пампушкой"', '"Борщ"')
    report = await apply(parse(text))
    assert report.tallies["menu items"].updated == 1
    assert await MenuItem.filter(key="borsch").values_list("name", flat=True) == ["Борщ"]
    assert await Cafe.all().count() == 3


BAD_CATEGORY = """
cafes:
  - key: a
    name: A
    menu:
      - {key: x, name: X, category: soup}
      - {key: y, name: Y, category: sup}
"""


def test_a_bad_category_names_the_line_and_the_field() -> None:
    with pytest.raises(ImportError_) as caught:
        parse(BAD_CATEGORY)
    (problem,) = caught.value.errors
    assert problem.startswith("line 7: cafes[0].menu[1].category: 'sup' is not one of soup, salad")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("cafes:\n  - {key: a, name: A, colour: red}\n", "cafes[0].colour: unknown field"),
        ("cafes:\n  - {name: A}\n", "cafes[0].key: required"),
        (
            "cafes:\n  - key: a\n    name: A\n    deadlines: [{weekdays: [mon], time: 10:00}]\n",
            'write the time in quotes, e.g. time: "10:00"',
        ),
        (
            "cafes:\n  - key: a\n    name: A\n    deadlines: [{weekdays: [mon], time: '25:00'}]\n",
            "'25:00' is not a time of day as HH:MM",
        ),
        (
            "cafes:\n  - {key: a, name: A}\n  - {key: a, name: B}\n",
            "cafes[].key: 'a' appears 2 times",
        ),
        ("users:\n  - {tgid: 1, name: A, role: boss}\n", "users[0].role: 'boss' is not one of"),
        ("cafes: [\n", "not valid YAML/JSON"),
    ],
)
def test_schema_errors(text: str, expected: str) -> None:
    with pytest.raises(ImportError_) as caught:
        parse(text)
    assert any(expected in problem for problem in caught.value.errors), caught.value.errors


def test_json_is_accepted_too() -> None:
    data = parse('{"cafes": [{"key": "a", "name": "A"}], "users": [{"tgid": 5, "name": "B"}]}')
    assert data.cafes[0].key == "a"
    assert data.users[0].tgid == 5


ORDERS = """
cafes:
  - key: pel
    name: "Пельменная"
    menu:
      - {key: borsch, name: "Борщ", category: soup}
      - {key: olivier, name: "Оливье", category: salad}
      - {key: mors, name: "Морс", category: extra, price: "120.00"}
    combos:
      - {key: light, name: "Лёгкий", categories: [soup, salad], price: "320.00"}
users:
  - {tgid: 9201, name: "Иван"}
orders:
  - {user: 9201, cafe: pel, date: 2026-11-20, combo: light, items: [borsch, olivier],
     extras: [{item: mors, quantity: 2}], notes: "без лука"}
"""


async def test_order_history_is_written_as_is_with_exact_totals() -> None:
    report = await apply(parse(ORDERS))
    assert report.tallies["orders"].created == 1
    order = await Order.get()
    assert order.total_amount == Decimal("560.00")
    assert order.notes == "без лука"
    assert await OrderItem.filter(order_id=order.id).count() == 2
    assert await OrderExtra.filter(order_id=order.id).values_list("quantity", flat=True) == [2]
    again = await apply(parse(ORDERS))
    assert again.tallies["orders"].unchanged == 1
    assert await Order.all().count() == 1


async def test_a_bad_reference_late_in_the_file_writes_nothing() -> None:
    broken = ORDERS.replace("items: [borsch, olivier]", "items: [borsch, pelmeni]")
    with pytest.raises(ImportError_) as caught:
        await apply(parse(broken))
    assert "orders[0]: cafe 'pel' has no menu items pelmeni" in caught.value.errors
    # The cafes and users before the order were rolled back with it.
    assert await Cafe.all().count() == 0
    assert await User.all().count() == 0


async def test_order_items_must_match_the_combo() -> None:
    broken = ORDERS.replace("items: [borsch, olivier]", "items: [borsch, borsch]")
    with pytest.raises(ImportError_) as caught:
        await apply(parse(broken))
    assert "combo 'light' needs one of each of soup, salad" in caught.value.errors[0]
