"""The domain model. Money is `Decimal` with two places, never float.

Changing a model means a new migration: `aerich -c aerich.ini migrate --name what_changed`,
then commit the file under `db/migrations/`. `tests/db/test_migrations.py` fails when the
models and the committed migrations disagree.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from tortoise import fields
from tortoise.indexes import Index
from tortoise.models import Model

MONEY = {"max_digits": 12, "decimal_places": 2}
# Tortoise reads `#:` comments above fields as their descriptions by parsing this file's source
# once per model (inspect.getsource + ast): a tenth of a second of every process's start. We
# write none (comments here are for readers), so each model says there are none to read.
NO_COMMENTS = True


class Role(StrEnum):
    EMPLOYEE = "employee"
    MANAGER = "manager"
    ADMIN = "admin"


class Category(StrEnum):
    SOUP = "soup"
    SALAD = "salad"
    MAIN = "main"
    GARNISH = "garnish"
    DRINK = "drink"
    DESSERT = "dessert"
    BAKERY = "bakery"
    EXTRA = "extra"


class LinkRequestStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class AccessRequestStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class OrderStatus(StrEnum):
    ACTIVE = "active"
    CANCELLED = "cancelled"


class NotificationStatus(StrEnum):
    PENDING = "pending"  # created at the deadline, event not yet on the bus
    PUBLISHED = "published"  # event on the bus, message not yet delivered
    SENDING = "sending"  # some parts delivered (message_ids says which)
    SENT = "sent"
    SKIPPED = "skipped"  # nothing to send; skip_reason says why
    FAILED = "failed"  # gave up; last_error says why, the event is in the DLQ


class TimestampMixin:
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)


class User(TimestampMixin, Model):
    _no_comments = NO_COMMENTS
    id = fields.IntField(primary_key=True)
    tgid = fields.BigIntField(unique=True)
    name = fields.CharField(max_length=255)
    username = fields.CharField(max_length=64, null=True)
    language = fields.CharField(max_length=8, default="ru")
    role = fields.CharEnumField(Role, max_length=16, default=Role.EMPLOYEE)
    is_active = fields.BooleanField(default=True)
    # On the office roster: the people the bot serves. Every row is, except one made by a
    # stranger's first contact (SIGNUP=approval|closed) until a manager approves them.
    on_roster = fields.BooleanField(default=True)
    # Reminders before the deadline: on until the person turns them off.
    reminders_enabled = fields.BooleanField(default=True)
    # When they last opened the bot (`/start` in a private chat): before that Telegram
    # refuses the bot's messages to them, so nothing is sent.
    started_at = fields.DatetimeField(null=True)
    # When Telegram said they blocked the bot; cleared by their next `/start`.
    blocked_at = fields.DatetimeField(null=True)
    # Which Mini App menu button their private chat has (`bot.handlers.start`: a hash of the
    # language and the URL), so `/start` sets it only when it would change.
    menu_button = fields.CharField(max_length=32, null=True)
    # Bumped by the database itself (triggers on orders, order_items and menu_items) whenever
    # anything their statistics count changes: the key of their cached statistics.
    orders_version = fields.BigIntField(default=0)

    class Meta:
        table = "users"

    def __str__(self) -> str:
        return f"{self.name} ({self.tgid})"


class Cafe(TimestampMixin, Model):
    _no_comments = NO_COMMENTS
    id = fields.IntField(primary_key=True)
    key = fields.CharField(max_length=64, unique=True)
    name = fields.CharField(max_length=255)
    is_active = fields.BooleanField(default=True)
    tg_chat_id = fields.BigIntField(null=True, unique=True)
    tg_username = fields.CharField(max_length=64, null=True)
    notifications_enabled = fields.BooleanField(default=True)
    linked_at = fields.DatetimeField(null=True)
    language = fields.CharField(max_length=8, default="ru")

    class Meta:
        table = "cafes"

    def __str__(self) -> str:
        return self.name


class CafeLinkRequest(TimestampMixin, Model):
    _no_comments = NO_COMMENTS
    id = fields.IntField(primary_key=True)
    cafe: fields.ForeignKeyRelation[Cafe] = fields.ForeignKeyField(
        "models.Cafe", related_name="link_requests", on_delete=fields.CASCADE
    )
    tg_chat_id = fields.BigIntField()
    tg_username = fields.CharField(max_length=64, null=True)
    chat_title = fields.CharField(max_length=255, null=True)
    requested_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="link_requests", null=True, on_delete=fields.SET_NULL
    )
    status = fields.CharEnumField(
        LinkRequestStatus, max_length=16, default=LinkRequestStatus.PENDING
    )
    processed_at = fields.DatetimeField(null=True)
    processed_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="processed_link_requests", null=True, on_delete=fields.SET_NULL
    )

    class Meta:
        table = "cafe_link_requests"
        indexes = (Index(fields=("status", "created_at")), Index(fields=("tg_chat_id", "status")))


class AccessRequest(TimestampMixin, Model):
    """Someone not on the roster asks to be; the first manager's decision stands."""

    _no_comments = NO_COMMENTS

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="access_requests", on_delete=fields.CASCADE
    )
    status = fields.CharEnumField(
        AccessRequestStatus, max_length=16, default=AccessRequestStatus.PENDING
    )
    decided_at = fields.DatetimeField(null=True)
    decided_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="decided_access_requests", null=True, on_delete=fields.SET_NULL
    )

    class Meta:
        table = "access_requests"
        indexes = (Index(fields=("status", "created_at")), Index(fields=("user_id", "status")))


