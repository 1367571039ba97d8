"""Writes examples/menu.xlsx, the example menu spreadsheet, from examples/demo.yaml with the
same code the bot's "Download the menu" uses (`services.menu_files.write_workbook`).

    .venv/bin/python examples/make_menu_xlsx.py [CAFE_KEY]

Run it again after changing demo.yaml or the spreadsheet layout; commit the result.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from services.importer import load_file  # noqa: E402
from services.menu_files import write_workbook  # noqa: E402

# Holidays to show the "Выходные" sheet filled in.
DAYS_OFF = [dt.date(2026, 12, 31), dt.date(2027, 1, 1), dt.date(2027, 1, 2)]


def main(key: str = "pelmennaya") -> Path:
    data = load_file(HERE / "demo.yaml")
    cafe = next(c for c in data.cafes if c.key == key)
    target = HERE / "menu.xlsx"
    target.write_bytes(write_workbook(cafe.model_copy(update={"days_off": DAYS_OFF}), "ru"))
    return target


if __name__ == "__main__":
    print(main(*sys.argv[1:2]))
