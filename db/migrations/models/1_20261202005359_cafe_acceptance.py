from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "deadline_notifications" ADD "ack_alerted_at" TIMESTAMPTZ;
        ALTER TABLE "deadline_notifications" ADD "accepted_by_tgid" BIGINT;
        ALTER TABLE "deadline_notifications" ADD "accepted_by_name" VARCHAR(255);
        ALTER TABLE "deadline_notifications" ADD "accepted_at" TIMESTAMPTZ;
        -- Lists sent before the button existed could never be accepted: never alert on them.
        UPDATE "deadline_notifications" SET "ack_alerted_at" = "sent_at" WHERE "sent_at" IS NOT NULL;"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "deadline_notifications" DROP COLUMN "ack_alerted_at";
        ALTER TABLE "deadline_notifications" DROP COLUMN "accepted_by_tgid";
        ALTER TABLE "deadline_notifications" DROP COLUMN "accepted_by_name";
        ALTER TABLE "deadline_notifications" DROP COLUMN "accepted_at";"""


MODELS_STATE = (
    "eJztXW1zm7gW/isavtzsTLaTOGmS69m5M45NW28cO2O7vd3d7FAZFEfXIFwQaT29/e8rYb"
    "B5N/gVE31KLHQEPEccPTo6R/ohGaaGdPtNEz4hqQ5+SAQa/J9Q+SmQ4HS6LOUFFI50t6LK"
    "arglcGRTC6qUFT5B3UasSEO2auEpxSZhpcTRdV5oqqwiJuNlkUPwVwcp1Bwj+owsduGvv1"
    "kxJhr6zhr3fk4nyhNGuhZ6Tqzxe7vlCp1N3bI2oe/civxuI0U1dccgy8rTGX02yaI2JpSX"
    "jhFBFqSIN08thz8+fzrvNf03mj/pssr8EQMyGnqCjk4DrztSlmWSonR7Q2UgDxVFKgCQah"
    "IOLntU2337MX+EX2vnl9eXNxdXlzesivuYi5Lrn/NbL4GZC7rwdIfST/c6pHBew8V4Capq"
    "IY6EAmkc3Ba7QrGBkhEOS0aQ1jzRN/4/Udx9lLOA9wuWyC972z6gZy+o9Yg+81SegfOwfS"
    "8Pho37B347w7a/6i5+jaHMr9Tc0lmk9OTqF15usg9p/nktGgH/bQ8/AP4T/Nnryi68pk3H"
    "lnvHZb3hnxJ/JuhQUyHmNwVqgd7pl/qosZpLrTtTbU2thyWF1suidR+jgNq9p19qfYJmcX"
    "U3n6GVrGqvekTHDKt1tHpYI2rA74qOyJg+s59Xlxk6/dToNz80+idXlxE9db0rNffSzxCw"
    "7t8CyPr1twPtoT+YELi1t29zoMtqpcLrXgvji22FsQ38kgDyrWnqCJIUEhCUi4A9YoK7Qt"
    "vv2ztAOwPc216vE7JEt+1hBOSP97dy/+TcxZ5VwhQFWcIScDpW1GdIlSTKdYvHqawrLLea"
    "fSUA7mFXEsMxZ1//rtUuLq5rZxdXN28vr6/f3pwtaFj8UhYfu22/52CHlJKIvmMjq6hViY"
    "itZVyi6JfKtuzAcJsUP2EV8ueyFUQ4CkldPsvIpLYhDE5+g6NjMlmLj4YEt0BHS/YBHC/7"
    "jE86dEjGDhwXsmlBmf2xJclypL1YtJscBu0m1Z7dcHPG3SVPk8DcnheMoDr5Bi1NCV0Jf2"
    "6KhRgiNrUT7J0n/u6uj3TXsCXgH3AbdVhz/XlrR0hgf/qdzi+VEuZOqmmMzE2h4m1UFSCN"
    "TZtZt0IbYtTymqkqTCG2sB2ouoEmqwqbgYijMPZgbIjZPWunzZqpKk6mpSFrQ4x6vI0qAc"
    "RHRLNmpo2R8UtGzYiWQMJYiObdm98pZfhLWViJjJDZayxKbHje6YLLD2n5roxVQeq49wz4"
    "97kA+j5lXNB2zZbXhvee3o38XiS5ldnjuj/c3hloP+wh8O62SftiuUgsF5XC/BzpwoFYLn"
    "qNWs+zXHRAJ3DptCz8wJX2A7v9lWKqFwI6LFU9nHeylrckmHGYZeIYLtRt9lSQqCgG+VJ6"
    "j97AKSIaR60Y6NKD3G21u+/rwJN/JI2Hh37vk9yqAzYBsMwXpD2Svvy73BzyMgv9D6l0vn"
    "ZQVFXnVzk0dR4dTJaK4pfCemLPpzI+vtaoH5UVfvnyDPNxdudOOQvNlgISVRreN5w1JX07"
    "o1kxZBMkt7KKXjGAPd/IGgAnSAqA5wDHVpLCJiIO8jvTQnhM7tAsNminrxUdoXlIcyyyYg"
    "t+W7iegmaRvTt7YzRf7m42Bs1GS5ZSu/AWoP1o5/LZlqzb5kU24asNIcyeA3Q/djpSqhkW"
    "EK+AOGHkSYE4fYF5p452d/E0yb3ur6pmONUXi7fbdaT/tTCMPFb2b5HIIDzTZRy/jtRHKT"
    "zTr1HrZU9kOLRWRSrDUbs/VYbG2LRwUpzU74NeN83hEpSKGiusUvB/oOPdRd9Jvz05ROVw"
    "gpGDdYqJ/Ybf7z8FfaLb8K9xlEJ2ysf75L7xOaqKZqd3GzVAvIHbmMcGqwn9voVUbEA9zV"
    "eDE6cL2lzojSd8hN9BBvotudm+b3ROzmuntUhUt6+Gy7Ok/J0XiOevGwN5ZQpPUFQE1ecP"
    "qheOXeEWK4FnYaVbLE/Eughs3HNg4yIQO8HlEgzSTve6hCLCVzpeJFc7NngyLQABawy/IG"
    "sG+AQMtICqmzYCkIIvuqlCXeFzsi+A0ZEW+BV8gdoL/8IUDc7sL2+i66fbbTnTDfQNoQmr"
    "KlxBB3UF+VqIITtgdExPhTcgVqXB76J2fbVAmP/IAnfAuF0nIT3P/TQMTByaNHHJxjUmLN"
    "ANoxs0MkXBjcruD9uz8gMrCLAgwMdNgPfB8EL5YxlsL5pntpr5KbFstxw00KEj8zuwzG8A"
    "Eg1gDRlTkyKizsDYYe8MMGHsDNUZlTvhwJ66RO4XgG0wvxvSOJszTJuyeipKoIO7uEMmLe"
    "TyMU6YknazwG7DvBtBOcXqYyms5JGuQ4nVx9eo9Tyrj641T9R3sq79+llaPkINZy0SMC1F"
    "qHhwWCv4rUREK/ixHO/HEbeJrzm/4+Hjbac9+MCTOabOSMf2M8/wGPj1bL8eKxm6Pyn7/6"
    "798MAl7AmeTnn9d412hxc8QayXJRuEP5zCTLo9p/55owMiYtVLkbqo5UD6opaKNL8URnq+"
    "0MEwdEiCpUwl6lGxyviBtpYzQE0KdQUaycBmrvRHRQ+z4L8roLe92l+izSMPbSsOkjZsIN"
    "uGY+5xKhRjFBETQUYhxrWNICNIKTKmSRuupbv3AyLCpMeWpaBNFWRZphWHdIi+p61HhaSq"
    "wEmy5g/y52F2R15MHzq97nu/erR3R6LlfHK7Tm5wRFbkBpd6NsfmKGsoOSAm9Ftm/UJVRd"
    "P1XJgRUaHno9DzaKbQcVFmniQt+Pm6/DyIZtF0iyTZKjCYPWReQHWiQB1Z61q7qLQweGU2"
    "eCL0R4T+iNCftNCfxTbICeE+wS2S00N8whsy7zOtPhQ3E8DXy5GbiaiZUpmQUyCiZl5P/I"
    "SImnmNWs8TNSNy9kXO/pHOHBfMIhHj1UEtQfkyYy4Neh8f6sA2nekjGTQ6DR6VAnWoPZL7"
    "RrtbBwZD/ZG8b/S77cGHOhhDi2D7+ZG0+u3uXR1oTFET9kseDOT+kP3m+0lZ9JHcNu7k/h"
    "91MIITZM0eifx52G/UwZx3raHlXex2enT5/8cSDiCS/0Xyv3CAxEEVDpBiyf+KO1xsYwsA"
    "2R93KoJ5PH5wG0dluVBV7aysXTrV5ttLJHjUFvtOpLvTlttb7O+op8Cn6acgbOE8psh5T/"
    "wkiuBNhHOuTMPbqXDOvSI3jXDOvUat53HOiZS2NVLaiJm4GUp64OlCoAoRG/uOOT369I0D"
    "9dt1XDZHmMPHGDN+8Z8lt8Oz0Ry2P8l1MJd+JM1Gtyl33Ow7lb+bXpoEPOHO2XbygHsoQE"
    "FIAyIC0wRMA7O9nJAGJASiq52OjncGyYZOx5xHmZQN3LxOx0CnCjkd+4wn99vNoRQzrcKR"
    "u64jNwVT/1CWTUH126kqqoERJQXWPA5y4RpPwTu8Eimc4odxisueDzfZM77ocyvc44EFoG"
    "3Hm5q+h34R1iq28D2o8/mrAwnFtPAevkG5KvHJbeyGyl6JKusEuoQFhfdkhfdkYUOKzYSi"
    "YlXqvlubYHqr20VwDYoITFdPMRdj4YbUvWqnLUSpe7BfrT7udUksNkc2mKFTUXCjxrDw3G"
    "jnnDYtfSo0Q1jFaPMnUEk9goCG7WegPps2Iu5pFiYr84OLgfkEGKEFbsP/soE7s0zY/Hjt"
    "ZgRxLovxziLOgnwI8lF2TAX5EOSjzOCWmny4SzcJvMNf0kmnHHxVZPchpmK4F0Gapfjajz"
    "RcTwRpvkat5wnSLL5v10Z7dZXSkO55qy6RWb3bzGpOSYpiHJSpQiDtrncH0CEZO4xLFsE4"
    "KLPHIE7LkfYC8k0OjG9SIb6JImyZSZnN+YJlfdk9ooyMqW7OUOFgWfn+odP7Q5brwG+B7w"
    "vQbbyX+3xrAD5fsR5Jo3XPtwqAmoFJ1Pt4mNBZnkW+iA6ODJ6rss8XciL1PDv1PObTyRO2"
    "NLVMle8RoSk6JhPFQgwkO2l/9CIhOjwOr8Oa689bO74BIVcskwBsnbxocYD8/iK/GsjC6r"
    "OU4KryrpxmOavgso7wVu2Niu7YW/XCvkBc7ASpgIiYVOXc6Jh9VAUQ9qpXEN3zs7M8XPLs"
    "LJ1MnsWiu9gdKUpKQUw/WScgsv9TdQ4TOLe183MK8MrtD2Y//wHZ8ukL"
)
