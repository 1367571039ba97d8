"""LinkService on its own: the payload signature, and races the bot cannot show well."""

from __future__ import annotations

import asyncio
import re

import pytest

from db.models import Cafe, CafeLinkRequest, LinkRequestStatus, Role, User
from lunchbot.app import Application
from services.errors import ConflictError
from services.links import ChatRef, LinkPayloads
from tests.conftest import TOKEN
from tests.links.conftest import open_request

ALPHABET = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def test_payloads_are_short_signed_and_bound_to_their_cafe() -> None:
    payloads = LinkPayloads(TOKEN)
    for cafe_id in (1, 42, 2**31 - 1):
        payload = payloads.make(cafe_id)
        assert ALPHABET.match(payload), payload
        assert payloads.cafe_id(payload) == cafe_id
    assert payloads.make(7) == payloads.make(7)  # nothing stored: the same link every time
    assert payloads.make(7) != payloads.make(8)


@pytest.mark.parametrize(
    "mutate",
    [
        lambda p: "2" + p[1:],  # another cafe's id with cafe 1's MAC
        lambda p: "01" + p[1:],  # the same id written another way
        lambda p: p[:-1] + ("A" if p[-1] != "A" else "B"),
        lambda p: p[:-1],
        lambda p: p + "A",
        lambda p: p.replace("-", "_", 1),
        lambda p: "",
        lambda p: "-" + p,
        lambda p: p.upper() if p != p.upper() else p.lower(),
        lambda p: "1-" + "Ё" * 22,
    ],
)
def test_forged_and_malformed_payloads_are_refused(mutate) -> None:
    payloads = LinkPayloads(TOKEN)
    forged = mutate(payloads.make(1))
    assert payloads.cafe_id(forged) is None, forged


def test_another_bots_payloads_mean_nothing_here() -> None:
    theirs = LinkPayloads("7000002:another-bots-token-0000000000000")
    assert LinkPayloads(TOKEN).cafe_id(theirs.make(1)) is None


async def test_simultaneous_requests_from_one_chat_make_one(app: Application) -> None:
    """Two people in one group (or the bot and the API) asking at the same moment."""
    cafe = await Cafe.create(key="k", name="Кафе")
    links = app.services.links
    payload = links.payloads.make(cafe.id)
    results = await asyncio.gather(
        *(links.request_link(payload, ChatRef(-100500, "Кухня"), None) for _ in range(6))
    )
    outcomes = sorted(str(r.outcome) for r in results)
    assert outcomes == ["already_pending"] * 5 + ["created"]
    assert await CafeLinkRequest.all().count() == 1
    assert {r.request.id for r in results} == {results[0].request.id}


async def test_a_chat_won_by_another_cafe_meanwhile_cannot_be_approved(app: Application) -> None:
    """Two cafes' requests for one chat, approved one after the other: the second is a clear
    conflict, not an IntegrityError, and the first approval already closed it."""
    manager = await User.create(tgid=9101, name="Анна", role=Role.MANAGER)
    first = await Cafe.create(key="a", name="A")
    second = await Cafe.create(key="b", name="B")
    links = app.services.links
    a = await open_request(app, first, -100500)
    b = await open_request(app, second, -100500)
    decision = await links.approve(a.id, manager)
    assert [r.id for r in decision.closed] == [b.id]
    with pytest.raises(ConflictError) as lost:
        await links.approve(b.id, manager)
    assert lost.value.code == "already_decided"

    # Linked meanwhile through a path that closes nothing (an import, a migration): refused.
    c = await CafeLinkRequest.create(cafe=second, tg_chat_id=-100500)
    with pytest.raises(ConflictError) as taken:
        await links.approve(c.id, manager)
    assert taken.value.code == "chat_linked_elsewhere"
    assert (await CafeLinkRequest.get(id=c.id)).status is LinkRequestStatus.PENDING  # rolled back
    await second.refresh_from_db()
    assert second.tg_chat_id is None


async def test_approving_requests_of_one_cafe_concurrently_never_deadlocks(
    app: Application,
) -> None:
    """Decisions that overlap (same cafe, same chats) queue up instead of deadlocking."""
    managers = [await User.create(tgid=9101 + n, name=f"M{n}", role=Role.MANAGER) for n in range(4)]
    cafes = [await Cafe.create(key=f"c{n}", name=f"C{n}") for n in range(2)]
    links = app.services.links
    requests = [
        await open_request(app, cafe, chat) for cafe in cafes for chat in (-100500, -100501)
    ]

    async def approve(n: int) -> str:
        try:
            await links.approve(requests[n].id, managers[n])
        except ConflictError as error:
            return error.code
        return "approved"

    outcomes = await asyncio.gather(*(approve(n) for n in range(4)))
    assert 1 <= outcomes.count("approved") <= 2
    linked = [c.tg_chat_id for c in await Cafe.all() if c.tg_chat_id is not None]
    assert len(linked) == len(set(linked)) == outcomes.count("approved")
    assert await CafeLinkRequest.filter(status="pending").count() == 0


async def test_a_migration_into_a_chat_of_another_cafe_is_a_conflict(app: Application) -> None:
    await Cafe.create(key="a", name="A", tg_chat_id=-500)
    await Cafe.create(key="b", name="B", tg_chat_id=-100500)
    with pytest.raises(ConflictError):
        await app.services.links.move_chat(-500, -100500)
    assert await app.services.links.move_chat(-999, -1000999) is None  # nothing linked there
