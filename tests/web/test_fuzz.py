"""Schemathesis over /api/v1/openapi.json: every operation gets bounded examples (valid and
invalid input alike) with valid initData of a manager, and no answer may be a server error.

A short run, part of the normal test command. The requests go from a worker thread (the
fuzzer is synchronous) to the app serving on this test's event loop.
"""

from __future__ import annotations

import asyncio
import re
from collections import Counter
from typing import Any

import aiohttp
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from core.clock import FrozenClock
from db.models import CafeLinkRequest, Role, User
from lunchbot.app import Application
from tests.conftest import TOKEN
from tests.support.catalog import load_catalog
from web.auth import sign_init_data

EXAMPLES = {GenerationMode.POSITIVE: 12, GenerationMode.NEGATIVE: 6}  # per operation
MANAGER = 9301


def fuzz(
    document: dict[str, Any],
    base_url: str,
    authorization: str,
    known: dict[str, Any],
    examples_per_mode: dict[GenerationMode, int] = EXAMPLES,
) -> tuple[list[str], Counter[str]]:
    """Runs every operation's examples — with generated path ids, and with `known` ones (real
    rows, so the handlers go past "not found") — and returns one line per server error, and
    how often each operation answered with each status class (`"GET /cafes 2xx"`)."""
    schema = schemathesis.openapi.from_dict(document)
    failures: list[str] = []
    answers: Counter[str] = Counter()
    with requests.Session() as http:
        for result in schema.get_all_operations():
            operation = result.ok()
            real = {name: known[name] for name in re.findall(r"{(\w+)}", operation.path)}
            runs = [(mode, examples, None) for mode, examples in examples_per_mode.items()]
            if real:
                positive = examples_per_mode[GenerationMode.POSITIVE]
                runs.append((GenerationMode.POSITIVE, positive, real))
            for mode, examples, path_parameters in runs:
                strategy = operation.as_strategy(
                    generation_mode=mode,
                    headers={"Authorization": authorization},
                    path_parameters=path_parameters,
                )

                @settings(
                    max_examples=examples,
                    deadline=None,
                    database=None,
                    derandomize=True,  # the same cases every run: a failure reproduces
                    phases=[Phase.explicit, Phase.generate],
                    suppress_health_check=list(HealthCheck),
                )
                @given(case=strategy)
                def check(case: schemathesis.Case) -> None:
                    response = case.call(base_url=base_url, session=http, timeout=10)
                    answers[f"{case.operation.label} {response.status_code // 100}xx"] += 1
                    if response.status_code >= 500:
                        failures.append(
                            f"{response.status_code} {case.method} {case.formatted_path} "
                            f"query={case.query} body={case.body!r}: {response.text[:200]}"
                        )

                try:
                    check()
                except Unsatisfiable:
                    # Nothing to make invalid: an operation without parameters or a body.
                    if mode is GenerationMode.POSITIVE:
                        raise
    return failures, answers


async def test_no_server_errors(app: Application, app_url: str, clock: FrozenClock) -> None:
    catalog = await load_catalog()
    manager = await User.create(tgid=MANAGER, name="Мария Фаззер", role=Role.MANAGER)
    user = {"id": MANAGER, "first_name": "Мария", "last_name": "Фаззер", "language_code": "ru"}
    authorization = "tma " + sign_init_data(TOKEN, user, auth_date=clock.now())
    request = await CafeLinkRequest.create(
        cafe_id=catalog.cafes["green-bowl"], tg_chat_id=-100_777, chat_title="Green Bowl",
        requested_by=manager,
    )  # fmt: skip
    async with aiohttp.ClientSession(headers={"Authorization": authorization}) as http:
        async with http.post(f"{app_url}/api/v1/orders", json=catalog.order()) as r:
            assert r.status == 201, await r.text()
            order = await r.json()
        async with http.get(f"{app_url}/api/v1/openapi.json") as r:
            document = await r.json()
    known = {
        "cafe_id": catalog.cafes["pelmennaya"],
        "order_id": order["id"],
        "request_id": request.id,
        "tgid": MANAGER,
        "item_id": catalog.items["borsch"],
        "date": "2026-12-10",  # a day off for it cancels nobody's order
    }

    failures, answers = await asyncio.to_thread(
        fuzz, document, f"{app_url}/api/v1", authorization, known
    )

    assert failures == []
    # The run reached the handlers (initData accepted): every operation answered 2xx or 4xx
    # beyond 401 at least once.
    operations = {label.rsplit(" ", 1)[0] for label in answers}
    methods = {"get", "post", "put", "patch", "delete"}
    assert len(operations) == sum(len(methods & set(item)) for item in document["paths"].values())
    print(sorted(answers.items()))


def bad_credentials(now: Any) -> list[str]:
    """Forged, stale and malformed Authorization headers: each must be a 4xx on every operation."""

    def signed(user: dict[str, Any]) -> str:
        return "tma " + sign_init_data(TOKEN, user, auth_date=now)

    return [
        "tma hash=%C3%A9",  # non-ASCII in the compared value
        "tma " + "user=" + "%5B" * 5000 + "&hash=00",
        signed({"id": 2**63, "first_name": "Big"}),
        signed({"id": 0, "first_name": "Zero"}),
        signed({"id": 9401, "first_name": "N" * 300}),
        signed({"id": 9402, "first_name": "Nul\x00"}),
        signed({"id": 9403, "first_name": "Half\ud800"}),
        signed({"id": 9404, "first_name": "Long", "username": "u" * 100}),
    ]


async def test_no_server_errors_with_bad_credentials(
    app: Application, app_url: str, clock: FrozenClock
) -> None:
    async with aiohttp.ClientSession() as http, http.get(f"{app_url}/api/v1/openapi.json") as r:
        document = await r.json()
    # Every path parameter of every operation (the credentials are refused before any is read).
    known = {
        "cafe_id": 1,
        "order_id": 1,
        "request_id": 1,
        "tgid": 1,
        "item_id": 1,
        "date": "2026-12-10",
    }
    few = {GenerationMode.POSITIVE: 1, GenerationMode.NEGATIVE: 1}
    for authorization in bad_credentials(clock.now()):
        failures, answers = await asyncio.to_thread(
            fuzz, document, f"{app_url}/api/v1", authorization, known, few
        )
        assert failures == [], authorization[:60]
        protected = [label for label in answers if not label.startswith("GET /openapi")]
        assert all(label.endswith("4xx") for label in protected), (authorization[:60], answers)
    assert not await User.exists()
