from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "order_confirmations" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "id" SERIAL NOT NULL PRIMARY KEY,
    "chat_id" BIGINT,
    "message_id" BIGINT,
    "sent_to_cafe_at" TIMESTAMPTZ,
    "order_id" INT NOT NULL UNIQUE REFERENCES "orders" ("id") ON DELETE CASCADE
);
COMMENT ON TABLE "order_confirmations" IS 'The message in the person''s private chat confirming an order: one per order (so per';
        CREATE TABLE IF NOT EXISTS "reminders" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "id" SERIAL NOT NULL PRIMARY KEY,
    "date" DATE NOT NULL,
    "deadline_at" TIMESTAMPTZ NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "claimed_at" TIMESTAMPTZ,
    "sent_at" TIMESTAMPTZ,
    "message_id" BIGINT,
    "reason" VARCHAR(255),
    "user_id" INT NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_reminders_user_id_fe946f" UNIQUE ("user_id", "date")
);
CREATE INDEX IF NOT EXISTS "idx_reminders_status_ec3e00" ON "reminders" ("status", "deadline_at");
COMMENT ON COLUMN "reminders"."status" IS 'PENDING: pending\nSENDING: sending\nSENT: sent\nSKIPPED: skipped\nFAILED: failed';
COMMENT ON TABLE "reminders" IS 'One reminder per person and delivery date: the unique row makes it once, whatever the';
        ALTER TABLE "users" ADD "started_at" TIMESTAMPTZ;
        ALTER TABLE "users" ADD "blocked_at" TIMESTAMPTZ;
        ALTER TABLE "users" ADD "reminders_enabled" BOOL NOT NULL DEFAULT True;"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "users" DROP COLUMN "started_at";
        ALTER TABLE "users" DROP COLUMN "blocked_at";
        ALTER TABLE "users" DROP COLUMN "reminders_enabled";
        DROP TABLE IF EXISTS "reminders";
        DROP TABLE IF EXISTS "order_confirmations";"""


MODELS_STATE = (
    "eJztXW1z2rgW/isavmx2JttJSZrkMnfuDCFuy5ZABmhvdzc7rrAV8MWWqS2nZbr971eSbf"
    "B7bDBgHH1pg6wj28+RpaPnnCP9aBiminT7VQc+okYL/GhgaLA/QuWnoAEXi3UpKyBwovOK"
    "Cq3BS+DEJhZUCC18hLqNaJGKbMXSFkQzMS3Fjq6zQlOhFTU8XRc5WPvqIJmYU0RmyKIX/v"
    "qbFmtYRd9p497PxVx+1JCuhp5TU9m9eblMlgte1sXkLa/I7jaRFVN3DLyuvFiSmYlXtTVM"
    "WOkUYWRBgljzxHLY47On817TfyP3SddV3EcMyKjoETo6CbzuRF6XNWS5PxjLI2ksy40CAC"
    "kmZuDSR7X520/ZI/zWfH1xdXF9fnlxTavwx1yVXP10b70GxhXk8PTHjZ/8OiTQrcExXoOq"
    "WIghIUMSB/eWXiGagZIRDktGkFY90Vf+H1HcfZSzgPcL1sive9s+oKcvqA6wvvRUnoHzuH"
    "snjcbtu3t2O8O2v+ocv/ZYYleavHQZKT25/JWVm/RDcj+vVSPgv93xe8B+gj8HfYnDa9pk"
    "avE7ruuN/2ywZ4IOMWVsfpOhGuidfqmPGq251rqzUDfUelhSaL0qWvcxCqjde/q11udoGV"
    "d3ZwatZFV71SM6plhtotXDDqIG/C7rCE/JjP68vMjQ6af2sPO+PTy5vIjoqe9dafJLP0PA"
    "8v8LIOvXLwfaQ38wIXCbb97kQJfWSoWXXwvjq9kytTa0pwSQb0xTRxCnGAFBuQjYEyq4K7"
    "T9vr0DtDPAvRkMeqGR6KY7joD88e5GGp685tjTShpBQSthDTiZysoMEjnJ5LrRpqlWV1ju"
    "eesrAXAPu4oMHK719a9m8/z8qnl2fnn95uLq6s312coMi1/Kssduuu8Y2CGlJKLv2MgqOq"
    "pExDYaXKLoV2ps2cHAbRLtUVMgey5bRpihkNTlswaZ1DbEgJN/wNE1PN/IHg0JlmCOVuwD"
    "OF7rM77o0CGeOnBaaEwLyuzPWmpYTmMvI9p1jgHtOnU8u2bDGaNLHueBtT0rmEBl/g1aqh"
    "y6Ev7cZAtRRGxiJ4x3nvjbD0Ok84EtAf8AbdSjzQ3d1o7QgP3pdzq/tJGwdlJMY2JuCxVr"
    "o64AqXTZTLsV2hKjW6+ZusIUshbKgaofaLKusBkIOzK1HowtMbuj7XRpM3XFybRUZG2J0Y"
    "C1USeA2IxoNs20OTJ+yWga0RKIqRWievdmd0qZ/lIcK5EZMtvHIsem5506XH401u9KrSpI"
    "HH7PAL/PBND3BbUFbT5seW147+ndyO9FDV6ZPi7/wXtnoP0wQ+DdbZv2hbtIuIsqMfwcqe"
    "NAuIteotbzuIsOSAJXTsuCB641D8z7K9GIXgjosFT9cN6JL29tYMZhlrBjcKi79KkgVlAM"
    "8rX0HtnABcIqQ60Y6I17qX/b7b9rAU/+Abfv74eDT9JtC9AFgGU+IfUBD6Xfpc6YlVnof0"
    "ghru+gqKpeX+bQ1OvoZLJWFLsU1hN9PoXa4xvN+lFZwctXZ5qPW3d8yVlotRSQqNP0vuWq"
    "KenbmSyLIZsgWYoXvWYAe9zIBgAnSAqAXYBjnqTwEBEH+a1pIW2KP6BlbNJO9xUd4fCQRi"
    "zSYgt+W1FPwWGRvjt9Y+S6uzvtUad9KzVSu3AJ0H60c3G2Feu2eZFN+GpDCNPnAP2PvV4j"
    "dRgWED8DccLMkwJxuoN5p0Q7d54m0eu+VzWDVF85b8sl0v9aDYwsVvZvkcggmOkqzl9Hyl"
    "EKZvolar3qiQyH1qpIZThq+lOhaExNS0uKk/p9NOinES5BqehgpSkE/AN0bXfRd41/PzpY"
    "YXCCiaPpRMP2K3a//xTkRMvg1xhKoXHKx/vkrv05qopOb3ATHYBYAzcxxkZTEvr9LVI0A+"
    "ppXI2WuFxQXaFXnvARfgcZ6N9Kne5du3fyunnajER1+2q4OEvK33mCmvu6MZCfTeEJioqg"
    "+vxB9YLYFbRYBZiFZ2mxPBHrIrBxz4GNq0DsBMolGKSdzrqEIsKfJV4aXDs2eDQtAAFtTH"
    "tC1hKwBRi4BYpu2ghAAr7opgJ1ma3JvgBqjtyC38AXqD6xL0xW4dL+8irqPy235Uwa6BtC"
    "c1pVUEEHpYJ8LcSQHVFzTE+FNyBWp8nvvHl1uUKY/cgCd0Rtu15Ceh7/NAwNOyRp4ZKNa0"
    "xYoBtGNzjIFAU3Krs/bM+qD6wwgIUBfNwG8D4svFD+WIa1F80ze97yk2PZbjnMQIdMzO/A"
    "Mr8BiFWgqchYmARhZQmmDn1noGFqnaEWNeVOGLCn3JD7FWg2cO+GVGbNGaZNaD0FJZiDu7"
    "hDplnI5GM2YUrazQq7LfNuhMkpvI+VGCWP1A8lvI8vUet5vI98NE/Ud7Ku/fpZWj5CDWc5"
    "CaiWIqZ4cFor+K1ERGv4sRzvxxEfE19yfsf9x5ted/SeJXMsnImu2TOW4THy69l+PVoy5j"
    "8J/ftD9/6eSdhzbbFg9d+2uz1W8Ag1vSrZIOzhZDqk267pnzc6ICJWvxSp82YOpM+bqUiz"
    "S2GkXUcHxdDBCSNlqqEeFasND1RazgAxCdRlaCQDm+npj4oexuG/K6DL9vZXaPPIQ48VB0"
    "kbNpBtwyljnArFGEXERJBRyOIqI8gIEoKMRdKGa+n0fkBEDOkxtxS0iYwsy7TikI7R9zR/"
    "VEiqDjZJ1vpB+jzO7sir5UNv0H/nV4/27ki0nG/cbpIbHJEVucGVXs3RNcoGSg6ICf1WWb"
    "/CQyo8pMJDmuYhXe0WmeAVDe4kme4JDe9buc/sw5B7MYCvl0qwFM7FSg0hp8K5+ILcTMK5"
    "+BK1nse5KFIbRWrjcac2pvTf531/QfkqY94YDT7et4BtOosHPGr32sx5B3WoPuC7drffAg"
    "ZF/QG/aw/73dH7FphCC2v27AHfDrv9Dy2gUkXN6S9pNJKGY/qbbbthkQd80/4gDf9ogQmc"
    "I2v5gKXP42G7BVy7awMt72JTuKNLkzwWr4nIkRQ5koIAiYMqCJBiOZIyny7KyJSU/HmnJp"
    "jHwyzKOFGEQ1W3I0V2Saq5WbgJjNoqPTedTltnAe/vRIzAp+lHapZwbEXkWAy2YXfwJoKc"
    "q9L0dirIuRdE0why7iVqXUT+7yjyH5uJOePp8TkrARGaUzw05+ijXA/UbzehbI4w1YFazN"
    "qT/yy5Cc92Z9z9JLWAK/2AO+1+R+rxJAWFvZtemTwFQeeUHWPJ904uCGlARGCagGlgtZcT"
    "0oCEQPR50tHxtmrfknTMueN71cDNSzoGOlWIdBxSO3nY7YwbsaFVELmbErkpmPp7128Las"
    "1OFo+hGphRUmDNQ5ALajwF77AnUpDi25PiwW8cP2qWsUIsGdUBRmOT/pMT206k0aNcFCdD"
    "XNSVEIIiza0QxesZF4McVFrOjYvGMwS8HDq2gxChPxfIsk38iw0WlvbEtptk+Y3Aa5sCBC"
    "AG/H4ttuEQq+7+BCe2yX5F11S7uMcDdls4BWzq4jsi8e2OTgFS6Uigsq0wEd8wkzaMp6m7"
    "HUVcKMIJIZwQlRhrjpSOFk6Il6j1PE6IjXLrRWJ9qYn1xcAPywn8N8WfZ5XSD4OvsTdMSg"
    "2Li+TU6gx08fnNi9EqYjAGRcohSo/ebozRpEVyKSPKiGvCX7fmJKo2PoLhoGrIS1MFe1+O"
    "MM7tw+gkL+oredG7YqmeW+2uebGyM1RXvWaVCCvORjjoSvGrAzHRSOHDEYJydfJAlbHNPH"
    "0lIm+SGhMWFPEW/L3T4y1WY0gxmyAqVqfuW5pLuhK2Vg0wzXBKp1hQhZ19dTvGqrgVlTgo"
    "lIBscE+PmoIbHQwLe1N3nhqStuFKyKf4nEWbf8sVtoIBqmbPgDIzbYT5MWHMU+KnIwPzkT"
    "taeMO/2ID7ohNOldi4GWE4V2XwzjKchfEhjI+qYyqMD2F8VBncShsfQ2Qw+BJTU1fXMk0P"
    "y6tVwPDwRXhchhuI4YZgBE8pbXHDwVU2P7bKgHNkA809fuoUfJvRSrQ2q5Zol5R+lweMHW"
    "PCQkkewcIyFbaDiX1K70M7uUVsauQAncWi2MoMqY7OhDRlbqebO37Arjgpq+52lAhVSYf+"
    "OIMWRKjKS9R6nlAVkS+7Qb6sOCnrhYQ3HGH6aGknZdXhTCxFh/Qj2siSCUmKIKRKf6XiBI"
    "Ra61cEdR42qLP4oYJ1Pk9wJxvzinRzkW5eAfY3Ld38wId8cNQTOF9fG+l8L3uh3W9GKOhJ"
    "QU9W4js/UqJK0JMvUet56EkyLX5Ebd1SS/Zs7YszOHZv6hfFOChTvxVV+efI6BBPHWpLFs"
    "E4KLNHvtZyClK1G4J8nQPj61SIr6MIW2bSGRj5eHFfdo8oI2Ohm0tUeFtF6e6+N/hDklrA"
    "b4GdINNvv5OG7BAZtl6xHnD79o4dKgNVQ8PVIL7ZeSOrfSQjk+dz55Ss5MQhJfkPKVkFFs"
    "kIMyCSrJYs4BPlhQLyK4CHNW20PghLCldAdZYD8VXgRDeV+UZaDksKLVdNywVy4IOHnbmB"
    "jaqsa3guW4iqwiZb7ozHtr/s0eaGbmtH2xWytxAUgG1yHFEZmy4e4bI4F0Ch2OrNMQoGct"
    "cFpl06R9rI0pRZI8E94l05zXKQwHUd4SHZVz/ZtYfkiX6EiVuZprMfARFB5OUj8thHVQBh"
    "r3oN0X19dpaHvzg7SycwzmI7SdA7EpR0QMrvo0E/xb23Fona95pCwD9A13JZJ1VDOwNcBk"
    "bIqo8dUBM9iyZirrMGbrbdgmrbyezn/wHpiRA2"
)
