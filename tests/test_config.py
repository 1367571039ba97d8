"""Settings: the documented names and defaults, and one clear line when something is wrong."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from core.config import ConfigError, load_settings
from lunchbot.cli import cli
from tests.support.processes import PROCESS_TIMEOUT

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _no_tortoise_env(monkeypatch: pytest.MonkeyPatch) -> None:
    # Tortoise.init writes TIMEZONE=UTC into os.environ (the harness has called it); settings
    # are read once at start-up in the app, so only tests reading them again must undo that.
    monkeypatch.delenv("TIMEZONE", raising=False)


def test_defaults_are_the_spec_defaults() -> None:
    s = load_settings(env_file=None)
    assert str(s.database.url) == "postgres://postgres@127.0.0.1:5432/lunchbot"
    assert str(s.redis.url) == "redis://127.0.0.1:6379/0"
    assert s.kafka.broker_url == []
    assert not s.kafka.enabled
    assert s.kafka.topic_prefix == "lunch-bot"
    assert s.telegram.bot_token is None
    assert s.telegram.api_base == "https://api.telegram.org"
    assert s.telegram.mode == "polling"
    assert s.webhook.base_url is None
    assert s.webhook.secret is None
    assert s.webhook.path == "/telegram/webhook"
    assert (s.web.host, s.web.port) == ("0.0.0.0", 8080)
    assert s.app.admin_ids == frozenset()
    assert s.mini_app_url is None
    assert s.app.timezone == "Europe/Moscow"
    assert s.app.init_data_max_age == 86400
    assert s.gemini.api_keys == []
    assert not s.gemini.enabled
    assert s.gemini.max_requests_per_key == 195
    assert s.gemini.model.startswith("gemini-")
    assert "flash" in s.gemini.model
    assert s.gemini.base_url is None
    assert (s.log.level, s.log.format) == ("INFO", "json")


DOCUMENTED_VARIABLES = """
DATABASE_URL REDIS_URL KAFKA_BROKER_URL KAFKA_TOPIC_PREFIX TELEGRAM_BOT_TOKEN TELEGRAM_API_SERVER
TELEGRAM_MODE WEBHOOK_BASE_URL WEBHOOK_PATH WEBHOOK_SECRET WEB_HOST WEB_PORT ADMIN_IDS
MINI_APP_URL TIMEZONE INIT_DATA_MAX_AGE GEMINI_API_KEYS GEMINI_MAX_REQUESTS_PER_KEY GEMINI_MODEL
GEMINI_BASE_URL LOG_LEVEL LOG_FORMAT
""".split()


def test_env_example_lists_every_variable() -> None:
    listed = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert set(DOCUMENTED_VARIABLES) <= listed, f"missing: {set(DOCUMENTED_VARIABLES) - listed}"


def test_lists_and_derived_values(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADMIN_IDS", "1, 2,3")
    monkeypatch.setenv("KAFKA_BROKER_URL", "k1:9092,k2:9092")
    monkeypatch.setenv("GEMINI_API_KEYS", "key-one-123,key-two-456")
    monkeypatch.setenv("WEBHOOK_BASE_URL", "https://lunch.example.com")
    s = load_settings(env_file=None)
    assert s.app.admin_ids == {1, 2, 3}
    assert s.kafka.broker_url == ["k1:9092", "k2:9092"]
    assert [k.get_secret_value() for k in s.gemini.api_keys] == ["key-one-123", "key-two-456"]
    assert s.mini_app_url == "https://lunch.example.com/app/"
    assert s.webhook.url == "https://lunch.example.com/telegram/webhook"


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"REDIS_URL": "not-a-url"}, "REDIS_URL"),
        ({"DATABASE_URL": "mysql://x"}, "DATABASE_URL"),
        ({"TELEGRAM_MODE": "carrier-pigeon"}, "TELEGRAM_MODE"),
        ({"WEB_PORT": "eighty"}, "WEB_PORT"),
        ({"TIMEZONE": "Mars/Olympus"}, "TIMEZONE"),
        ({"ADMIN_IDS": "1,two"}, "ADMIN_IDS"),
        ({"TELEGRAM_BOT_TOKEN": "12345"}, "TELEGRAM_BOT_TOKEN"),
    ],
)
def test_malformed_setting_names_the_variable(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], variable: str
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as caught:
        load_settings(env_file=None)
    assert str(caught.value).startswith(f"{variable}:")
    assert "\n" not in str(caught.value)


def _lunchbot(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """As a real process, from a folder without a `.env`."""
    clean = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    return subprocess.run(
        [sys.executable, "-m", "lunchbot", *args],
        cwd=tempfile.gettempdir(),  # no .env there
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=PROCESS_TIMEOUT,
    )


def _lunchbot_here(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, *args: str, **env: str
) -> subprocess.CompletedProcess[str]:
    """In this process (typer's runner), from a folder without a `.env`: what a real process
    would print and exit with, without a new interpreter's seconds of imports."""
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, list(args), env=env)
    return subprocess.CompletedProcess(args, result.exit_code, result.stdout, result.stderr)


