# Gemini recommendations: messages to admins.

recommendations-pool-exhausted =
    ⚠️ The Gemini keys ran out — the nightly recommendations stopped.
    Done: { $generated ->
        [one] { $generated } person
       *[other] { $generated } people
    }, not reached: { $remaining ->
        [one] { $remaining } person
       *[other] { $remaining } people
    }. They keep their previous recommendations.
    Keys: { $keys } — daily limit reached: { $used_up }, invalid: { $invalid }, rate-limited: { $rate_limited }.
    Add keys to GEMINI_API_KEYS or wait for the limits to reset; the next such message comes a day later at the earliest.
