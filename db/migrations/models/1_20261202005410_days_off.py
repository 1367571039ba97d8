from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "days_off" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "id" SERIAL NOT NULL PRIMARY KEY,
    "date" DATE NOT NULL,
    "cafe_id" INT NOT NULL REFERENCES "cafes" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_days_off_cafe_id_162fc1" UNIQUE ("cafe_id", "date")
);
COMMENT ON TABLE "days_off" IS 'A date a cafe does not deliver (a holiday, a closure), whatever its deadlines say:';"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "days_off";"""


MODELS_STATE = (
    "eJztXW1zmzoW/isavmw6k5tJnTTJenZ2hji09a1jZ2y323tv7lAZZJsNCBdEUk+3/30lXm"
    "xebbCxjYk+JRY6Ah6Jw6PnHImfgmGqSLfPWnCMhCb4KWBosH8i5adAgLPZspQVEDjS3YoK"
    "reGWwJFNLKgQWjiGuo1okYpsxdJmRDMxLcWOrrNCU6EVNTxZFjlY++4gmZgTRKbIogf++p"
    "sWa1hFP2jj/s/ZkzzWkK5GrlNT2bndcpnMZ25ZG5P3bkV2tpGsmLpj4GXl2ZxMTbyorWHC"
    "SicIIwsSxJonlsMun12df5vBHXlXuqziXWLIRkVj6OgkdLsjeVkmyHK3N5QH0lCWhQIAKS"
    "Zm4NJLtd27n7BL+K3x9vL68ubi6vKGVnEvc1Fy/cs79RIYz9CFpzsUfrnHIYFeDRfjJaiK"
    "hRgSMiRJcO/oEaIZKB3hqGUMadU3PQv+ieMeoLwK+KBgifxytO0DenqDag/rc7/LV+A8bN"
    "9Lg6F4/8BOZ9j2d93FTxxK7EjDLZ3HSk+u3rBykz5I3uO1aAT8pz38CNhP8GevK7nwmjaZ"
    "WO4Zl/WGfwrsmqBDTBmbLzJUQ6MzKA1QozWXve7M1A17PWrJe70qvR5gFOp2/+qXvf6E5s"
    "nubk2hld7VfvVYH1OsNunVwzpRA/6QdYQnZEp/Xl2u6NMvYr/1UeyfXF3G+qnrH2m4h35F"
    "gHX/FkA2qF8OtId+YCLgNt69y4EurZUJr3ssiq9my5RtaM8pIN+apo4gziABYbsY2CNquC"
    "u0g7G9A7RXgHvb63Uinui2PYyB/Pn+VuqfvHWxp5U0gsIsYQk4mcjKFBI5jXLdapNM1hW1"
    "W8++UgD3sauI4/DY1z8bjYuL68b5xdXNu8vr63c35wsaljy0io/dtj8wsCOdkoq+YyOrqF"
    "eJmW3kXOLoV8q37MBxm0Qbawpk12XLCDMU0ob8KieT2QZ3OPkdjq7hp434aMSwBDpasQfg"
    "eNlnctKhQzxx4KSQTwvb7I8tCZYj7MWj3eRwaDeZ/uyGuTMml4yfQnN7VjCCytMLtFQ5ci"
    "T6uMkWoojYxE7xd775+099pLuOLQX/kGzUoc31vdaOkMD+CgZdUCqkzJ0U0xiZ20LF2qgr"
    "QCqc27I5Hm8H0R2c97w2aokRgip99NCW4+jOb6auMEUYVTlQdUNN1hU2A2FHpgzL2BKze9"
    "pOmzZTV5xMS0XWlhj1WBt1AoixBrNhZvGI5CGjYcRLIKZMTfXPzc6UQREygk8xFrE6DiUn"
    "KMxOg1I/heW9UuYJieOeMxQDYQbox4zyZdt1W34b/n36JwpGkeBWppfr/nBHZ6j9qIrin2"
    "2b9nlIjYfUKuF+jjS4wkNqr7HX84TUDiiUV66XuVZea63cHa9EI3ohoKNW9cN5J/HOJcFM"
    "wixhx3ChbtOrglhBCciX1ntUTGcIqwy1YqALD1L3rt390AS+/SMWHx76vS/SXRPQCYBlPi"
    "P1Efel36XWkJVZ6L9IIV58pWhXvb3K0VNv4y+TZUexQ9F+otenUD6+0Vs/bstjF9V5zSfZ"
    "nTvlLDRbClnU6fW+5awp7dkZzYshm2JZSqZBzQD2tZENAE6x5AB7ACeibVEXkQT5vWkhbY"
    "I/oXnipZ0dTztC95AlLNJiC74spKewW6T3Tu8YeSkBLXHQEu8kIXMIlwDtZzuXZluxYZsX"
    "2ZSnNoIwvQ7Q/dzpCJlumEO8BuKUN08GxNlB+J0K7W6AOU1eDyLPK0T1RYC7XCH9r4VjZP"
    "nEf/PFHlyZruL760g1Sq5Mv8Zer/pij0P3Kl/ucdTyp0LRmJiWlpYn9fug180SXMJWcWel"
    "KQT8D+ja7jIUhX+NHawwOMHI0XSiYfuMne/fBTXRMvQ1hlLETwV4n9yLX+Nd0er0buMOiD"
    "Vwm1BsNCVl3N8hRTOgnqXVaKnTBdUzOvONj/A5WIH+ndRq34udk7eN00Ys8z3ohsvztDVO"
    "z1DzbjcB8tplTmFTvvAg/8IDLuxyWawCysJaWSxPVj9PbNxzYqOfrZ4iuCzz2LMVl3DG/F"
    "rNRRABm2cBCNhQAaqJbIBNAmir2jOywAkEU1PXaJunrI5u2o6F3pyClym1YhU0YoNF/jmw"
    "4bwZj6Hu4BSPGJvAG5YAWggQ+IQwGJusLoBYpe0vLMBYo+TDP3gmnK5Rk9ilcjmJy0nVdE"
    "dHKixwOek19noeOcl1t6n9nd7XQf1VvXyEPbxq1kd7iU8u+OTi8Jy3xMnFTtlzsIwxjT+H"
    "ljiuYNDh9ZTrKXTPI6KMYcKA1c49znvn8lnKfQn4ppsK1GXmpb4BE9NDv4FvUH1mQ0hmnP"
    "3bWYI5l9ryStr7gtATrcqZ70GZb9ALCWQHBtT1THhDZnXy7heN66sFwuzHKnAH92Knk7IB"
    "iPtoGBp2SJrsvxrXhDFHN4pu2MkUBTduuz9sz6sPLGd4nOFxhreO4UV2X1jB9uK7NKxnfn"
    "Jir4gcNNAhI/MHsMwXV4LUVGTMTIKwMgcTh94z0DBlZ6hJqdwJA/bUJXJvgObKofRsSGVs"
    "zqATbFpPQSl0cBdnKK6GZixaX2C35ap1Tjm52FoJL3mkshsXW19jr3OxdUdia/i1VvBZiZ"
    "nW8GE53ocj6RNf8+roh8+3nfbgI1sKPXNGumZP2froQVDPDurRkqH7k9D/P7UfHpiF/aTN"
    "Zqz+e7HdYQVjqOlVWUvNLk6mLt32qH/e3NqYWf02GLho5ED6opGJNDsURdrLx6AYOjjFU2"
    "YS9bhZbXSg0lbcEpNAXYZGOrAr82TjpodJl90V0GXnylZoe/pD+4qDbLpjINuGE6Y4FcrQ"
    "j5nxFP0I4yojRR8SgoxZ2pbO2fJ+yIS79ERYCtpERpZlWklIh+hHVjwqYlUHTrJq/iB9Ha"
    "4eyIvpQ6fX/RBUj4/u2FqTgNxusrNOzJbvrFPp2Rydo2zQySEz3r9V7l8eIeURUh4hzYqQ"
    "LvZaT4mKhvdhz46ERnd93+feHZHwYghffyHunAcXK+VCTnlw8RWFmXhw8TX2ep7gIt8YhG"
    "8Mctwbg2SM3/Wxv7B9lTEXBr3PD01gm87sEQ/EjsiCd1CH6iO+F9vdJjAo6o/4g9jvtgcf"
    "m2ACLazZ00d81293PzWBSjvqif6SBgOpP6S/2aZ1FnnEt+Inqf9HE4zgE7Lmj1j6OuyLTe"
    "Dxrg16eRdbKh/dJiPHEjXhO4zwHUa4AJIElQsgxXYYkd3XRRn7jEjBe6cmmCfTLMr4Hp8L"
    "Vd0+yLdLUc3bwyZFUVtsbpMtpy330Nnf9+RCj2aQqVnCR99iH5Vjn7sJn4SLc1V6vZ1yce"
    "4VyTRcnHuNvc4z/3eU+Y/N1DXj2fk5CwOemlM8Nefos1wPNG43kWyOcKkDZczac3AtuQVP"
    "sTVsf5GawLN+xC2x25I67iIFhd2bXpl1ClzOKTvH0v3ySEFIQyYc0xRMQ7O9nJCGLDii60"
    "VHx//Q0ZaiY87vJVUN3LyiY2hQRUTHPuXJ/XZrKCRcKxdyNxVyMzANvvy0LahBO3VFNfRG"
    "yYA1j0DOpfEMvKORSC6KH0YUl3wNN10ZX4y5NfJ4KABUdr6pGSj0i7RWvtPhQcXn7w7ERC"
    "OFtzoM29WJT5axaRy9JSJvkugSNeTqyRr1ZOFDis2E4mZ1Gr6lTTD96HYRXMMmHNP1U8zF"
    "u3BL6l63T7rEqXt4XK3/pvSSWGyPbHiFTk3BjTvDwnOjnXParOVTkRnCOkabfwGV0MMIqJ"
    "o9BcrUtP2v2Zi0LEguBuYYUELrffbmHzZwZ5Ype0Ru3AwnzlVx3quIMycfnHxUHVNOPjj5"
    "qDK4lSYfbugmhXcEIZ1sysGiIrtPMeWve56kWYmn/UjT9XiS5mvs9TxJmmRSfOPBMplnFR"
    "zpnncc5Curd7uymlGSohiHbeqQSLvr3QF0iCcO5ZJFMA7b7DGJ03KEvYB8kwPjm0yIb+II"
    "W2bayuZ8ybKB7R5RRsZMN+eocLKsdP/Q6f0hSU0QtMD2BeiKH6Q+2xqAzVesRyze3bOtAq"
    "BqaDiuPh4mdZatIl9kB8denutWny/s+NLz1UvPE5pOnrSlmWUqbI8IVdY1/CRbiIJkp20j"
    "WyRFh+XhdWhzfa+143sh5Mpl4oBtsi66jOyvI2RyB8n8EpGlKVMhRaryj5yuEqvgsg5Xq/"
    "ZGRXesVj3TJ1Ar9qGNkAmfVOWbVLGHqgDCfvUaovv2/DwPlzw/zyaT54nsLnpGgtKWIGZ/"
    "gCBksv+PDxwmca60zwwU4JXlv8x+/R+tBbwn"
)
