"""`lunchbot initdata TGID`: initData the API accepts, signed with the configured bot token."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from core.clock import Clock
from lunchbot.cli import cli
from tests.conftest import TOKEN
from web.auth import parse_authorization


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.chdir(tmp_path)  # away from any developer's .env
    return CliRunner()


def test_initdata_prints_signed_init_data_for_the_user(runner: CliRunner) -> None:
    args = ["initdata", "9201", "--name", "Иван Сидоров", "--username", "@ivan"]
    result = runner.invoke(cli, args, env={"TELEGRAM_BOT_TOKEN": TOKEN})
    assert result.exit_code == 0, result.output
    init_data = result.stdout.strip()
    assert "\n" not in init_data
    data = parse_authorization(f"tma {init_data}", bot_token=TOKEN, max_age=60, clock=Clock())
    assert data.user is not None
    assert (data.user.id, data.user.first_name, data.user.last_name, data.user.username) == (
        9201,
        "Иван",
        "Сидоров",
        "ivan",
    )


def test_initdata_needs_the_bot_token(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["initdata", "9201"])
    assert result.exit_code == 2
    assert "TELEGRAM_BOT_TOKEN" in result.stderr
    assert result.stdout == ""
