"""The layers of docs/architecture.md hold: `lint-imports` checks the contracts in
pyproject.toml (the composition root above the two adapters, which never import each other,
the services below them, then core and db; nothing of the product imports the sandbox)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_import_contracts_are_kept() -> None:
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_a_web_import_of_the_bot_would_break_them(tmp_path: Path) -> None:
    """The contract is not vacuous: a route importing a bot module is reported. Checked on a
    copy of the packages, so the stray module never appears in the tree another test (or
    `make lint`) is checking at the same time."""
    for package in ("bot", "core", "db", "lunchbot", "sandbox", "services", "web"):
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("*.pyc"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    (tmp_path / "web" / "_stray_import_check.py").write_text(
        "import bot.sender  # noqa: F401\n", encoding="utf-8"
    )
    result = subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports")), "--no-cache"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "web._stray_import_check -> bot.sender" in result.stdout
