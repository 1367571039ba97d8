from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "cafes" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "id" SERIAL NOT NULL PRIMARY KEY,
    "key" VARCHAR(64) NOT NULL UNIQUE,
    "name" VARCHAR(255) NOT NULL,
    "is_active" BOOL NOT NULL,
    "tg_chat_id" BIGINT UNIQUE,
    "tg_username" VARCHAR(64),
    "notifications_enabled" BOOL NOT NULL,
    "linked_at" TIMESTAMPTZ,
    "language" VARCHAR(8) NOT NULL
);
CREATE TABLE IF NOT EXISTS "combos" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "id" SERIAL NOT NULL PRIMARY KEY,
    "key" VARCHAR(64) NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "categories" JSONB NOT NULL,
    "price" DECIMAL(12,2) NOT NULL,
    "is_available" BOOL NOT NULL,
    "cafe_id" INT NOT NULL REFERENCES "cafes" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_combos_cafe_id_15d1b4" UNIQUE ("cafe_id", "key")
);
CREATE TABLE IF NOT EXISTS "deadlines" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "weekday" SMALLINT NOT NULL,
    "local_minutes" SMALLINT NOT NULL,
    "advance_days" SMALLINT NOT NULL,
    "cafe_id" INT NOT NULL REFERENCES "cafes" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_deadlines_cafe_id_f26ca2" UNIQUE ("cafe_id", "weekday")
);
COMMENT ON TABLE "deadlines" IS 'Orders for a delivery date D close at `local_time` on D - `advance_days`.';
CREATE TABLE IF NOT EXISTS "deadline_notifications" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "id" SERIAL NOT NULL PRIMARY KEY,
    "date" DATE NOT NULL,
    "deadline_at" TIMESTAMPTZ NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "skip_reason" VARCHAR(32),
    "orders_count" INT NOT NULL,
    "total_amount" DECIMAL(12,2) NOT NULL,
    "tg_chat_id" BIGINT,
    "message_ids" JSONB NOT NULL,
    "attempts" INT NOT NULL,
    "last_error" TEXT,
    "published_at" TIMESTAMPTZ,
    "sent_at" TIMESTAMPTZ,
    "cafe_id" INT NOT NULL REFERENCES "cafes" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_deadline_no_cafe_id_ec136c" UNIQUE ("cafe_id", "date")
);
CREATE INDEX IF NOT EXISTS "idx_deadline_no_status_1922fd" ON "deadline_notifications" ("status", "deadline_at");
COMMENT ON COLUMN "deadline_notifications"."status" IS 'PENDING: pending\nPUBLISHED: published\nSENDING: sending\nSENT: sent\nSKIPPED: skipped\nFAILED: failed';
COMMENT ON TABLE "deadline_notifications" IS 'Outbox row and idempotency guard in one: a (cafe, date) is notified at most once.';
CREATE TABLE IF NOT EXISTS "menu_items" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "id" SERIAL NOT NULL PRIMARY KEY,
    "key" VARCHAR(64) NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "category" VARCHAR(16) NOT NULL,
    "price" DECIMAL(12,2) NOT NULL,
    "is_available" BOOL NOT NULL,
    "cafe_id" INT NOT NULL REFERENCES "cafes" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_menu_items_cafe_id_5b6ceb" UNIQUE ("cafe_id", "key")
);
CREATE INDEX IF NOT EXISTS "idx_menu_items_cafe_id_807358" ON "menu_items" ("cafe_id", "category");
COMMENT ON COLUMN "menu_items"."category" IS 'SOUP: soup\nSALAD: salad\nMAIN: main\nGARNISH: garnish\nDRINK: drink\nDESSERT: dessert\nBAKERY: bakery\nEXTRA: extra';
CREATE TABLE IF NOT EXISTS "users" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "id" SERIAL NOT NULL PRIMARY KEY,
    "tgid" BIGINT NOT NULL UNIQUE,
    "name" VARCHAR(255) NOT NULL,
    "username" VARCHAR(64),
    "language" VARCHAR(8) NOT NULL,
    "role" VARCHAR(16) NOT NULL,
    "is_active" BOOL NOT NULL
);
COMMENT ON COLUMN "users"."role" IS 'EMPLOYEE: employee\nMANAGER: manager\nADMIN: admin';
CREATE TABLE IF NOT EXISTS "cafe_link_requests" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "id" SERIAL NOT NULL PRIMARY KEY,
    "tg_chat_id" BIGINT NOT NULL,
    "tg_username" VARCHAR(64),
    "chat_title" VARCHAR(255),
    "status" VARCHAR(16) NOT NULL,
    "processed_at" TIMESTAMPTZ,
    "cafe_id" INT NOT NULL REFERENCES "cafes" ("id") ON DELETE CASCADE,
    "processed_by_id" INT REFERENCES "users" ("id") ON DELETE SET NULL,
    "requested_by_id" INT REFERENCES "users" ("id") ON DELETE SET NULL
);
CREATE INDEX IF NOT EXISTS "idx_cafe_link_r_status_98a301" ON "cafe_link_requests" ("status", "created_at");
CREATE INDEX IF NOT EXISTS "idx_cafe_link_r_tg_chat_4fb558" ON "cafe_link_requests" ("tg_chat_id", "status");
COMMENT ON COLUMN "cafe_link_requests"."status" IS 'PENDING: pending\nAPPROVED: approved\nREJECTED: rejected';
CREATE TABLE IF NOT EXISTS "orders" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "id" SERIAL NOT NULL PRIMARY KEY,
    "date" DATE NOT NULL,
    "notes" TEXT,
    "total_amount" DECIMAL(12,2) NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "cafe_id" INT NOT NULL REFERENCES "cafes" ("id") ON DELETE RESTRICT,
    "combo_id" INT NOT NULL REFERENCES "combos" ("id") ON DELETE RESTRICT,
    "user_id" INT NOT NULL REFERENCES "users" ("id") ON DELETE RESTRICT
);
CREATE INDEX IF NOT EXISTS "idx_orders_cafe_id_f48e66" ON "orders" ("cafe_id", "date", "status");
CREATE INDEX IF NOT EXISTS "idx_orders_user_id_5e8c81" ON "orders" ("user_id", "date");
COMMENT ON COLUMN "orders"."status" IS 'ACTIVE: active\nCANCELLED: cancelled';
CREATE TABLE IF NOT EXISTS "order_extras" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "quantity" SMALLINT NOT NULL,
    "unit_price" DECIMAL(12,2) NOT NULL,
    "menu_item_id" INT NOT NULL REFERENCES "menu_items" ("id") ON DELETE RESTRICT,
    "order_id" INT NOT NULL REFERENCES "orders" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_order_extra_order_i_7b6cd9" UNIQUE ("order_id", "menu_item_id")
);
CREATE TABLE IF NOT EXISTS "order_items" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "menu_item_id" INT NOT NULL REFERENCES "menu_items" ("id") ON DELETE RESTRICT,
    "order_id" INT NOT NULL REFERENCES "orders" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_order_items_order_i_29ea29" UNIQUE ("order_id", "menu_item_id")
);
COMMENT ON TABLE "order_items" IS 'One dish chosen for one category of the order''s combo.';
CREATE TABLE IF NOT EXISTS "aerich" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "version" VARCHAR(255) NOT NULL,
    "app" VARCHAR(100) NOT NULL,
    "content" JSONB NOT NULL
);"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        """


