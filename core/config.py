"""Settings, read from the environment (and `.env`) with the names the README lists (Configuration).

Each section is its own `BaseSettings` with an env prefix, so `TELEGRAM_BOT_TOKEN` lives in
`settings.telegram.bot_token`. `load_settings()` builds them one by one so that a validation
error can be reported as one line naming the environment variable, never the value.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AnyHttpUrl,
    BaseModel,
    ConfigDict,
    Field,
    PositiveInt,
    PostgresDsn,
    RedisDsn,
    SecretStr,
    ValidationError,
    field_validator,
)
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_GEMINI_MODEL = "gemini-2.5-flash"
_TOKEN_RE = re.compile(r"^\d+:[A-Za-z0-9_-]{20,}$")
_WEBHOOK_SECRET_RE = re.compile(r"[A-Za-z0-9_-]{1,256}")
# Telegram takes 1-256 characters; anything short can be guessed, and the log scrubber
# only hides secrets long enough not to match ordinary words.
MIN_WEBHOOK_SECRET = 32


class ConfigError(Exception):
    """A setting is missing or malformed; the message names the variable and is safe to print."""


def _split_csv(value: Any) -> Any:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


class _Section(BaseSettings):
    # `VAR=` (as `.env.example` ships most lines) means "not set": the default applies.
    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        env_ignore_empty=True,
        extra="ignore",
        frozen=True,
    )


class DatabaseSettings(_Section, env_prefix="DATABASE_"):
    url: PostgresDsn = PostgresDsn("postgres://postgres@127.0.0.1:5432/lunchbot")


class RedisSettings(_Section, env_prefix="REDIS_"):
    url: RedisDsn = RedisDsn("redis://127.0.0.1:6379/0")


class KafkaSettings(_Section, env_prefix="KAFKA_"):
    broker_url: Annotated[list[str], NoDecode] = []
    topic_prefix: str = Field("lunch-bot", pattern=r"^[A-Za-z0-9._-]+$")
    # tansu (our test broker) has no idempotent producer; real Kafka may turn it on.
    enable_idempotence: bool = False
    partitions: int = Field(3, ge=1)
    replication_factor: int = Field(1, ge=1)
    session_timeout_ms: int = Field(10_000, ge=1000)

    _split = field_validator("broker_url", mode="before")(_split_csv)

    @property
    def enabled(self) -> bool:
        return bool(self.broker_url)


class TelegramSettings(_Section, env_prefix="TELEGRAM_"):
    bot_token: SecretStr | None = None
    api_server: AnyHttpUrl = AnyHttpUrl("https://api.telegram.org")
    mode: Literal["polling", "webhook"] = "polling"

    @field_validator("bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not _TOKEN_RE.match(value.get_secret_value()):
            raise ValueError("malformed, expected '<bot id>:<secret>' as issued by @BotFather")
        return value

    @property
    def api_base(self) -> str:
        return str(self.api_server).rstrip("/")


class WebhookSettings(_Section, env_prefix="WEBHOOK_"):
    base_url: AnyHttpUrl | None = None
    path: str = Field("/telegram/webhook", pattern=r"^/\S*$")
    secret: SecretStr | None = None

    @field_validator("secret")
    @classmethod
    def _secret_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None  # empty means unset
        if not _WEBHOOK_SECRET_RE.fullmatch(value.get_secret_value()):
            raise ValueError("must be 32-256 characters of A-Z, a-z, 0-9, _ and -")
        if len(value.get_secret_value()) < MIN_WEBHOOK_SECRET:
            raise ValueError(
                f"must be at least {MIN_WEBHOOK_SECRET} characters (`lunchbot secret` prints one)"
            )
        return value

    @property
    def url(self) -> str | None:
        if self.base_url is None:
            return None
        return str(self.base_url).rstrip("/") + self.path


class WebSettings(_Section, env_prefix="WEB_"):
    host: str = "0.0.0.0"
    port: int = Field(8080, ge=0, le=65535)


class GeminiSettings(_Section, env_prefix="GEMINI_"):
    api_keys: Annotated[list[SecretStr], NoDecode] = []
    max_requests_per_key: PositiveInt = 195
    model: str = DEFAULT_GEMINI_MODEL
    base_url: AnyHttpUrl | None = None
    # People the batch asks about at once. Free-tier keys allow only a few requests a minute.
    concurrency: int = Field(4, ge=1, le=64)

    _split = field_validator("api_keys", mode="before")(_split_csv)

    @property
    def enabled(self) -> bool:
        return bool(self.api_keys)


class LogSettings(_Section, env_prefix="LOG_"):
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"
    format: Literal["json", "console"] = "json"

    @field_validator("level", "format", mode="before")
    @classmethod
    def _case(cls, value: Any, info: Any) -> Any:
        if isinstance(value, str):
            return value.upper() if info.field_name == "level" else value.lower()
        return value


class Signup(StrEnum):
    """What someone not on the office roster can do about it (`SIGNUP`)."""

    OPEN = "open"  # on the roster at first contact: a bot behind a private link
    APPROVAL = "approval"  # "Request access", and a manager approves or rejects
    CLOSED = "closed"  # the import and `/grant` only


class AppSettings(_Section):
    admin_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    mini_app_url: AnyHttpUrl | None = None
    timezone: str = "Europe/Moscow"
    init_data_max_age: PositiveInt = 86400
    # Minutes before the day's earliest deadline that people without an order are reminded;
    # 0 turns reminders off.
    reminder_minutes: int = Field(60, ge=0, le=24 * 60)
    # Minutes after a cafe's list was sent before the managers hear nobody accepted it (0: off).
    ack_timeout_minutes: int = Field(30, ge=0, le=24 * 60)
    # How long before a deadline managers hear of a cafe with orders and no working chat.
    alert_before_deadline_minutes: int = Field(60, ge=0, le=24 * 60)
    signup: Signup = Signup.APPROVAL

    _split = field_validator("admin_ids", mode="before")(_split_csv)

    @field_validator("reminder_minutes", "ack_timeout_minutes", "signup", mode="before")
    @classmethod
    def _empty_is_default(cls, value: Any, info: Any) -> Any:
        if value in ("", None):
            return cls.model_fields[info.field_name].default
        return value.lower() if isinstance(value, str) and info.field_name == "signup" else value

    @field_validator("mini_app_url", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: Any) -> Any:
        return value or None

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown IANA time zone {value!r}") from None
        return value


# The environment prefix of each section, to name the variable in an error.
_SECTIONS: dict[str, tuple[type[_Section], str]] = {
    "database": (DatabaseSettings, "DATABASE_"),
    "redis": (RedisSettings, "REDIS_"),
    "kafka": (KafkaSettings, "KAFKA_"),
    "telegram": (TelegramSettings, "TELEGRAM_"),
    "webhook": (WebhookSettings, "WEBHOOK_"),
    "web": (WebSettings, "WEB_"),
    "gemini": (GeminiSettings, "GEMINI_"),
    "log": (LogSettings, "LOG_"),
    "app": (AppSettings, ""),
}


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    database: DatabaseSettings
    redis: RedisSettings
    kafka: KafkaSettings
    telegram: TelegramSettings
    webhook: WebhookSettings
    web: WebSettings
    gemini: GeminiSettings
    log: LogSettings
    app: AppSettings

    @cached_property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.app.timezone)

    @property
    def mini_app_url(self) -> str | None:
        """`MINI_APP_URL`, or the server's own `/app/` when a public base URL is known."""
        if self.app.mini_app_url is not None:
            return str(self.app.mini_app_url)
        if self.webhook.base_url is not None:
            return str(self.webhook.base_url).rstrip("/") + "/app/"
        return None

    @property
    def bot_token(self) -> str:
        """The token, for the few places that must hold it (Bot, initData check)."""
        if self.telegram.bot_token is None:
            raise ConfigError("TELEGRAM_BOT_TOKEN: required to run the bot")
        return self.telegram.bot_token.get_secret_value()

    def secrets(self) -> list[str]:
        """Every secret value, so the log pipeline can scrub them from any line."""
        values = [key.get_secret_value() for key in self.gemini.api_keys]
        for secret in (self.telegram.bot_token, self.webhook.secret):
            if secret is not None:
                values.append(secret.get_secret_value())
        return [value for value in values if value]

    def require_bot(self) -> None:
        """What `lunchbot run` needs beyond what migrations and imports need."""
        _ = self.bot_token
        if self.telegram.mode == "webhook":
            if self.webhook.base_url is None:
                raise ConfigError("WEBHOOK_BASE_URL: required when TELEGRAM_MODE=webhook")
            if self.webhook.secret is None:
                raise ConfigError("WEBHOOK_SECRET: required when TELEGRAM_MODE=webhook")


def _describe(error: ValidationError, prefix: str) -> str:
    parts = []
    for item in error.errors(include_input=False, include_url=False):
        field = str(item["loc"][0]) if item["loc"] else ""
        message = item["msg"].removeprefix("Value error, ")
        parts.append(f"{prefix}{field.upper()}: {message}")
    return "; ".join(parts)


def load_settings(env_file: str | None = ".env", **overrides: Any) -> Settings:
    """Read every section from the environment (and `env_file`); `overrides` maps a section
    name to a dict of field values that win over both.

    Raises ConfigError with one line naming the variable(s) at fault.
    """
    sections: dict[str, _Section] = {}
    for name, (cls, prefix) in _SECTIONS.items():
        try:
            sections[name] = cls(_env_file=env_file, **overrides.get(name, {}))
        except ValidationError as error:
            raise ConfigError(_describe(error, prefix)) from None
    return Settings(**sections)
