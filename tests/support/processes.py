"""Waiting for a real `lunchbot` (or Python) process a test starts."""

from __future__ import annotations

# A new interpreter spends seconds importing aiogram before it does anything, and many more
# while the other test workers keep every core busy: a process is given this long to start,
# answer or exit. It is a bound for a hang, never a speed target (those live in bench/).
PROCESS_TIMEOUT = 180.0
