from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "access_requests" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "id" SERIAL NOT NULL PRIMARY KEY,
    "status" VARCHAR(16) NOT NULL,
    "decided_at" TIMESTAMPTZ,
    "decided_by_id" INT REFERENCES "users" ("id") ON DELETE SET NULL,
    "user_id" INT NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_access_requ_status_8e29bd" ON "access_requests" ("status", "created_at");
CREATE INDEX IF NOT EXISTS "idx_access_requ_user_id_e95d84" ON "access_requests" ("user_id", "status");
COMMENT ON COLUMN "access_requests"."status" IS 'PENDING: pending\nAPPROVED: approved\nREJECTED: rejected';
COMMENT ON TABLE "access_requests" IS 'Someone not on the roster asks to be; the first manager''s decision stands.';
        ALTER TABLE "users" ADD "on_roster" BOOL NOT NULL DEFAULT True;"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "users" DROP COLUMN "on_roster";
        DROP TABLE IF EXISTS "access_requests";"""


MODELS_STATE = (
    "eJztXW1z2kgS/itTfIlTxaYc7Dhe7uqqsE0SNhhcQPayu95SBmkAHdKI1Ysdajf//WZGEu"
    "hlBJIQIOT5khhpeiQ9PWp19/TL3zXdUJBmvWnJMrKsAfrLQZZda4K/axjqiPzBH1AHNbhY"
    "rE/TAzYca4wCsqGS6Y5l5+DYsk0o05knULMQOaQgSzbVha0amBINDR0ZGAFs2MDAwJ4hYB"
    "qWjUwArbkFbAOM0b/Y4YlqWjbQIYZTZL6ygIJk1SKzAMuGWLHe0OsphkwuqOJp8VM7WCXP"
    "JdnGFBESk1zgjz/JYRUr6Duy6M+/axMVaQr7u0YobYdhIJsI2kiRoF2jBOj7wiQwkdktfw"
    "4PcuxoGsVzuWBw1thgAh/78aMOQvM7FjIlVaGDvEvtMjkduJhLbP7QKnCvwI5LPm0H2x/Y"
    "QAr4WJINzdHxevBiac8MvBqtYrZspggjk+JAjtmmQ1cCvSVv7fiLwwV5PcRFN0CjoAl0NH"
    "v9QOQG1sdqktTrj6RheyRJtdha8ykCa8Q7JBO8CBbkVi329FN6Cz813l6+v7y+uLq8JkPY"
    "ba6OvP/hXnoNjEvI4OmNaj/YeWhDac2yNaiBFRED946csVUd8REOU0aQVjzSN/4fUdx9lD"
    "cB7x9YI79+cQ8BPXlApY+1pcfyDTiPOvft4ah1/0Avp1vWXxrDrzVq0zMNdnQZOXp29Zoe"
    "N4hMcmXWahLw387oE6A/we/9XpvBS4TF1GRXXI8b/U5fxRp0bEPCxrMElcDq9I/6qLGX1u"
    "e6s1Bycj1MKbheFq77GAXY7t39muvr70CY47czaLaxozOOdzD90Mgoxvk1dYTrBL198bm2"
    "QFih3MrG7NpDu3fX6X1sAo/+EbceHgb9X9t3TUCUBtN4QsojHrR/ad+O6DET/Q/J9NbTLR"
    "Edfpc0hKf2jPx8e7VhifzaGtx+ag3O3kbZ3vPONNipHyE+0U++kuvtDFMW8HZ6wqQsL+fp"
    "voxxGezzaryUMmk2MbrtSk75GVuMmhP4wK1V0pSwBihyAVq671gBiFJVfDLn6o0Urji6Hw"
    "wTqVP8GS1j35IIqJ5J98Wb5sTA/eGvHv/o+o0y4fPKdgkuKvLs5ImR7X5xW8Pb1l27liAQ"
    "DgdsycRAWlxjMjCELrkL0PvS7bq25BjK82doKlJoJdMzRsOIHFmNjZ/SG3r0CLPRFe9h6K"
    "172N/CCapx/BfseH2T20ImI9I5K5Ih3e4cEBa2sLBL8bqfqK0lLOyXyPU0FvYccb7d1Lzm"
    "s9obXow9fVwhGjKJry5TmMRXl4kmMT0V1ufZ/xmQ9ccfzlVxMHAb796lQJeMSoSXnQvjq1"
    "oS0TbUJw7IN4ahIYgTlIAgXQTsMSHcF9r+2j6sj+Gm3++GJNFNZxQB+cv9TXtw9pZhTwap"
    "rkYaN1DtqSTPoM21UW/UaaLWFaYrxPQvg/b1c6NxcfG+cX5xdf3u8v37d9fnKzUsfmqTPn"
    "bT+UjBDjGFiz41zbJKlQhZLuFSMotr74LbsNWJKkN6X5aEMEWBt+Q3CZnEOYTASS9wNBXP"
    "c+mjIULhUi6P9hk3OjSIpw6cZpJpQZoDbuyYTsY9nZwS7TqFQLtOlGfXr3le0GSvUvh1C4"
    "WfROSdR/7h8wBpTLAlu/Ko26hLpgsEvpyYApvk1gstXtnQx8auUNE5qgqQApeWZEwmu0F0"
    "B5d9d45KYoSgQl49tOM6uvOmqSpMIY2qGKh6gSmrCpuOsCMRDUvfEbN7Mk+HTFNVnAxTQe"
    "aOGPXpHFUCaN87TkEVIWHzKaJFbN6HkmIqzF43pQ4asRr2ooigVbGlVhObK2JLTXD96E6N"
    "mC5xREd56bgsfOWV9pWz9WqrtpYJ6DBV9XDey36nCIU/jVB4cn80kS/XVz9KK/YuyvOZj2"
    "t3zOTMZC0FKKr0eS8sBn69/rOmGHAoRZJBHGDPN5IDYA6lAHhrzoHsxU/vGBrvh2GfmHhI"
    "GxsfEIvbcw6CC7EAaKuddcB5axPyDpLEsIB4C8ScL0+5UjvYBjPPve7vPG9wqq82uIt1pP"
    "+xEow0nvhPkewhPNNl/H6dqI9SeKZfItfLnuxxbK6KdI+Tdn/KBI2pYaq8OKlfhv1eksMl"
    "SBUVVqpsg3+Apu4vQrH274mDZQonGDuqZqvYekOv95+MPtEi/GsUpZCc8vE+u299jbLitt"
    "u/iQogOsFNzGOjypx1f4dkVYdakq9G5ZoLikv0xiM+wfdgA/p37dvOfat79rZRb0Qi3302"
    "XJ7zcpyeoOo+bgzkrWlOQVKReJA+8UA4doVbrASeha1usTRR/SKw8cCBjV60Osfhso5jT/"
    "a4BCPmt5f/bAFqZwEI6FIBioEsVq6TzKo+IROcQTAzNJXMWadjNMNyTPS6Dp5nhIoOUG1a"
    "rdOLPwcWXDaje6h7uMQjxgZwlyWAJgI2nCMMJgYdCyBWyPwrClpblJC5J5MKia69SfRWhT"
    "tJuJPKKY5O1LEg3Ekvketp3ElM3HL5zee1P34Tl0+Qw5usPsIlYVwI4+L4Om+BxsVetWc/"
    "jZGnPwdSHDdo0MF8yu0qdN9VRKmGCX2tdunqvHdMnyW6rw2+aYYMNYlKqW+0Gv4d+Al8g8"
    "oTXUIS1dm/xQvoFzrzRrX3GaE5GSo036Nqvj4XYsgOdahpifAGyKok3S8a769WCNMfm8Ad"
    "3re6XU4BEPZq6Cp2bJ7bfzOuMWKBbhjdoJDJCm6U9nDYnpcfWKHhCQ1PaHjbNLxQ9YUN2l"
    "60SsN2zU+K1YpIoQY69tj4DkzjmbkgVQXpC8NGWF6CqUOeGaiYaGeoSVS5MwpsnSlyr4HK"
    "3KHkakih2pxODGwyTkYcdXAfV8juDU1IWl9ht2PWulA5hbO1FFLyRN1uwtn6ErkunK17cr"
    "YGP2sZ35UIaQVfltN9OeIy8SVnRz98uel2hp9oKvTCGWuqNaP50UN/nOWPI0dG7KdN/v7c"
    "eXigFNZcXSzo+A+tTpcemEBVK0suNb05iYh0y1X908bWRsiqV2DgopEC6YtGItL0VBhpNx"
    "6DYOhgjqRMVNSjZJXxAxWWcWsbNtQkqPOB3RgnGyU9TrjsvoAuOla2ROXpjy0rjlJ0R0eW"
    "BafU45QpQj9CJkL0QxpXESH60LaRvuCVdE527wdIhEiPbUtBy5aQaRqcdoIj9D1pPypEVQ"
    "WdZJP90P462ryQV+ZDt9/76A+Pru5Iromv3OaprBOhFZV1Sm3NERslB5MDZIK/ZeYvlGW0"
    "yOfCjJAKPp8En8dLyZ5m1cx51EI/z6ufB9HMmqzMo62CBnOAvGUozyWoITOvtItSC4FXZo"
    "EnQn9E6I8I/UkK/Vk1EeGE+wQbjCSH+ITbmRyyKFUobiaAr1dhYimiZkolQupARM28nPgJ"
    "ETXzErmeJmpGVLwSFa9O1HJcaRZcjLcHtQTpy4x5bdj/8tAEluEsHvGw1W3RqBSoQeUR37"
    "c6vSbQCeqP+GNr0OsMPzXBFJpYtWaP+G7Q6X1uAoUwak5+tYfD9mBEftNqrKb9iG9an9uD"
    "35pgDOfIXD7i9tfRoNUErt6Vg8v76BVwctWzTiUcQJTOEqWzhAMkDqpwgGQrnSWxz0URBb"
    "Ta/nenIpjH4weLaDTLoKpap9l9OtXc4mwcj9qqaluyO21dHO5wjVIDr6afglBAN9NIt1Ta"
    "xy14EeGcK9PnrS6ccy/ITSOccy+R62mccyKlLUdKGza4xVCSA09XBFWI2Dh0zOnJp28cad"
    "3mcdmcYA4f0ZjVJ/9eUjs8W7ejzq/tJnCpH/Ftq3fb7rLsO5k+m1aaBDzhzik6eYC11MoI"
    "aYBEYMrBNGDtpYQ0QCEQ3e50dLwOfjs6HVM2AiwbuGmdjoFFFXI6DoiePOjcjmox0SocuX"
    "kduQmY+i0NdwXVn6eqqAa+KAmwpnGQC9d4At7hnUjhFN/dKR58x/FENfUVYnxU+xiNDPJP"
    "SmxvI5OepFHMhzjrVkIIiqRthSheW7YYpCDTUlbkG80Q8JLDaWk8m/xcINMy8CsLLEz1id"
    "ZRpon7wJubAAQgdhuLNGklPTrc/QnOLIP+itpU+7jGI3ZnqLsNU2ipP1bHrw6QQiSBQms8"
    "I1YJmkyMp4ll/CJbKGITQmxClELWnKg7WmxCvESup9mEyFU0RlSMKbRiTDbww3QC/7z4s3"
    "IJ5MVgNnbOagthcpGcWh5BF/++eTFaWRTGIEkxjtKT1xtjbtIsuZQRZsQ54dutKR1VuTtz"
    "HpUNad1UwdWXIoxz9zC6thf1xTd6V16qbdbu2i9WdIbqatWsEmFF05+jWop/ORDbqp2560"
    "+Qrko7UEX0TyGPZEt5UmPChCLegj13crzFSoZk0wmiZFVavoVtSZdC16oAphs2pRM0qMyb"
    "fVXrbp5di+IKhQKQDdb0qCi4UWGYeTd176khSQVXQnuK2zTa9CVXqAUDFNWaAXlmWF5jd7"
    "pT4qcjA2PCNlrYxK8swPaiOe2Sck8jFOeyCO9NirNQPoTyUXZMhfIhlI8yg1tq5WOAdAof"
    "NzV1dW6j6mF6ozIoHj4Ji8twAzHcEIxg++0mUxxcZrN+jDqcIwuobl/FOniekUFkNB3G1U"
    "sKv8ojxo4+pqEkE7AwDZlWMLHq5DpkkZu2RZQcoNFYFEueIcXRKJEqz61kdccP2BUtIKuu"
    "R4lQlWToTzNoQYSqvESupwlVEfmyOfJlRQvIFxLecILpo4W1gKxCs0dZg+QlyqXJhChFEF"
    "Kp31LR2qfS/BVBnccN6szeLbfKjXL3UphXpJuLdPMSeH+T0s2P3OSDoc7x+frcSPb30gfa"
    "fzFC4Z4U7slSvOcn6qgS7smXyPU07snsHR536upYSkF6YG1f9ODYv6qfFeMgTfUsquL7yG"
    "gQTx2iS2bBOEhzQH+t6WR01eYE+ToFxteJEF9HETYNXg+MdH5xn/aAKCN9oRlLlLmsYvv+"
    "odv/rd1uAn8G2kGm1/rYHtAmMtReMR9x6+6eNpWBiq7icji+ab+RVR3JyMdzW5+SFZ1oUp"
    "K+SQnBySSqD8/JsBHwEJ0APD3gq0guCWEKBE9N3AQ8l14wID0DWBxZLoMsTCn2Xspjf8XN"
    "7rFmyPNcXA5TCi6XjcsZig4EI19kVaFMlWlAqWQiwgrL3rEUYYtNNnDnOtmFsLli41EBK5"
    "uVnQoxP2hZkTQVzwtCjpa27ZLpqr3YBGB5Wo0VUVC1qi9jKG8iP0bBJI2qwLTPjc8WMlV5"
    "VuNsfXpn6ps2P+F6jNj9PNQ62ffu5xN5CbllipM9mwES4aRP56SnL1UGhL3hFUT37fl5Gt"
    "/k+Xmyc/I8ViWGXNFGvOZHvwz7vYSt+zVJ1JRUZRv8AzT1lFVhHrgUjJABGWs+Fe0zVQ9b"
    "hnSCm13Ly+36Mfvxf9Tm6Z0="
)
