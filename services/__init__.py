"""The domain: what the bot, the web API, the scheduler and the CLI all call.

Nothing here knows about aiogram handlers or aiohttp routes; both sides are thin adapters.
`Services` is built once per process (see `bot.app`) and handed to handlers through the
dispatcher's workflow data and to routes through the aiohttp app.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

# Names only: importing `services.errors` (every web route does, and `lunchbot initdata`
# through `web.auth`) runs this file first, and the services behind them pull in aiogram,
# Tortoise and openpyxl. `bot.app` imports each service where it builds it.
if TYPE_CHECKING:
    from services.linking import LinkService
    from services.menu_admin import MenuAdmin
    from services.menus import MenuService
    from services.notifications.acceptance import AcceptanceService
    from services.office import OfficeService
    from services.ordering import OrderingService
    from services.recommendations.batch import RecommendationBatch
    from services.recommendations.service import RecommendationService
    from services.roster import RosterService
    from services.stats import StatsService
    from services.users import UserService


@dataclass(frozen=True)
class Services:
    users: UserService
    menus: MenuService
    menu_admin: MenuAdmin
    ordering: OrderingService
    links: LinkService
    stats: StatsService
    recommendations: RecommendationService
    recommendation_batch: RecommendationBatch
    acceptance: AcceptanceService
    office: OfficeService
    roster: RosterService

    async def close(self) -> None:
        """Release what services hold beyond the shared Redis and database (HTTP clients)."""
        await self.recommendation_batch.close()
