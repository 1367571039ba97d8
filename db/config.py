"""Tortoise configuration, shared by the app, the CLI and aerich (`aerich.ini` points here)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
APP = "models"
MODELS = ["db.models", "aerich.models"]
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/lunchbot"


def tortoise_config(database_url: str) -> dict[str, Any]:
    return {
        "connections": {"default": database_url},
        "apps": {APP: {"models": MODELS, "default_connection": "default"}},
        "use_tz": True,
        "timezone": "UTC",
    }


# aerich reads this module-level dict; it only needs the database URL, not the whole settings.
TORTOISE_ORM = tortoise_config(os.environ.get("DATABASE_URL", DEFAULT_URL))
