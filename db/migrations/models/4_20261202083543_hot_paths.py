from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True

# users.orders_version: bumped by the database on every change to what a person's statistics
# count (their orders, the dishes in them, a dish's category), whoever makes it — the API, the
# bot, an import, a test, psql. Cached statistics are keyed by it (services/recommendations/
# service.py), so they are never stale and nothing has to remember to invalidate them.
# Statement-level triggers with transition tables: one UPDATE of users per statement, however
# many rows it touched (an import of a month's history is one bump per person, not thousands).
TRIGGERS = """
CREATE OR REPLACE FUNCTION lunchbot_orders_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE users SET orders_version = orders_version + 1
    WHERE id IN (SELECT user_id FROM changed_rows);
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION lunchbot_orders_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE users SET orders_version = orders_version + 1
    WHERE id IN (SELECT user_id FROM new_rows UNION SELECT user_id FROM old_rows);
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION lunchbot_order_items_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE users SET orders_version = orders_version + 1
    WHERE id IN (SELECT o.user_id FROM orders o WHERE o.id IN (SELECT order_id FROM changed_rows));
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION lunchbot_order_items_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE users SET orders_version = orders_version + 1
    WHERE id IN (
        SELECT o.user_id FROM orders o
        WHERE o.id IN (SELECT order_id FROM new_rows UNION SELECT order_id FROM old_rows)
    );
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION lunchbot_menu_items_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE users SET orders_version = orders_version + 1
    WHERE id IN (
        SELECT o.user_id FROM orders o JOIN order_items oi ON oi.order_id = o.id
        WHERE oi.menu_item_id IN (
            SELECT n.id FROM new_rows n JOIN old_rows p ON p.id = n.id
            WHERE n.category IS DISTINCT FROM p.category
        )
    );
    RETURN NULL;
END $$;
CREATE TRIGGER orders_inserted AFTER INSERT ON orders REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION lunchbot_orders_changed();
CREATE TRIGGER orders_deleted AFTER DELETE ON orders REFERENCING OLD TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION lunchbot_orders_changed();
CREATE TRIGGER orders_updated AFTER UPDATE ON orders
    REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION lunchbot_orders_updated();
CREATE TRIGGER order_items_inserted AFTER INSERT ON order_items
    REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION lunchbot_order_items_changed();
CREATE TRIGGER order_items_deleted AFTER DELETE ON order_items
    REFERENCING OLD TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION lunchbot_order_items_changed();
CREATE TRIGGER order_items_updated AFTER UPDATE ON order_items
    REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION lunchbot_order_items_updated();
CREATE TRIGGER menu_items_updated AFTER UPDATE ON menu_items
    REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION lunchbot_menu_items_updated();
"""
DROP_TRIGGERS = """
DROP TRIGGER IF EXISTS orders_inserted ON orders;
DROP TRIGGER IF EXISTS orders_deleted ON orders;
DROP TRIGGER IF EXISTS orders_updated ON orders;
DROP TRIGGER IF EXISTS order_items_inserted ON order_items;
DROP TRIGGER IF EXISTS order_items_deleted ON order_items;
DROP TRIGGER IF EXISTS order_items_updated ON order_items;
DROP TRIGGER IF EXISTS menu_items_updated ON menu_items;
DROP FUNCTION IF EXISTS lunchbot_orders_changed();
DROP FUNCTION IF EXISTS lunchbot_orders_updated();
DROP FUNCTION IF EXISTS lunchbot_order_items_changed();
DROP FUNCTION IF EXISTS lunchbot_order_items_updated();
DROP FUNCTION IF EXISTS lunchbot_menu_items_updated();
"""


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "users" ADD "menu_button" VARCHAR(32);
        ALTER TABLE "users" ADD "orders_version" BIGINT NOT NULL DEFAULT 0;