class Deadline(Model):
    """Orders for a delivery date D close at `local_time` on D - `advance_days`."""

    _no_comments = NO_COMMENTS

    id = fields.IntField(primary_key=True)
    cafe: fields.ForeignKeyRelation[Cafe] = fields.ForeignKeyField(
        "models.Cafe", related_name="deadlines", on_delete=fields.CASCADE
    )
    weekday = fields.SmallIntField()  # of the delivery date: 0 = Monday … 6 = Sunday
    # A wall-clock time in TIMEZONE, not an instant: minutes after local midnight. (A TIME
    # column would be tied to UTC by the ORM's time zone support.)
    local_minutes = fields.SmallIntField()
    advance_days = fields.SmallIntField(default=0)

    class Meta:
        table = "deadlines"
        unique_together = (("cafe", "weekday"),)

    @property
    def local_time(self) -> dt.time:
        return dt.time(self.local_minutes // 60, self.local_minutes % 60)


class MenuItem(TimestampMixin, Model):
    _no_comments = NO_COMMENTS
    id = fields.IntField(primary_key=True)
    cafe: fields.ForeignKeyRelation[Cafe] = fields.ForeignKeyField(
        "models.Cafe", related_name="menu_items", on_delete=fields.CASCADE
    )
    key = fields.CharField(max_length=64)
    name = fields.CharField(max_length=255)
    category = fields.CharEnumField(Category, max_length=16)
    price = fields.DecimalField(**MONEY, default=0)  # charged for extras only
    is_available = fields.BooleanField(default=True)

    class Meta:
        table = "menu_items"
        unique_together = (("cafe", "key"),)
        indexes = (
            Index(fields=("cafe_id", "category")),
            # the statistics' untried dishes: read in name order, a person's first few found
            # (services/stats.py), so nothing sorts every dish on every menu for each person
            Index(fields=("name",)),
        )


class Combo(TimestampMixin, Model):
    _no_comments = NO_COMMENTS
    id = fields.IntField(primary_key=True)
    cafe: fields.ForeignKeyRelation[Cafe] = fields.ForeignKeyField(
        "models.Cafe", related_name="combos", on_delete=fields.CASCADE
    )
    key = fields.CharField(max_length=64)
    name = fields.CharField(max_length=255)
    categories: list[str] = fields.JSONField(default=list)  # type: ignore[assignment]
    price = fields.DecimalField(**MONEY)
    is_available = fields.BooleanField(default=True)

    class Meta:
        table = "combos"
        unique_together = (("cafe", "key"),)


class Order(TimestampMixin, Model):
    _no_comments = NO_COMMENTS
    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="orders", on_delete=fields.RESTRICT
    )
    cafe: fields.ForeignKeyRelation[Cafe] = fields.ForeignKeyField(
        "models.Cafe", related_name="orders", on_delete=fields.RESTRICT
    )
    date = fields.DateField()
    combo: fields.ForeignKeyRelation[Combo] = fields.ForeignKeyField(
        "models.Combo", related_name="orders", on_delete=fields.RESTRICT
    )
    notes = fields.TextField(null=True)
    total_amount = fields.DecimalField(**MONEY)
    status = fields.CharEnumField(OrderStatus, max_length=16, default=OrderStatus.ACTIVE)

    items: fields.ReverseRelation[OrderItem]
    extras: fields.ReverseRelation[OrderExtra]

    class Meta:
        table = "orders"
        indexes = (
            # "every order of a cafe on a date" (the deadline notification)
            Index(fields=("cafe_id", "date", "status")),
            # "a user's orders in the last 30 days" (statistics, My orders)
            Index(fields=("user_id", "date")),
        )


class OrderItem(Model):
    """One dish chosen for one category of the order's combo."""

    _no_comments = NO_COMMENTS

    id = fields.IntField(primary_key=True)
    order: fields.ForeignKeyRelation[Order] = fields.ForeignKeyField(
        "models.Order", related_name="items", on_delete=fields.CASCADE
    )
    menu_item: fields.ForeignKeyRelation[MenuItem] = fields.ForeignKeyField(
        "models.MenuItem", related_name="order_items", on_delete=fields.RESTRICT
    )

    class Meta:
        table = "order_items"
        unique_together = (("order", "menu_item"),)


