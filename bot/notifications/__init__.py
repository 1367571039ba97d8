"""The bot's side of deadline notifications: the message, and delivering it."""
