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
        ALTER TABLE "users" ADD "blocked_at" TIMESTAMPTZ;
        ALTER TABLE "users" ADD "reminders_enabled" BOOL NOT NULL DEFAULT True;
        ALTER TABLE "users" ADD "started_at" TIMESTAMPTZ;"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "users" DROP COLUMN "blocked_at";
        ALTER TABLE "users" DROP COLUMN "reminders_enabled";
        ALTER TABLE "users" DROP COLUMN "started_at";
        DROP TABLE IF EXISTS "order_confirmations";
        DROP TABLE IF EXISTS "reminders";"""


MODELS_STATE = (
    "eJztXW1zm7gW/isaf9nsTLaTOmmS67lzZxyHtt46dsZ2e7u72aEyKDbXIFwQaT3d/vcrCb"
    "B5D+A3TPSljYWOgOeIo6PzovOjYZgq0u1XHfiIGi3wo4Ghwf4ItZ+CBlws1q2sgcCJzjsq"
    "tAdvgRObWFAhtPER6jaiTSqyFUtbEM3EtBU7us4aTYV21PB03eRg7auDZGJOEZkhi17462"
    "/arGEVfaeDez8Xc/lRQ7oaek5NZffm7TJZLnhbF5O3vCO720RWTN0x8LrzYklmJl711jBh"
    "rVOEkQUJYsMTy2GPz57Oe03/jdwnXXdxHzFAo6JH6Ogk8LoTed3WkOX+YCyPpLEsNwoApJ"
    "iYgUsf1eZvP2WP8Fvz9cXVxfX55cU17cIfc9Vy9dO99RoYl5DD0x83fvLrkEC3B8d4Dapi"
    "IYaEDEkc3Ft6hWgGSkY4TBlBWvVIX/l/RHH3Uc4C3m9YI7+ebfuAnr6gOsD60mN5Bs7j7p"
    "00Grfv7tntDNv+qnP82mOJXWny1mWk9eTyV9Zu0g/J/bxWg4D/dsfvAfsJ/hz0JQ6vaZOp"
    "xe+47jf+s8GeCTrElLH5TYZqYHb6rT5qtOea685CLcn1MKXgelW47mMUYLv39Guuz9Eyzu"
    "7ODFrJrPa6R3hMsSrD1cMKUQN+l3WEp2RGf15eZPD0U3vYed8enlxeRPjU9640+aWfIWD5"
    "/wWQ9ftvB9pDfzAhcJtv3uRAl/ZKhZdfC+Or2TLVNrSnBJBvTFNHEKcoAUG6CNgTSrgrtP"
    "25vQO0M8C9GQx6IUl00x1HQP54dyMNT15z7GknjaCglrAGnExlZQaJnKRy3WjTVK0rTPe8"
    "9pUAuIddRQSHq339q9k8P79qnp1fXr+5uLp6c322UsPil7L0sZvuOwZ2iCmJ6Ds2sopKlQ"
    "hZKeESRb9SsmUHgtsk2qOmQPZctowwQyFpymcJmdQxhMDJL3B0Dc9L6aMhwi2ooxX7AI5X"
    "+4xvOnSIpw6cFpJpQZr9aUsNy2nsRaJd5xBo16ny7JqJM2YueZwH9vasYQKV+TdoqXLoSv"
    "hzky1EEbGJnSDvPPK3H4ZI54ItAf+A2ahHhxu6ox2hAvvTn3R+ayNh76SYxsTcFCo2Rl0B"
    "Uum2mU4rtCFGt94wdYUppC1sB6p+YMi6wmYg7MhUezA2xOyOjtOlw9QVJ9NSkbUhRgM2Rp"
    "0AYiui2TTT1sj4JaNpRFsgplqI6t2b3Sll+UtxrERWyGwfixxbnnfqcPnRWL8r1aogcfg9"
    "A/Z9RoC+L6guaHOx5Y3hvad3I38WNXhn+rj8B5+dgfHDFgLvbpuML9xFwl1UCfFzpI4D4S"
    "56iVzP4y46oBG4clwWduBa24H5fCUa0QsBHaaqH8478eWtFcw4zBJ2DA51lz4VxAqKQb6m"
    "3qM1cIGwylArBnrjXurfdvvvWsCjf8Dt+/vh4JN02wJ0A2CZT0h9wEPpd6kzZm0W+h9SiO"
    "s7KMqq15c5OPU6upisGcUuhflEn0+h+nipVT9KK+zy1Vnm49od33IW2i0FKOq0vG+4a0r6"
    "dibLYsgmUG7Fi14zgD3bSAmAEygFwC7AMU9SWETEQX5rWkib4g9oGVu0031FRyge0gyLtN"
    "mC31amp6BYpO9O3xi57u5Oe9Rp30qN1Cm8BWg/2rlsthWbtnmRTfhqQwjT5wD9j71eI1UM"
    "C4ifgThh5UmBON3BvFNDO3eeJpnXfa9qhlF95bzdriH9r5VgZLGyf4tEBmGZruL6daQ2Sm"
    "GZfolcr3oiw6G5KlIZjtr8qVA0pqalJcVJ/T4a9NMMLkGqqLDSFAL+Abq2u+i7xr8fHaww"
    "OMHE0XSiYfsVu99/CtpEt2FfYyiF5JSP98ld+3OUFZ3e4CYqgNgANzGLjaYkzPtbpGgG1N"
    "NsNVridkF1iV55xEf4HWSgfyt1unft3snr5mkzEtXts+HiLCl/5wlq7uvGQH42hSdIKoLq"
    "8wfVC8OuMItVwLLwrFksT8S6CGzcc2DjKhA7weQSDNJOt7qEIsKfNbw0OHds8GhaAAI6mP"
    "aErCVgGzBwCxTdtBGABHzRTQXqMtuTfQFUHbkFv4EvUH1iX5iswqX95VXUf7rdkTPNQN8Q"
    "mtOuwhR0UFOQz4UYsiOqjump8AbI6rT4nTevLlcIsx9Z4I6obtdLSM/jn4ahYYckbVyycY"
    "0RC3TD6AaFTFFwo7T7w/as+sAKBVgowMetAO9Dwwvlj2Voe9E8s+c1PzmW7ZZDDXTIxPwO"
    "LPMbgFgFmoqMhUkQVpZg6tB3Bhqm2hlqUVXuhAF7yhW5X4FmA/duSGXanGHahPZTUII6uI"
    "s7ZKqFjD6mE6ak3ayw2zDvRqicwvtYCSl5pH4o4X18iVzP433k0jyR38m89vtncfkIOZzl"
    "JKBciqjiwWWt4LcSIa3hx3K8H0dcJr7k/I77jze97ug9S+ZYOBNds2csw2Pk97P9frRlzH"
    "8S+veH7v09o7Dn2mLB+r9td3us4RFqelWyQdjDyVSk267qnzc6IEJWvxSp82YOpM+bqUiz"
    "S2GkXUcHxdDBCZIyVVGPktXGDrS1nAFiEqjL0EgGNtPTHyU9jMN/V0Bv29tfocMjDy0rDp"
    "I2bCDbhlNmcSoUYxQhE0FGIY1rG0FGkBBkLJIOXEs37wdIhEiPuaWgTWRkWaYVh3SMvqf5"
    "o0JUddBJsvYP0udx9kRebR96g/47v3t0dkei5XzltkxucIRW5AZXejdH9yglmBwgE/ytMn"
    "+hoqBFORNmhFTw+Sj4PFnKZFpUM0+iFvp5Wf08iGbRdIsk2jpoMHvIvIDKXIY6sspKuyi1"
    "EHhVFngi9EeE/ojQn7TQn9UxyAnhPsEjktNDfMIHMu8zrT4UNxPA18uRW4qomUqJkFMgom"
    "ZeTvyEiJp5iVzPEzUjcvZFzv6R7hxXmkUixs8HtQTpq4x5YzT4eN8CtuksHvCo3WuzqBSo"
    "Q/UB37W7/RYwKOoP+F172O+O3rfAFFpYs2cP+HbY7X9oAZUyak5/SaORNBzT3+w8KYs84J"
    "v2B2n4RwtM4BxZywcsfR4P2y3g6l0luLyL006PLv//WMIBRPK/SP4XBpA4qMIAUiz5X+bL"
    "xTaOAJD8dacmmMfjB7dRKotDVbdaWbs0qrnHSyRY1FbnTqSb09bHW+yv1FPg0/RTELZQjy"
    "lS74lVogjeRBjnqrS8nQrj3Asy0wjj3Evkeh7jnEhpK5HShs3Ew1DSA09XBHWI2Nh3zOnR"
    "p28caN6WMdkcYQ4f1Zi1J/9Zchs8251x95PUAi71A+60+x2px7PvFPZuemUS8IQ5Z9vJA7"
    "woQEFIAyQC0wRMA7u9nJAGKASizxsdHa8GyYZGx5ylTKoGbl6jY2BShYyOQ6onD7udcSMm"
    "WoUht6whNwVTvyjLpqD649QV1cCKkgJrHgO5MI2n4B32RAqj+OZG8eA3jh81y1ghlozqAK"
    "OxSf/JiW0nMuhRboqTIS7qSghBkeZWiOL1jItBDjIt54l84xkCXnI4OxqP0J8LZNkm/sUG"
    "C0t7Yucos8R94I1NAQIQA36/FjtJj3V3f4IT22S/onuqXdzjAbsjnAK2dPGj/vg5fqcAqV"
    "QSqOyMZ8RPgqYD42nqMX4RF4pwQggnRCVkzZGao4UT4iVyPY8TotShMeLEmK2eGFMM/DCd"
    "wL8s/vy4BPph8D12ydMWwuQiObU6gi6+vnkxWkUUxiDJdgylR683xsykRXIpI8yIc8Lft+"
    "Y0VJWuLXRQNuQ1UwVnX44wzs3D6CQv6it507uyUj23213bxbadobqaNatEWFH056A7xa8O"
    "xEQjhav+BOnq5IHaRv0U+kpELpMaEyYU8Rb8vdPjLVYypJhOECWr0/Tdmku6ErpWDTDNcE"
    "qnaFCFnX11q89YXItKFApbQDZ4pkdNwY0Kw8Le1J2nhqQduBLyKT6n0eY/coXtYICq2TOg"
    "zEwbYV7/knlK/HRkYD5yRwsf+BcbcF90Qrmk0sMIxbkqwjtLcRbKh1A+qo6pUD6E8lFlcC"
    "utfAyRweBLTE1dXctUPSyvVwHFwyfhcRluIIYbghEsv93iioPLbF6P0YBzZAPNrat4Cr7N"
    "aCfam3VL1Eu2fpcHjB1jwkJJHsHCMhV2gol9Su9DJ7lFbKrkAJ3FotjKDKmOzog0ZW6nqz"
    "t+wK4oAVl3PUqEqqRDf5xBCyJU5SVyPU+oisiXLZEvK0pAvpDwhiNMH91aCcg6FHtUdEg/"
    "olKaTIhSBCFV+isVpX1qzV8R1HnYoM7i1XLrXCh3JwfzinRzkW5eAetvWrr5gYt8cNQTbL"
    "4+N9LtveyFdn8YoTBPCvNkJb7zIzVUCfPkS+R6HvNk8QqPG1V1rKQg3bO2L2pw7F7VL4px"
    "kKZ+O6rt15HRIZ46VJcsgnGQZo/2WsspaKotCfJ1DoyvUyG+jiJsmUk1MPLZxX3aPaKMjI"
    "VuLlHhYxWlu/ve4A9JagF/BFZBpt9+Jw1ZERm2X7EecPv2jhWVgaqh4WoYvlm9kdU5kpHF"
    "87k6JSs6UaQkf5GSVWCRjDADIklryQI+kV4wID8DeFhTqf1BmFK4AqqzHYjvAie6qcxLcT"
    "lMKbhcNS4XyIEPFjtzAxtVWdfwXLYQZYVNNjwZjx1/2aPDDd3RjnYqZB8hKAArU45oG4cu"
    "HuG2OBdAodjq8hgFA7nrAtMunSNtZGnKrJHgHvGunGY5SOC6j/CQ7Gue7NpD8kQ/wsSjTN"
    "OtHwESYcjLZ8hjH1UBhL3uNUT39dlZHvvF2Vm6AeMsdpIEvSNBSQVSfh8N+inuvTVJVL/X"
    "FAL+AbqWSzupGtoZ4DIwQlp9rEBNtBZNRF1nA9xsegTVpovZz/8DYAQ84Q=="
)
