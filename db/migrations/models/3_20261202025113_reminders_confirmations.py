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
        DROP TABLE IF EXISTS "order_confirmations";
        DROP TABLE IF EXISTS "reminders";"""


MODELS_STATE = (
    "eJztXW2T2jgS/isqvuxsFZuaMJPJHHV1VQxDEjYMTAHZ2xe2HGEL8GHLrC3PhNrNfz/JL+"
    "B3bGPAGH1JBlkt20/b7UetVvffNVWTkGK8acMZqjXB3zUMVfaHr70OanC12rayBgKnitVR"
    "pD2sFjg1iA5FQhtnUDEQbZKQIeryisgapq3YVBTWqIm0o4zn2yYTy3+ZSCDaHJEF0umBP/"
    "6kzTKW0Dc6uPNztRRmMlIk33XKEju31S6Q9cpq62LywerIzjYVRE0xVbztvFqThYY3vWVM"
    "WOscYaRDgtjwRDfZ5bOrc27TvSP7Srdd7Ev0yEhoBk2FeG53KmzbaoLQH4yFUWcsCLUMAI"
    "kaZuDSSzWsu5+zS/ip8fb2/e39zd3tPe1iXeam5f13+9RbYGxBC57+uPbdOg4JtHtYGG9B"
    "FXXEkBAgCYP7SI8QWUXRCPslA0hLjugb948g7i7KScC7DVvkt0/bMaCnNygNsLJ2VJ6A87"
    "j71BmNW0/P7HSqYfylWPi1xh12pGG1rgOtV3c/snaNvkj267UZBPy3O/4E2E/w+6DfseDV"
    "DDLXrTNu+41/r7FrgibRBKy9ClDyPJ1uq4sa7bnVurmScmrdL8m1Xhatuxh51O5c/VbrS7"
    "QOq7u9gHq0qp3uAR1TrPJo9bRGVIXfBAXhOVnQn3e3CTr9pTVsf2oNr+5uA3rqO0ca1qHv"
    "PmCt/zMg6/YvBtpTvzA+cBvv3qVAl/aKhdc65sdXNgTKNuSXCJAfNE1BEMeQAK9cAOwpFT"
    "wU2u6zfQC0E8B9GAx6Pkv00B0HQP7y9NAZXr21sKedZIK8LGELOJkL4gISIYpyPcjzWNbl"
    "l9vNviIAd7ArieGw2de/Go2bm/eN65u7+3e379+/u7/e0LDwoSQ+9tD9yMD2KSUSfdNAel"
    "arEhDLZVyC6JfKthzAcGtEnskiZNdlCAgzFKIe+SQjEzsGNzjpDY4i42UuPuoTLICOluwF"
    "OF/2GZ50KBDPTTjPZNO8MsdjSzXdrB3Fot2nMGj3sfbsnpkz5i6ZLT1ze9YwheLyFeqS4D"
    "vif90EHVFEDGJE2DtH/MPnIVIswxaBv8dt1KPDDe3RzpDAfncfOre1FjF3EjV1qu0LFRuj"
    "qgBJcG0I2my2H0SPcD2wx6gkRghK9NVDez5Hj84wVYXJx6iKgarvGbKqsKkImwJlWOqemD"
    "3Rcbp0mKripOkS0vfEaMDGqBJAjDVoDS2OR4QPqQ012AIxZWqSc252phiKELP4FGARyetQ"
    "QojCHHRR6u/a9l4p84TEtM7pWQNhAujbivJlwzJbzhjOfToncp+imtWZXq71w3o6PeP7vS"
    "jO2fYZny+p8SW1UpifM11c4Utql6j1NEtqJ3SUl07L3FdeaV+59bwSmSiZgPZLVQ/ng6x3"
    "bglmGOYONlUL6i69KohFFIJ8K31Ej+kKYYmhlg302nOn/9jtf2wCR36CW8/Pw8EvnccmoB"
    "MAXXtB0gQPOz932mPWpqP/IZHY6ytZVfX2LoWm3gY/JltFsUN+PdHrEykfz/XVD8rytYvy"
    "fObD7M6acmaaLXkkqvR533PWFPXuTNfZkI2QLCTSoGIAO76RHABHSHKAbYBDq21+ExEG+Y"
    "OmI3mOP6N16KMdv552huYhzrFIm3X4unE9ec0ivXd6x8gOCWi3Ru3WY6cW+wgXAO0XI5XP"
    "tmSPbVpkI95aH8L0OkD/S69XizXDHOIdEEd8eWIgjl+EP6ij3VpgjnKvuyvPCU71zQJ3sY"
    "70PzaGkcUT/8k3e3DPdBm/X2fqo+Se6UvUetk3e5xaq3y7x1m7P0WKxlzT5ag4qZ9Hg36c"
    "w8UrFTRWskjAP0CRDxehWPv3zMQigxNMTVkhMjbesPP9J6NPtAj/GkPJZ6dcvK+eWr8GVd"
    "HuDR6CBogN8BDy2MhixHP/iERZhUqcr0aOnC5IttAbR/gM34ME9B877e5Tq3f1tlFvBCLf"
    "XTXcXkftcXqBsn27IZB3bnPyivKNB+k3HnDHLneLlcCzsNMtliaqnwc2Hjmw0YlWj3C4bO"
    "PY4z0u3oj5nT6XWguweRaAgD0qQNKQAbBGAB1VfkE6uIJgoSkyHbPO+iiaYeroxzp4XVAp"
    "1kEmBtjEnwMDrpvBNdQDnGKCsQbsxxJAHQEClwiDmcb6AoglOv5GAsxkSj6cg29q9R3eJH"
    "ap3J3E3UnlNEdn6ljg7qRL1Hoad5JlbiP1Ha1rt3+Sls9Qw0mzPqolPrngk4vTc94CJxcH"
    "Zc/uNsYo/uzZ4pjAoL37KXdT6IFNRBnDhC6rXduc99His5T7EvBV0USoCMxKfQUapod+Al"
    "+h9MIeIYFx9q9vQsy50JETae8rQkvalTPfkzJfVwshZEcqVJRYeD1iVbLuN433dxuE2Y8k"
    "cEdPrV4vIgGI9WqoMjZJlNs/GdeQMEfXj67XyGQFNyh7PGyvyw8sZ3ic4XGGt4vh+bIvJL"
    "C9YJaG3cxPCOWKSEEDTTLVvgFde7VckLKE1JVGEBbXYG7SewYypuwMNSmVu2LA1i0i9yOQ"
    "LXcoPRuSGJtT6QSb9hNRBB08xBmye0NjNq1vsNtz1zqnnNzZWgoreaZuN+5svUStc2frgZ"
    "yt3s9axnclIFrBl+V8X46wTbzk3dHPXx563dEnthV6ZU4V2Viw/dEjt5/h9qMtY+snoX9/"
    "7j4/MwljKa9WrP+HVrfHGmZQVsqyl5pdnEBNumFT/7SxtQGx6iUYuGmkQPqmEYs0O+RH2o"
    "7HoBiaOMJSxhL1oFhl/ECF7bglGoGKANVoYBPjZIOipwmXPRTQRcfKlig9/altxUmS7qjI"
    "MOCceZwyRegHxHiIvo9xFRGiDwlB6ioqpXO8e98jwk16aFkKGkRAuq7pYUjH6FvcepRPqg"
    "qcJGn+0Pl1nPwgb6YPvUH/o9s9+HQH9pq45DZPZp2ALM+sU+rZHJ2j5FCyR4zrt8z6haKI"
    "VvlcmAFRruez0PN0LZB5VmYeJc35eV5+7kUz62blKNkqMJgj7FuG4lKACtLzWrugNDd4ZT"
    "Z4PPSHh/7w0J+40J9NEZGIcB9vgZH4EB9/OZNjJqXyxc148HUyTKx51EypTEgd8KiZy4mf"
    "4FEzl6j1NFEzPOMVz3h1pjPHDbOIxHh3UItXvsyY10aDL89NYGjmaoJHrV6LRaVABUoT/N"
    "Tq9ptApahP8MfWsN8dfWqCOdSxbCwm+HHY7X9uAokqakl/dUajznBMf7NsrDqZ4IfW587w"
    "tyaYwiXS1xPc+XU8bDWBzbtyaPkQtQLOLnvWuYQD8NRZPHUWd4CEQeUOkGypswTrc1FEAq"
    "2O+92pCObh+MEiCs1aUFWt0uwhnWp2crYIj9oma1u8O22bHO54hVI9r6a7BaGAaqaBaqms"
    "jpv3JNw5V6bPW5075y7ITcOdc5eo9TTOOb6lLceWNqxFJkOJDzzdCFQhYuPYMadnv33jRM"
    "9tHpfNGe7ho4xZfnGvJbXDs9Ued3/pNIEtPcHtVr/d6Vm770R2b0ppNuBxd07RmweskloZ"
    "IfWIcEwjMPXM9lJC6pHgiO52OppOBb89nY4pCwGWDdy0TkfPQ+VzOg4pTx522+NayLRyR2"
    "5eR24Mpm5Jw31BdcepKqqeL0oMrGkc5Nw1HoO3fyWSO8X3d4p733E8k3V1g1g0qgOMxhr9"
    "JyW27cCgZzkpjoY461KCD4q4ZYUgXjuWGASv0lJm5BsvEHA2h7PUeIT+XCHd0PAPBljp8g"
    "vLo8w27gNnbAoQgNguLNJkmfRYd/snuDI09is4pzrEOSbYHqFuF0xhqf6sPH51gCRqCSSW"
    "4xlZmaDpwHgem8YvsITCFyH4IkQpbM2ZuqP5IsQlaj3NIkSupDE8Y0yhGWOyge+X4/jnxd"
    "9Kl0BfDGuOnTPbgl+cb04tj6ELf9+cGK0shNErUoyj9Ox5Y8hNmmUvZUAZYU2489aUjqrc"
    "lTlPqoa0birv05cijHP/MLqOE/UVPendeKl2zXa3frGid6hunprNRlhe9OekM8W/TIiJTD"
    "JX/fHKVWkFqoj6KfSWiJBna4xfkMdbWPcdH2+xsSHZOEFQrEqPb2FL0qXgWhXANGFROoZB"
    "ZV7sq1p18+wsKtIoFICsN6dHRcENGsPMq6kH3xoSl3DFt6a4i9GmT7nCZjBAko0FEBea4R"
    "R2Zysl7nZkoM2shRZr4B8MYK1FR5RLyj0MJ85lMd5JxJmTD04+yo4pJx+cfJQZ3FKTjyFS"
    "GXyRW1M3xxKph+70ykA8XBErLsMOxLBDMLzlt5sWcbCVbdVjVOESGUC26yrWweuCdqK9Wb"
    "dIXlL4WSYYm+qUhZLMwErXRJbBxKjT89CHXCcGJTlAYbEohrhAkqkwIVlcGvF0xw3Y5SUg"
    "q86jeKhKPPTnGbTAQ1UuUetpQlX4ftkc+2V5CcgLCW84w+2jhZWArEKxR1GB9CXKxWR8kj"
    "wIqdRvKS/tU2n98qDO0wZ1Zq+WW+VCuQdJzMu3m/Pt5iXw/sZtNz9xkQ8L9Qifr6uNeH8v"
    "u6HDJyPk7knunizFe36mjirunrxEradxT2av8LhXVcdSGtIjs31eg+PwVD8rxl6Z6s2oiq"
    "8jo0A8NymXzIKxV+aI/lrdzOiqzQnyfQqM72Mhvg8irGtRNTDS+cVd2SOijNSVoq1R5rSK"
    "nafn3uC3TqcJ3BFYBZl+62NnyIrIsPmKPsGtxydWVAZKqozL4fhm9UY2eSQDH89ddUo2cr"
    "xISfoiJZvAIgFhBkQUa0kCPlKeKyC9AqywplzzA78kXwooz3QgPAucKpq4zKVlvyTXctm0"
    "nGEPvLfYmR3YKAmKjJeCjqgqDLJnZjyW/rJHhxvao53to5CcQpADlqccURFJF89wWpwKIF"
    "9sdX6MvIHcVYHpkIsjLaTL4qIWsTziHKknLZDAbR++QnKs5+TQKyQv9CWMTGUa7/3wiHBH"
    "XjpHHnupMiDsdK8gum+vr9P4L66v4x0Y16FMEvSMBEUVSPl5NOjHLO9tRYL8XhYJ+Acoci"
    "p2Uja0E8BlYPhYfahATbAWTYCuswEe9k1Bte/H7Pv/Acj/PKg="
)