MODELS_STATE = (
    "eJztXW1zmzoW/isavmzuTG4ncdIk69nZGWLT1reOnbHd7n3JHSqD4mgDwgWR1tPtf18Jg8"
    "27wa+Y6FNioSPgOXB09JxzxA/JtHRkOG9a8BFJTfBDItDk/0TaT4EEp9NlK2+gcGx4HTXW"
    "w2uBY4faUKOs8REaDmJNOnI0G08ptghrJa5h8EZLYx0xmSybXIK/ukil1gTRJ2SzA3/9zZ"
    "ox0dF3Nrj/c/qsPmJk6JHrxDo/t9eu0tnUa+sQ+s7ryM82VjXLcE2y7Dyd0SeLLHpjQnnr"
    "BBFkQ4r48NR2+eXzq/NvM7ij+ZUuu8wvMSSjo0foGjR0u2N12Sapaq8/UofKSFWlEgBpFu"
    "Hgskt1vLuf8Ev4tXF+eX15c3F1ecO6eJe5aLn+OT/1Epi5oAdPbyT99I5DCuc9PIyXoGo2"
    "4kiokCbBbbMjFJsoHeGoZAxp3Rd9E/wTxz1AOQ/4oGGJ/PJp2wf07Ab1PjFmvspzcB517p"
    "ThSL6756czHeer4eEnjxR+pOG1zmKtJ1e/8HaLvUjz12sxCPhPZ/QB8J/gz35P8eC1HDqx"
    "vTMu+43+lPg1QZdaKrG+qVAPPZ1Ba4Aa67nUujvV19R6VFJovSpaDzAKqd2/+qXWn9Esqe"
    "7WE7TTVe13j+mYYbWOVg9rRE34XTUQmdAn9vPqMkenn+VB64M8OLm6jOmp5x9peId+RoD1"
    "/pZANui/HWgP/cJEwG28fVsAXdYrE17vWBRf7KjM28AvKSDfWpaBIMlwAsJyMbDHTHBXaA"
    "fP9g7QzgH3tt/vRizRbWcUA/nT3a0yODn3sGedMEVhL2EJOJ2o2hOkaprLdYsnmV5XVG61"
    "95UCuI9dRQzH3Pv6Z6NxcXHdOLu4unl7eX399uZs4YYlD+X5Y7ed9xzsiFJS0XcdZJe1Kj"
    "GxtYxLHP1K2ZYdGG6L4kesQX5djooIRyHtkc8zMpljCINT3OAYmDyv5Y9GBLfgjlbsBThe"
    "7zO56DAgmbhwUsqmhWX25y1JtivtxaLdFDBoN5n27IabM06XPD6H1va8YQy152/Q1tXIke"
    "jrptqIIeJQJ8Xe+eLvPg6Q4Rm2FPxDtFGXDTeYj3aEDuzP4KELWqWUtZNmmWNrU6j4GHUF"
    "SGfLZvZYoQ0xavvD1BWmiLewHah6oSHrCpuJiKsy78HcELM7Nk6HDVNXnCxbR/aGGPX5GH"
    "UCiM+IVsPKmiOTh8yGGW+BhHkhun9ufqaM6S8jsBKbIfNjLGpiet5pwOWHtLxX5lVB6nrn"
    "DPH7XAB9nzJf0PHMlj+Gf5/+iYKnSPI6s8v1fnhPZ2j8KEPgn22T8UW4SISLKmF+jjRwIM"
    "JFr1HrRcJFBySBK6dlwQPXmgf2nleKqVEK6KhU/XDeSSxv6WAmYVaIa3pQd9hVQaKhBORL"
    "6T2ygVNEdI5aOdCle6XX7vTeN4Ev/0Dk+/tB/7PSbgK2ALCtF6Q/kIHym9Ia8TYb/RdpdB"
    "47KKuq86sCmjqPTyZLRfFDUT2x69OYP77WrB+XFbx8dab5pHfnLTlLrZZCEnWa3jdcNaW9"
    "O+NZOWRTJLcSRa8ZwD43sgbAKZIC4DnAiUhS1EQkQX5n2QhPyEc0S0za2bGiIzQPWcQia7"
    "bhtwX1FDaL7N7ZHaN5uLslD1tyW5EyH+EtQPvJKcTZVuyxLYpsylsbQZhdB+h96nalTDMs"
    "IF4BccrMkwFxdoB5p0S7FzxNo9eDqGoOqb4I3m6XSP9rYRh5ruzfopBBMNNVnL+OlKMUzP"
    "Rr1HrVCxkOrVVRynDU9KfG0JhYNk7Lk/pt2O9lES5hqbixwhoF/wMG3l32nfSvR5doHE4w"
    "drFBMXHe8PP9uyQnug1+jaMUsVMB3id38u9xVbS6/du4AeID3CYYG6ylPPdtpGETGllcDU"
    "5dLuhzoTe+8BG+Bznot5VW507unpw3ThuxrO5ADZdnafU7LxDPbzcB8soSnrCoSKovnlQv"
    "iF1Bi1WAWVhJixXJWBeJjXtObFwkYqdQLuEk7WzWJZIRvpJ4kTztOODRsgEEbDD8guwZ4A"
    "sw0AaaYTkIQAq+GJYGDZWvyb4A5o60wa/gC9Rf+Bum6nDmfHkTj59ud+RcGugbQs+sq6CC"
    "DkoFBVpIIDtk7piRCW9IrE6T30Xj+mqBMP+RB+6Q+XbdlPI879UwMXFp2sIlH9eEsEA3im"
    "7YyJQFNy67P2zPqg+scICFA3zcDvA+PLxI/ViOtxevM1vt+amJarcCbqBLx9Z3YFvfACQ6"
    "wDoypxZFRJuBicvuGWDCvDPUZK7cCQf21HPkfgHYAfOzIZ17c6blUNZPQynu4C7OkOsWcv"
    "mET5hRdrPAbsO6G+FyiuhjJazkkcahRPTxNWq9SPTRs+ap+k7XddA/T8tHqOG8IAHTUswV"
    "D09rJd+VmGgNX5bjfTmSNvE113fcf7rtdoYfeDHH1B0b2HniFR7DoJ8T9GMtI+8nZf9/7N"
    "zfcwnnGU+nvP87udPlDY8QG1WpBuEXpzKT7sxd/6LZATGx+pVIXTQKIH3RyESaH4oiPQ90"
    "MAxdkmIpMx31uFhteKCt1QxQi0JDhWY6sLmR/rjoYQL+uwJ629H+Cm0eeWhbcZCyYRM5Dp"
    "xwxqlUjlFMTCQZRTyubSQZQUqROU3bcC2b3g+JCJOeCEtBh6rIti07CekIfc+KR0Wk6uCT"
    "5K0flN9H+Q/yYvnQ7ffeB93jT3csWy5wbtepDY7JitrgSq/m2BplDSWHxIR+q6xfESEVEV"
    "IRIc2KkC52i0yJioZ3ksyOhEb3rdxn9WEkvBjC1y8lmIngYqVMyKkILr6iMJMILr5GrRcJ"
    "LorSRlHaeNyljRnP7+rYX1i+yphLw/6n+yZwLHf6QIZyV+bBO2hA/YHcyZ1eE5gM9QfyXh"
    "70OsMPTTCBNsHO0wNpDzq9j02gM0U9s1/KcKgMRuw333bDpg/kVv6oDP5ogjF8RvbsgSi/"
    "jwZyE8z9rjW0vItN4Y6uTPJYoiaiRlLUSAoCJAmqIEDK1Uiq3nSxjUpJJZh3aoJ5Ms1iG1"
    "8U8aCq2ydFdkmqzatwUxi1RXluNp22rALe3xcxQq9mkKm5hc9WxD6LwTfsDp9EkHNVmt5O"
    "BTn3imgaQc69Rq2LzP8dZf4TK7VmPDs/ZyEgUnPKp+YcfZbrgZ7bdSibIyx1YB4zfgmupT"
    "DhKbdGnc9KE8ylH0hL7rWUrlekoPF7MypTpyDonG3nWHp7J5eENCQiME3BNLTaKwhpSEIg"
    "upp0dP2t2jckHQvu+F41cIuSjqGHKkI6DpifPOi0RlLCtAoid10iNwPTYO/6TUGt2ZfFE6"
    "iGZpQMWIsQ5IIaz8A7GokUpPhhSHHF53DTmfHFM7eCHg8FgLadb2oFDP0irVXsdHhQ8vmr"
    "CwnFtPRWh2G5OvmT29g0jt0SVddJdIkKCvZkBXuysCHlVkJxsTo9vltbYPrR7TK4hkUEpq"
    "uXmIu5cEPXvW6bUsdd9/BztfqreEvHYnNkwxU6NQU3bgxLr4127tNmlU9FVgirPNriBVRS"
    "nyCgY+cJaE+Wg4i36bfF2oLkYmA9AubQAm/gfzjAW1mm7BG59jDCca6K8c5znIXzIZyPqm"
    "MqnA/hfFQZ3Eo7H17oJsXvCEI62S4Hj4rsPsVUTPciSbMSb/uRpuuJJM3XqPUiSZp0Un7j"
    "wW16nlUwpHvecVBUVu+2spq7JGUxDsvUIZF217sDGJBMXOZLlsE4LLPHJE7blfYC8k0BjG"
    "8yIb6JI2xbaZXNxZJlA9k9oozMqWHNUOlkWeXuvtv/Q1GaIBiB7wvQk98rA741AF+v2A9E"
    "bt/xrQKgbmISZx8PkzrLq8gX2cGxyXNV9flCTpSe55eeJzidImlLU9vS+B4Rumpg8qzaiI"
    "HkpG0jWyZFh+fhddlwg/loxzchFMplEoCtUxctvrO7v8wvGdlYe5JSqCr/yGkeWQWXfQRb"
    "tTdXdMds1Qt7A3G5D22ERMSiqtiiir9UJRD2u9cQ3fOzsyK+5NlZtjN5lsjuYmekKK0EMf"
    "sDBCGR/X984DCJc1v7zEAJv3L7k9nP/wPN17xg"
)