def test_run_without_a_token_prints_one_line() -> None:
    result = _lunchbot("run")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "lunchbot: configuration error: TELEGRAM_BOT_TOKEN: required to run the bot"
    ]


def test_bad_redis_url_prints_one_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    result = _lunchbot_here(
        monkeypatch, tmp_path, "run", REDIS_URL="not-a-url", TELEGRAM_BOT_TOKEN="1:" + "x" * 30
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("lunchbot: configuration error: REDIS_URL:")


def test_webhook_mode_needs_its_secret_and_never_prints_the_token(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    token = "123456:SUPERSECRET-value-that-must-not-leak"
    result = _lunchbot_here(
        monkeypatch,
        tmp_path,
        "run",
        TELEGRAM_BOT_TOKEN=token,
        TELEGRAM_MODE="webhook",
        WEBHOOK_BASE_URL="https://lunch.example.com",
    )
    assert result.returncode == 2
    assert "WEBHOOK_SECRET" in result.stderr
    assert "SUPERSECRET" not in result.stderr + result.stdout


def test_empty_values_in_env_file_mean_the_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`.env.example` as shipped: `WEBHOOK_BASE_URL=`, `WEBHOOK_SECRET=`, `GEMINI_BASE_URL=`…
    are "not set", in the file and in the environment alike."""
    env_file = tmp_path / ".env"
    env_file.write_text((ROOT / ".env.example").read_text())
    monkeypatch.setenv("ALERT_BEFORE_DEADLINE_MINUTES", "")
    monkeypatch.setenv("WEB_PORT", "")
    s = load_settings(env_file=str(env_file))
    assert s.webhook.base_url is None
    assert s.webhook.secret is None
    assert s.gemini.base_url is None
    assert s.kafka.broker_url == []
    assert s.app.admin_ids == frozenset()
    assert s.mini_app_url is None
    assert s.web.port == 8080
    assert s.app.alert_before_deadline_minutes == 60
    assert s.telegram.bot_token is None


@pytest.mark.parametrize("secret", ["x", "s" * 31])
def test_a_short_webhook_secret_is_refused_naming_the_variable(secret: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(env_file=None, webhook={"secret": secret})
    assert str(caught.value) == (
        "WEBHOOK_SECRET: must be at least 32 characters (`lunchbot secret` prints one)"
    )
    assert secret not in str(caught.value)


def test_lunchbot_secret_prints_a_secret_the_settings_accept() -> None:
    from typer.testing import CliRunner

    from lunchbot.cli import cli

    first, second = (CliRunner().invoke(cli, ["secret"]) for _ in range(2))
    assert first.exit_code == 0
    secret = first.stdout.strip()
    assert len(secret) >= 32
    assert secret != second.stdout.strip()
    settings = load_settings(env_file=None, webhook={"secret": secret})
    assert settings.webhook.secret.get_secret_value() == secret
