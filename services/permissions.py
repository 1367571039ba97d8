"""Who may do what: one rule per action, read by the bot's filters and the web API alike.

| action | who | bot | HTTP |
|---|---|---|---|
| `link_cafe` | managers, admins | `/link` | — |
| `link_requests` | managers, admins | `/requests` | `GET /cafe-requests`, `…/approve|reject` |
| `cafes` | managers, admins | `/cafes` | — |
| `notifications` | managers, admins | `/notifications` | `PATCH /cafes/{id}/notifications` |
| `unlink` | managers, admins | `/unlink` | `DELETE /cafes/{id}/link` |
| `access_requests` | managers, admins | `/users` (the roster, access requests) | — |
| `roles` | admins | `/grant`, `/revoke` | — |
| `others_recommendations` | managers, admins | — | `GET /users/{other}/recommendations` |
| `reports` | managers, admins | `/report` | `GET /reports/monthly` |
| `office` | managers, admins | `/today` and its button | `GET /office/today`, `/office/month` |
| `menus` | managers, admins | `/menus`, a menu file | `PUT …/menu`, `…/menu.xlsx`, `…/days-off/…` |

Managers run lunch every day, so everything about cafes and their chats is theirs; only who
holds which role is an admin's. `ADMIN_IDS` are admins whatever their row says. Someone whose
row is inactive may do nothing at all, whatever their role (ADMIN_IDS included: deactivating
is deliberate). Someone not on the office roster may do none of it either (`services.roster`).
"""

from __future__ import annotations

from enum import StrEnum

from db.models import Role


class Action(StrEnum):
    LINK_CAFE = "link_cafe"
    LINK_REQUESTS = "link_requests"
    CAFES = "cafes"
    NOTIFICATIONS = "notifications"
    UNLINK = "unlink"
    ACCESS_REQUESTS = "access_requests"
    ROLES = "roles"
    OTHERS_RECOMMENDATIONS = "others_recommendations"
    REPORTS = "reports"
    OFFICE = "office"
    MENUS = "menus"


_RANK = {Role.EMPLOYEE: 0, Role.MANAGER: 1, Role.ADMIN: 2}

# The least role each action needs.
RULES: dict[Action, Role] = {
    Action.LINK_CAFE: Role.MANAGER,
    Action.LINK_REQUESTS: Role.MANAGER,
    Action.CAFES: Role.MANAGER,
    Action.NOTIFICATIONS: Role.MANAGER,
    Action.UNLINK: Role.MANAGER,
    Action.ACCESS_REQUESTS: Role.MANAGER,
    Action.ROLES: Role.ADMIN,
    Action.OTHERS_RECOMMENDATIONS: Role.MANAGER,
    Action.REPORTS: Role.MANAGER,
    Action.OFFICE: Role.MANAGER,
    Action.MENUS: Role.MANAGER,
}


def role_allows(role: Role, action: Action) -> bool:
    return _RANK[role] >= _RANK[RULES[action]]
