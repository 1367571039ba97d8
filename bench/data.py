"""Synthetic data, made in PostgreSQL itself (INSERT … SELECT over generate_series): seconds
for 10,000 people × 30 days, where the ORM would take minutes."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from tortoise import Tortoise

from bench.harness import USER_BASE

CAFES = 10
DISHES_PER_CATEGORY = 4
CATEGORIES = ("soup", "salad", "main")

_SQL = [
    """INSERT INTO cafes (created_at, updated_at, key, name, is_active, notifications_enabled,
                          language)
       SELECT now(), now(), 'cafe' || c, 'Cafe ' || c, true, true, 'ru'
       FROM generate_series(1, $1::int) c""",
    """INSERT INTO menu_items (created_at, updated_at, key, name, category, price,
                               is_available, cafe_id)
       SELECT now(), now(), cat || i, initcap(cat) || ' ' || c.id || '-' || i, cat, 0, true, c.id
       FROM cafes c, unnest($1::text[]) cat, generate_series(1, $2::int) i""",
    """INSERT INTO menu_items (created_at, updated_at, key, name, category, price,
                               is_available, cafe_id)
       SELECT now(), now(), 'mors', 'Mors', 'extra', 120, true, c.id FROM cafes c""",
    """INSERT INTO combos (created_at, updated_at, key, name, categories, price, is_available,
                           cafe_id)
       SELECT now(), now(), 'full', 'Full', $1::jsonb, 450, true, c.id FROM cafes c""",
    """INSERT INTO users (created_at, updated_at, tgid, name, language, role, is_active)
       SELECT now(), now(), $1::bigint + g, 'U' || ($1::bigint + g), 'ru', 'employee', true
       FROM generate_series(0, $2::int - 1) g""",
    # One order a day from a cafe that changes with the day; one in ten cancelled (neither
    # path may count those).
    """INSERT INTO orders (created_at, updated_at, date, total_amount, status, cafe_id,
                           combo_id, user_id)
       SELECT now(), now(), $1::date - d, 450,
              CASE WHEN (u.id + d) % 10 = 0 THEN 'cancelled' ELSE 'active' END,
              cb.cafe_id, cb.id, u.id
       FROM users u CROSS JOIN generate_series(0, $2::int - 1) d
       JOIN combos cb ON cb.cafe_id = (u.id + d) % $3::int + 1""",
    # One dish per category of the combo, picked by the order's id.
    """INSERT INTO order_items (menu_item_id, order_id)
       SELECT mi.id, o.id
       FROM orders o JOIN menu_items mi
         ON mi.cafe_id = o.cafe_id
        AND mi.category <> 'extra'
        AND mi.key = mi.category || ((o.id + length(mi.category)) % $1::int + 1)""",
]


async def make_people(users: int, days: int, last_day: dt.date) -> dict[str, int]:
    """`users` people (tgids from USER_BASE) with an order every day for `days` days up to
    `last_day`, across CAFES cafes; returns the row counts."""
    conn = Tortoise.get_connection("default")
    params: list[list[Any]] = [
        [CAFES],
        [list(CATEGORIES), DISHES_PER_CATEGORY],
        [],
        [json.dumps(list(CATEGORIES))],
        [USER_BASE, users],
        [last_day, days, CAFES],
        [DISHES_PER_CATEGORY],
    ]
    for sql, args in zip(_SQL, params, strict=True):
        await conn.execute_query(sql, args)
    # The database fills each order's dishes from its order_items (db/migrations, 7_…): every
    # order row just written was rewritten once. Autovacuum clears that within a minute on a
    # live database; here it would land in the middle of a benchmark, or not at all.
    await conn.execute_script("VACUUM ANALYZE")
    counts = {}
    for table in ("users", "orders", "order_items"):
        rows = await conn.execute_query_dict(f"SELECT count(*) AS n FROM {table}")
        counts[table] = rows[0]["n"]
    return counts
