"""Personal nutrition advice from Gemini (SPEC §9).

- `key_pool`: the API keys and their shared state in Redis (limits, rotation, invalid keys);
- `prompt`: the seed's prompt and the answer's schema;
- `advisor`: one person's advice from Gemini, with the retry policy;
- `service`: the cache the Mini App reads;
- `batch`: everyone eligible, nightly, on an event or from the CLI.
"""