""" + TRIGGERS


async def downgrade(db: BaseDBAsyncClient) -> str:
    return DROP_TRIGGERS + """
        ALTER TABLE "users" DROP COLUMN "menu_button";
        ALTER TABLE "users" DROP COLUMN "orders_version";"""


MODELS_STATE = (
    "eJztXW2T2jgS/isqvuxsFZuaMJPJHHV1VQxDEjYMTAHZ2xe2HGEL8GHLrC3PhNrNfz9Jts"
    "GvYJs3Y/QlGWS1bD9ttx+1Wt1/V3RDQZr1pgknqFIHf1cw1NkfgfYqqMDFYt3KGggca7yj"
    "THvwFji2iAllQhsnULMQbVKQJZvqgqgGpq3Y1jTWaMi0o4qn6yYbq3/ZSCLGFJEZMumBP/"
    "6kzSpW0Dc6uPtzMZcmKtKUwHWqCjs3b5fIcsHb2ph84B3Z2caSbGi2jtedF0syM/Cqt4oJ"
    "a50ijExIEBuemDa7fHZ17m16d+Rc6bqLc4k+GQVNoK0R3+2OpXVbRZK6vaE0aA0lqZIBIN"
    "nADFx6qRa/+ym7hJ9qb2/f397f3N3e0y78Mlct7787p14D4whyeLrDynd+HBLo9OAYr0GV"
    "TcSQkCCJgvtIjxBVR/EIByVDSCuu6BvvjzDuHsqbgPca1sivn7ZjQE9vUOlhbemqfAPOw/"
    "ZTazBsPD2z0+mW9ZfG8WsMW+xIjbcuQ61Xdz+ydoO+SM7rtRoE/Lc9/ATYT/B7r9vi8BoW"
    "mZr8jOt+w98r7JqgTQwJG68SVHxPp9fqoUZ7rrVuL5ScWg9KCq0XReseRj61u1e/1vocLa"
    "Pqbs6gGa9qt3tIxxSrPFo9rRHV4TdJQ3hKZvTn3e0Gnf7S6Dc/NfpXd7chPXXdIzV+6HsA"
    "WP5/BmS9/vuB9tQvTADc2rt3KdClvRLh5ceC+KqWRNmG+hID8oNhaAjiBBLglwuBPaaCh0"
    "Lbe7YPgPYGcB96vU7AEj20hyGQvzw9tPpXbzn2tJNKkJ8lrAEnU0meQSLFUa4HdZrIuoJy"
    "29lXDOAudgUxHA77+letdnPzvnZ9c3f/7vb9+3f31ysaFj20iY89tD8ysANKiUXftpCZ1a"
    "qExHIZlzD6hbItBzDcBlEnqgzZdVkSwgyFuEd+k5FJHEMYnPQGR1PxPBcfDQjugY4W7AU4"
    "X/YZnXRoEE9tOM1k0/wyx2NLFdOuHMWi3acwaPeJ9uyemTPmLpnMfXN71jCG8vwVmooUOB"
    "J83SQTUUQsYsXYO1f8w+c+0rhhi8Hf5zbq0OH6zmhnSGC/ew+d11qJmTvJhj42doWKjVFW"
    "gBS4tCRjMtkNoke47DljlBIjBBX66qEdn6NHd5iywhRgVPuBqusbsqyw6QjbEmVY+o6YPd"
    "Fx2nSYsuJkmAoyd8Sox8YoE0CMNRg1I4lHRA/pNT3cAjFlaop7bnamBIqQsPgUYhGb16Gk"
    "CIU56KLU35X1vVLmCYnNz+lbA2EC6NuC8mWLmy13DPc+3RN5T1GFd6aXy3/wp9M3ftCL4p"
    "5tl/HFkppYUiuE+TnTxRWxpHaJWk+zpHZCR3nhtCx85aX2lfPnlahEywR0UKp8OB9kvXNN"
    "MKMwt7Ctc6jb9KogllEE8rX0ET2mC4QVhlo20CvPre5ju/uxDlz5EW48P/d7v7Qe64BOAE"
    "zjBSkj3G/93GoOWZuJ/odk4qyvZFXV27sUmnob/pisFcUOBfVEr0+mfDzXVz8sK9YuivOZ"
    "j7I7PuXMNFvySZTp877jrCnu3RkvsyEbI7mXSIOSAez6RnIAHCMpAHYAjqy2BU1EFOQPho"
    "nUKf6MlpGPdvJ62hmahyTHIm024evK9eQ3i/Te6R0jJySg2Rg0G4+tSuIjvAdov1ipfLYF"
    "e2zTIhvz1gYQptcBul86nUqiGRYQb4E45suTAHHyIvxBHe18gTnOve6tPG9wqq8WuPfrSP"
    "9jZRhZPPGfYrOH8EwX8ft1pj5K4Zm+RK0XfbPHqbUqtnuctftTpmhMDVONi5P6edDrJjlc"
    "/FJhY6XKBPwDNPVwEYqVf09sLDM4wdhWNaJi6w07338y+kT34V9jKAXslIf31VPj17Aqmp"
    "3eQ9gAsQEeIh4bVY557h+RrOpQS/LVqLHTBcUReuMKn+F7sAH9x1az/dToXL2tVWuhyHdP"
    "DbfXcXucXqDq3G4E5K3bnPyiYuNB+o0HwrEr3GIF8CxsdYulieoXgY1HDmx0o9VjHC7rOP"
    "Zkj4s/Yn6rz6XSAGyeBSBgjwpQDGQBbBBAR1VfkAmuIJgZmkrHrLI+mmHZJvqxCl5nVIp1"
    "UIkFVvHnwILLengN9QCnGGFsAOexBNBEgMA5wmBisL4AYoWOv5IAE5WSD/fgm0p1izeJXa"
    "pwJwl3UjHN0Zk6FoQ76RK1nsadxM1trL7jde3136TlM9Twplkf1ZKYXIjJxek57x4nFwdl"
    "z942xjj+7NviuIFB+/dTbqfQPYeIMoYJPVa7dDjvI+ezlPsS8FUzZKhJzEp9BQamh34CX6"
    "Hywh4hiXH2r28izHmvI2+kva8IzWlXwXxPynw9LUSQHehQ0xLh9YmVybrf1N7frRBmPzaB"
    "O3hqdDoxCUD4q6Gr2CZxbv/NuEaEBbpBdP1GJiu4YdnjYXtdfGAFwxMMTzC8bQwvkH1hA9"
    "sLZ2nYzvykSK6IFDTQJmPjGzCNV+6CVBWkLwyCsLwEU5veM1AxZWeoTqncFQO2yoncj0Dl"
    "7lB6NqQwNqfTCTbtJ6MYOniIM2T3hiZsWl9ht+OudUE5hbO1EFbyTN1uwtl6iVoXztYDOV"
    "v9n7WM70pItIQvy/m+HFGbeMm7o5+/PHTag09sK/TCHmuqNWP7owdeP8vrR1uG/Cehf39u"
    "Pz8zCWuuLhas/4dGu8MaJlDVirKXml2cRE265VD/tLG1IbHyJRi4qaVA+qaWiDQ7FETaic"
    "egGNo4xlImEvWwWGn8QHvbcUsMAjUJ6vHAboyTDYueJlz2UEDvO1a2QOnpT20rTpJ0R0eW"
    "BafM45QpQj8kJkL0A4xrHyH6kBCkL+JSOie7930iwqRHlqWgRSRkmoYZhXSIviWtRwWkys"
    "BJNs0fWr8ONz/Iq+lDp9f96HUPP92hvSYeuc2TWSckKzLrFHo2R+coOZTsExP6LbJ+oSyj"
    "RT4XZkhU6Pks9DxeSmSalZnHSQt+npef+9HMulk5TrYMDOYI+5ahPJeghsy81i4sLQxekQ"
    "2eCP0RoT8i9Ccp9GdVRCQm3MdfYCQ5xCdYzuSYSakCcTM+fN0ME0sRNVMoE1IFImrmcuIn"
    "RNTMJWo9TdSMyHglMl6d6cxxxSxiMd4e1OKXLzLmlUHvy3MdWIa9GOFBo9NgUSlQg8oIPz"
    "Xa3TrQKeoj/LHR77YHn+pgCk2sWrMRfuy3u5/rQKGKmtNfrcGg1R/S3ywbq0lG+KHxudX/"
    "rQ7GcI7M5Qi3fh32G3Xg8K4cWj5ErYCzy551LuEAInWWSJ0lHCBRUIUDJFvqLIl/LvaRQK"
    "vlfXdKgnk0fnAfhWY5VGWrNHtIp5qTnC3Go7bK2pbsTlsnhzteoVTfq+ltQdhDNdNQtVRW"
    "x81/EuGcK9LnrSqccxfkphHOuUvUehrnnNjSlmNLGzZik6EkB56uBMoQsXHsmNOz375xou"
    "c2j8vmDPfwUcasvnjXktrh2WgO27+06sCRHuFmo9tsdfjuO5ndm1aYDXjCnbPvzQO8pFZG"
    "SH0iAtMYTH2zvZSQ+iQEotudjrZbwW9Hp2PKQoBFAzet09H3UAWcjn3Kk/vt5rASMa3CkZ"
    "vXkZuAqVfScFdQvXHKiqrvi5IAaxoHuXCNJ+AdXIkUTvHdneL+dxxPVFNfIRaPag+joUH/"
    "SYltMzToWU6K4yHOupQQgCJpWSGM15YlBsmvtJQZ+YYzBNzN4Sw1HqE/F8i0DPyDBRam+s"
    "LyKLON+8AdmwIEIHYKi9RZJj3W3fkJriyD/QrPqQ5xjhF2Rqg6BVNYqj+ex68KkEItgcJy"
    "PCOeCZoOjKeJafxCSyhiEUIsQhTC1pypO1osQlyi1tMsQuRKGiMyxuw1Y0w28INyAv+8+P"
    "N0CfTF4HPsnNkWguJic2pxDF30++bGaGUhjH6R/ThKz543RtykWfZShpQR1YQ3b03pqMpd"
    "mfOkakjrpvI/fSnCOHcPo2u5UV/xk96Vl2rbbHftF9v3DtXVU7PaCCuK/px0pviXDTFRSe"
    "aqP365Mq1A7aN+Cr0lIuXZGhMUFPEW/L6T4y1WNiQbJwiLlenx3duSdCG4Vgkw3bAoncCg"
    "Mi/2la26eXYWFWsU9oCsP6dHScENG8PMq6kH3xqSlHAlsKa4jdGmT7nCZjBAUa0ZkGeG5R"
    "Z2Zysl3nZkYEz4Qgsf+AcL8LXomHJJuYcRxLkoxnsTcRbkQ5CPomMqyIcgH0UGt9Dko490"
    "Bl/s1tTVsY3Uw3R7ZSAengiPy3ACMZwQDH/57TonDo6yeT1GHc6RBVSnrmIVvM5oJ9qbdY"
    "vlJXs/ywhjWx+zUJIJWJiGzDKYWFV6HvqQm8SiJAdoLBbFkmdIsTUmpMpzK5nueAG7ogRk"
    "2XmUCFVJhv48gxZEqMolaj1NqIrYL5tjv6woAXkh4Q1nuH10byUgy1DsUdYgfYlyMZmApA"
    "hCKvRbKkr7lFq/IqjztEGd2avllrlQ7kES84rt5mK7eQG8v0nbzU9c5IOjHuPz9bSR7O9l"
    "N3T4ZITCPSnck4V4z8/UUSXck5eo9TTuyewVHneq6lhIQ3pkti9qcBye6mfF2C9TvhnV/u"
    "vIaBBPbcols2Dslzmiv9a0M7pqc4J8nwLj+0SI78MIm0ZcDYx0fnFP9ogoI32hGUuUOa1i"
    "6+m50/ut1aoDbwRWQabb+NjqsyIybL5ijnDj8YkVlYGKruJiOL5ZvZFVHsnQx3NbnZKVnC"
    "hSkr5IySqwSEKYARHHWjYBHysvFJBeATysKdf8ICgplgKKMx2IzgLHmiHPc2k5KCm0XGQt"
    "8yDUsU1ItlWHkFj5iPJNLQVPuKkl8gR2KCas35Je6D/xue82zLSjssdbiDhUybjjTbkz5H"
    "zwF/dzAnkVSVPxXDIRRcwiO2aCZOleO3S4vjPa+b0kSasbwSmhACxH+a19JBk9QzdQKoAC"
    "ewnyY+TfuFAWmA65GNhApirPKjHLge6R6qYFQbjuI1YEj8ZiDrwimEhfkrliMmsRjusExz"
    "V7qTIg7HYvIbpvr6/T+Ouur5MddteRzCn0jATFFQT6edDrJixnr0XC81lVJuAfoKmp2EnR"
    "0N4ALgMjMIuNFGQK116qBqenbICHXVOu7fox+/5/hPQpkw=="
)
