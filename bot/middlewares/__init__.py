"""Outer middlewares, in the order they run: who the user is, then which language they read."""