class OrderExtra(Model):
    _no_comments = NO_COMMENTS
    id = fields.IntField(primary_key=True)
    order: fields.ForeignKeyRelation[Order] = fields.ForeignKeyField(
        "models.Order", related_name="extras", on_delete=fields.CASCADE
    )
    menu_item: fields.ForeignKeyRelation[MenuItem] = fields.ForeignKeyField(
        "models.MenuItem", related_name="order_extras", on_delete=fields.RESTRICT
    )
    quantity = fields.SmallIntField()
    unit_price = fields.DecimalField(**MONEY)  # the price when ordered; menus change

    class Meta:
        table = "order_extras"
        unique_together = (("order", "menu_item"),)


class ReminderStatus(StrEnum):
    PENDING = "pending"  # due; not yet taken by a sender
    SENDING = "sending"  # taken by a process (claimed_at says when)
    SENT = "sent"
    SKIPPED = "skipped"  # ordered meanwhile, turned reminders off, or the deadline passed
    FAILED = "failed"  # blocked the bot, or Telegram refused it


class Reminder(TimestampMixin, Model):
    """One reminder per person and delivery date: the unique row makes it once, whatever the
    number of processes, restarts or late scheduler ticks."""

    _no_comments = NO_COMMENTS

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="reminders", on_delete=fields.CASCADE
    )
    date = fields.DateField()
    deadline_at = fields.DatetimeField()  # the earliest deadline it reminds of
    status = fields.CharEnumField(ReminderStatus, max_length=16, default=ReminderStatus.PENDING)
    claimed_at = fields.DatetimeField(null=True)
    sent_at = fields.DatetimeField(null=True)
    message_id = fields.BigIntField(null=True)
    reason = fields.CharField(max_length=255, null=True)

    class Meta:
        table = "reminders"
        unique_together = (("user", "date"),)
        indexes = (Index(fields=("status", "deadline_at")),)


class OrderConfirmation(TimestampMixin, Model):
    """The message in the person's private chat confirming an order: one per order (so per
    person, cafe and date), edited on every change."""

    _no_comments = NO_COMMENTS

    id = fields.IntField(primary_key=True)
    order: fields.OneToOneRelation[Order] = fields.OneToOneField(
        "models.Order", related_name="confirmation", on_delete=fields.CASCADE
    )
    chat_id = fields.BigIntField(null=True)
    message_id = fields.BigIntField(null=True)
    sent_to_cafe_at = fields.DatetimeField(null=True)

    class Meta:
        table = "order_confirmations"


class DeadlineNotification(TimestampMixin, Model):
    """Outbox row and idempotency guard in one: a (cafe, date) is notified at most once."""

    _no_comments = NO_COMMENTS

    id = fields.IntField(primary_key=True)
    cafe: fields.ForeignKeyRelation[Cafe] = fields.ForeignKeyField(
        "models.Cafe", related_name="notifications", on_delete=fields.CASCADE
    )
    date = fields.DateField()
    deadline_at = fields.DatetimeField()
    status = fields.CharEnumField(
        NotificationStatus, max_length=16, default=NotificationStatus.PENDING
    )
    skip_reason = fields.CharField(max_length=32, null=True)
    orders_count = fields.IntField(default=0)
    total_amount = fields.DecimalField(**MONEY, default=0)
    tg_chat_id = fields.BigIntField(null=True)
    message_ids: list[int] = fields.JSONField(default=list)  # type: ignore[assignment]
    attempts = fields.IntField(default=0)
    last_error = fields.TextField(null=True)
    published_at = fields.DatetimeField(null=True)
    sent_at = fields.DatetimeField(null=True)
    # "✅ Принято" in the cafe's chat: who pressed it first, and when. The conditional update
    # that sets these (WHERE accepted_at IS NULL) is what makes a second press do nothing.
    accepted_at = fields.DatetimeField(null=True)
    accepted_by_tgid = fields.BigIntField(null=True)
    accepted_by_name = fields.CharField(max_length=255, null=True)
    # Set by the one process that alerts the managers when nobody accepted in time.
    ack_alerted_at = fields.DatetimeField(null=True)

    class Meta:
        table = "deadline_notifications"
        unique_together = (("cafe", "date"),)
        indexes = (Index(fields=("status", "deadline_at")),)


class DayOff(TimestampMixin, Model):
    """A date a cafe does not deliver (a holiday, a closure), whatever its deadlines say:
    no orders are taken for it and no deadline fires for it."""

    _no_comments = NO_COMMENTS

    id = fields.IntField(primary_key=True)
    cafe: fields.ForeignKeyRelation[Cafe] = fields.ForeignKeyField(
        "models.Cafe", related_name="days_off", on_delete=fields.CASCADE
    )
    date = fields.DateField()

    class Meta:
        table = "days_off"
        unique_together = (("cafe", "date"),)
