"""One router per feature, built by its module's `create_router()`.

Routers are created per Dispatcher rather than at import time: a router can belong to one
dispatcher only, and tests, the sandbox and benchmarks build several in one process.
"""
