"""The use cases: what the bot, the web API, the scheduler and the CLI all call.

Nothing here knows about aiogram handlers or aiohttp routes; both are thin adapters over these
services. What a use case needs from outside (telling people, asking Telegram) it names as a
protocol in `services.ports`; `lunchbot.container` builds the services and hands them over.
"""
