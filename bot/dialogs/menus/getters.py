"""What the menus dialog's windows show, read afresh on every render."""

from __future__ import annotations

from typing import Any

from aiogram import html
from aiogram_dialog import DialogManager
from aiogram_i18n import I18nContext

from bot.texts import local_date
from db.models import Cafe
from services.menu_admin import CafeDiff, MenuAdmin


async def cafes_list(**_: Any) -> dict:
    cafes = await Cafe.all().order_by("name", "id")
    return {"cafes": [{"id": c.id, "label": f"{c.name} · #{c.id}"} for c in cafes]}


async def cafe_card(dialog_manager: DialogManager, menu_admin: MenuAdmin, **_: Any) -> dict:
    cafe = await menu_admin.cafe(dialog_manager.dialog_data["cafe_id"])
    return {"cafe": html.quote(cafe.name), "cafe_id": str(cafe.id)}


async def upload_prompt(dialog_manager: DialogManager, **kwargs: Any) -> dict:
    errors = dialog_manager.dialog_data.get("errors")
    return {
        **await cafe_card(dialog_manager, **kwargs),
        "errors": errors or "",
        "bad": bool(errors),
    }


def render_preview(i18n: I18nContext, diffs: list[CafeDiff]) -> str:
    """The preview, per cafe: added, changed (old → new), taken off; or "no changes"."""
    parts = []
    for diff in diffs:
        lines = [i18n.get("menus-preview-cafe", cafe=html.quote(diff.name))]
        if diff.empty:
            lines.append(i18n.get("menus-preview-none"))
        if diff.renamed_to:
            lines.append(i18n.get("menus-preview-renamed", name=html.quote(diff.renamed_to)))
        for name in diff.added:
            lines.append(f"➕ {html.quote(name)}")
        for change in diff.changed:
            what = i18n.get(f"menus-field-{change.what}")
            old, new = html.quote(change.old), html.quote(change.new)
            lines.append(f"✏️ {html.quote(change.name)}: {what} {old} → {new}")
        for name in diff.removed:
            lines.append(f"➖ {html.quote(name)}")
        if diff.deadlines_changed:
            lines.append(i18n.get("menus-preview-deadlines"))
        if diff.days_off_added:
            days = ", ".join(local_date(d, i18n.locale) for d in diff.days_off_added)
            lines.append(i18n.get("menus-preview-days-off-added", days=days))
        if diff.days_off_removed:
            days = ", ".join(local_date(d, i18n.locale) for d in diff.days_off_removed)
            lines.append(i18n.get("menus-preview-days-off-removed", days=days))
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


async def preview(
    dialog_manager: DialogManager, menu_admin: MenuAdmin, i18n: I18nContext, **_: Any
) -> dict:
    token = dialog_manager.dialog_data.get("token", "")
    staged = await menu_admin.staged(token)
    if staged is None:  # decided meanwhile (another click, another manager) or expired
        return {"preview": "", "waiting": False, "changes": False}
    return {
        "preview": render_preview(i18n, staged.diffs),
        "waiting": True,
        "changes": any(not d.empty for d in staged.diffs),
    }


async def decision(dialog_manager: DialogManager, **_: Any) -> dict:
    data = dialog_manager.dialog_data
    return {
        "outcome": data.get("outcome", "gone"),
        "by": html.quote(data.get("by") or "—"),
        "mine": "yes" if data.get("mine") else "no",
        "told": data.get("told", 0),
    }


async def stop_list(dialog_manager: DialogManager, menu_admin: MenuAdmin, **_: Any) -> dict:
    cafe_id = dialog_manager.dialog_data["cafe_id"]
    items = await menu_admin.items(cafe_id)
    return {
        **await cafe_card(dialog_manager, menu_admin),
        "items": [
            {"id": i.id, "label": f"{'✅' if i.is_available else '⛔'} {i.name}"} for i in items
        ],
        "stopped": sum(not i.is_available for i in items),
    }


async def days_off(
    dialog_manager: DialogManager, menu_admin: MenuAdmin, i18n: I18nContext, **_: Any
) -> dict:
    days = await menu_admin.days_off(dialog_manager.dialog_data["cafe_id"])
    return {
        **await cafe_card(dialog_manager, menu_admin),
        "days_off": ", ".join(local_date(d, i18n.locale) for d in days) or "—",
        "days_off_set": {d.isoformat() for d in days},
    }
