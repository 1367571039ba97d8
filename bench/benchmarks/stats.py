"""4. Statistics: every eligible person's 30 days through the batch path (one aggregate SQL
statement, `StatsService.eligible`) against a naive per-person ORM loop, run on a sample and
scaled. The loop's answers are checked against the batch's, so both count the same thing."""

from __future__ import annotations

import random
import time
from collections import Counter

from bench.data import make_people
from bench.harness import World
from bench.results import Figure, Results
from core.clock import Clock
from db.models import MenuItem, Order, User
from services.stats import MIN_ORDERS, UNTRIED_LIMIT, WINDOW_DAYS, OrderStats, StatsService

NAME = "4 statistics"


async def naive(stats: StatsService, user: User) -> OrderStats | None:
    """What one would write first: the person's orders with their dishes through the ORM,
    counted in Python, then the menus of the cafes they ordered from."""
    first, last = stats.window()
    orders = await Order.filter(
        user_id=user.id, status="active", date__gte=first, date__lte=last
    ).prefetch_related("items__menu_item")
    if len(orders) < MIN_ORDERS:
        return None
    counts: Counter[str] = Counter()
    eaten: set[int] = set()
    for order in orders:
        for item in order.items:
            counts[str(item.menu_item.category)] += 1
            eaten.add(item.menu_item.id)
    cafes = {order.cafe_id for order in orders}
    offered = await MenuItem.filter(
        cafe_id__in=cafes, cafe__is_active=True, is_available=True
    ).exclude(category="extra")
    untried = sorted({m.name for m in offered if m.id not in eaten})[:UNTRIED_LIMIT]
    return OrderStats(
        tgid=user.tgid,
        language=user.language,
        orders=len(orders),
        category_counts=dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))),
        unique_dishes=len(eaten),
        dishes_available=len(offered),
        untried=tuple(untried),
    )


async def run(world: World, results: Results, users: int, sample: int, timezone) -> None:
    await world.reset_db()
    stats = StatsService(timezone, Clock())
    started = time.perf_counter()
    counts = await make_people(users, WINDOW_DAYS, stats.window()[1])
    results.note(
        NAME,
        f"data: {counts['users']:,} people, {counts['orders']:,} orders (one in ten "
        f"cancelled), {counts['order_items']:,} dishes, made in "
        f"{time.perf_counter() - started:.1f} s",
    )
    await stats.eligible()  # warm the plan and the buffers for both
    started = time.perf_counter()
    batch = await stats.eligible()
    batch_seconds = time.perf_counter() - started

    people = await User.filter(is_active=True).order_by("tgid")
    chosen = sorted(random.Random(9).sample(people, min(sample, len(people))), key=lambda u: u.tgid)
    started = time.perf_counter()
    loop = [await naive(stats, user) for user in chosen]
    loop_seconds = (time.perf_counter() - started) * len(people) / len(chosen)

    by_tgid = {s.tgid: s for s in batch}
    differ = [u.tgid for u, s in zip(chosen, loop, strict=True) if s != by_tgid.get(u.tgid)]
    results.note(
        NAME,
        f"batch path: {len(batch):,} eligible people in one statement; the naive loop ran on "
        f"{len(chosen)} of {len(people):,} and was scaled; "
        + ("its answers equal the batch's" if not differ else f"DIFFERENT for {differ[:5]}"),
    )
    results.add(
        Figure(NAME, f"all {len(people):,} people", batch_seconds, "s",
               "naive ORM loop (scaled)", loop_seconds, False),
        Figure(NAME, "people per second", len(people) / batch_seconds, "people/s",
               "naive ORM loop", len(people) / loop_seconds, True),
    )  # fmt: skip
