"""Telegram's error envelope and the double's own complaints to a test."""

from __future__ import annotations

from typing import Any

Json = dict[str, Any]


class ApiError(Exception):
    """A Telegram error answer. Handlers raise it so validation can bail out at
    any depth, and injected faults reuse the exact same envelope."""

    def __init__(self, status: int, description: str, parameters: Json | None = None) -> None:
        super().__init__(description)
        self.status, self.description, self.parameters = status, description, parameters

    def body(self) -> Json:
        body: Json = {"ok": False, "error_code": self.status, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


class WebhookDeliveryError(RuntimeError):
    """The bot's webhook could not be reached; Telegram would retry later, but
    in a test that is nearly always a wiring bug worth failing loudly on."""


class ButtonNotFound(LookupError):
    pass
