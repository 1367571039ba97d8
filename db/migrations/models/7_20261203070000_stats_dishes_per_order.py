from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True

# orders.dishes and orders.dish_categories: each order's dishes (menu item ids, ascending) and
# their categories, side by side, kept by the database from order_items and menu_items. The
# nightly statistics read every person's 30 days from the orders alone (one row per order, not
# one per dish joined to its order and grouped per person and dish: 10,000 people × 30 days
# went 1.4–1.8 s → 0.7–1.0 s, bench/closing.md). Not fields of the Order model on purpose: only these
# triggers write them, so no ORM save can put back a stale copy.
# Statement-level triggers with transition tables, like orders_version's (5_…_hot_paths): one
# UPDATE per statement, however many dishes it wrote.
# That UPDATE of orders bumps users.orders_version through orders_updated, for every change
# to an order's dishes or to a dish's category, so migration 5's own triggers for those
# (order_items_*, menu_items_updated) would bump it a second time: they go. Their functions
# stay, for the downgrade.
TRIGGERS = """
CREATE OR REPLACE FUNCTION lunchbot_order_dishes(order_ids int[]) RETURNS void
LANGUAGE sql AS $$
    UPDATE orders o SET dishes = d.ids, dish_categories = d.categories
    FROM (
        SELECT x.id,
               coalesce(array_agg(oi.menu_item_id ORDER BY oi.menu_item_id)
                        FILTER (WHERE oi.menu_item_id IS NOT NULL), '{}') AS ids,
               coalesce(array_agg(mi.category::text ORDER BY oi.menu_item_id)
                        FILTER (WHERE oi.menu_item_id IS NOT NULL), '{}') AS categories
        FROM unnest(order_ids) AS x(id)
        LEFT JOIN order_items oi ON oi.order_id = x.id
        LEFT JOIN menu_items mi ON mi.id = oi.menu_item_id
        GROUP BY x.id
    ) d
    WHERE o.id = d.id
      AND (o.dishes, o.dish_categories) IS DISTINCT FROM (d.ids, d.categories)
$$;
CREATE OR REPLACE FUNCTION lunchbot_order_items_dishes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM lunchbot_order_dishes(ARRAY(SELECT DISTINCT order_id FROM new_rows));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM lunchbot_order_dishes(ARRAY(SELECT DISTINCT order_id FROM old_rows));
    ELSE
        PERFORM lunchbot_order_dishes(
            ARRAY(SELECT order_id FROM new_rows UNION SELECT order_id FROM old_rows)
        );
    END IF;
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION lunchbot_menu_items_dishes() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    recategorised int[] := ARRAY(
        SELECT n.id FROM new_rows n JOIN old_rows p ON p.id = n.id
        WHERE n.category IS DISTINCT FROM p.category
    );
BEGIN
    IF cardinality(recategorised) > 0 THEN
        PERFORM lunchbot_order_dishes(
            ARRAY(SELECT id FROM orders WHERE dishes && recategorised)
        );
    END IF;
    RETURN NULL;
END $$;
-- Every person's dishes of a window, all in one array: array_cat as an aggregate.
CREATE OR REPLACE AGGREGATE lunchbot_concat(anycompatiblearray) (
    SFUNC = array_cat, STYPE = anycompatiblearray
);
DROP TRIGGER order_items_inserted ON order_items;
DROP TRIGGER order_items_deleted ON order_items;
DROP TRIGGER order_items_updated ON order_items;
DROP TRIGGER menu_items_updated ON menu_items;
CREATE TRIGGER order_items_dishes_inserted AFTER INSERT ON order_items
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION lunchbot_order_items_dishes();
CREATE TRIGGER order_items_dishes_deleted AFTER DELETE ON order_items
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION lunchbot_order_items_dishes();
CREATE TRIGGER order_items_dishes_updated AFTER UPDATE ON order_items
    REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION lunchbot_order_items_dishes();
CREATE TRIGGER menu_items_dishes_updated AFTER UPDATE ON menu_items
    REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION lunchbot_menu_items_dishes();
"""


async def upgrade(db: BaseDBAsyncClient) -> str:
    return (
        """
        ALTER TABLE "orders" ADD "dishes" INT[] NOT NULL DEFAULT '{}';
        ALTER TABLE "orders" ADD "dish_categories" TEXT[] NOT NULL DEFAULT '{}';
"""
        + TRIGGERS
        + """
        SELECT lunchbot_order_dishes(ARRAY(SELECT id FROM orders));"""
    )


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TRIGGER IF EXISTS order_items_dishes_inserted ON order_items;
        DROP TRIGGER IF EXISTS order_items_dishes_deleted ON order_items;
        DROP TRIGGER IF EXISTS order_items_dishes_updated ON order_items;
        DROP TRIGGER IF EXISTS menu_items_dishes_updated ON menu_items;
        DROP AGGREGATE IF EXISTS lunchbot_concat(anycompatiblearray);
        DROP FUNCTION IF EXISTS lunchbot_menu_items_dishes();
        DROP FUNCTION IF EXISTS lunchbot_order_items_dishes();
        DROP FUNCTION IF EXISTS lunchbot_order_dishes(int[]);
        ALTER TABLE "orders" DROP COLUMN "dishes";
        ALTER TABLE "orders" DROP COLUMN "dish_categories";
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
            FOR EACH STATEMENT EXECUTE FUNCTION lunchbot_menu_items_updated();"""


MODELS_STATE = (
    "eJztXW1z2rgW/isavjSdYTspSdMs986dIQlt2RLIAN3b3c2OK2wBvtgy65ekzG7/+5VkG/"
    "wig20MGEdf2mDryPZz5OOjR+cc/V3TDQVp1puWLCPLGqC/HGTZtSb4u4ahjsgf/AZ1UIOL"
    "xfo0PWDDscYkIGsqmW5bdg6OLduEMu15AjULkUMKsmRTXdiqganQ0NCRgRHAhg0MDOwZAq"
    "Zh2cgE0JpbwDbAGP2LHZ6opmUDHWI4ReYrCyhIVi3SC7BsiBXrDb2eYsjkgiqeFt+1g1Xy"
    "XJJtTBERMckF/viTHFaxgr4ji/78uzZRkaawv2tE0nYYBrKJoI0UCdo1KoC+L0wCE+nd8v"
    "vwIMeOplE8lwsGZ401JvCxHz/qINS/YyFTUhXayLvULp3Thou5xPoPjQL3Cuy45Mt2sP2B"
    "NaSAjyXZ0BwdrxsvlvbMwKvWKmbDZoowMikO5JhtOnQk0Fvyxo4/OFyQ101cdAMyCppAR7"
    "PXD0RuYH2sJkm9/kgatkeSVIuNNV8iMEa8QzLBi2BBbtViTz+lt/BT4+3l+8vri6vLa9KE"
    "3ebqyPsf7qXXwLiCDJ7eqPaDnYc2lNYqW4MaGBExcO/IGVvVER/hsGQEacUTfeP/EcXdR3"
    "kT8P6BNfLrF/cQ0JMHVPpYW3oq34DzqHPfHo5a9w/0crpl/aUx/FqjNj3TYEeXkaNnV6/p"
    "cYPYJNdmrToB/+2MPgH6E/ze77UZvMRYTE12xXW70e/0VaxBxzYkbDxLUAmMTv+ojxp7aX"
    "2tOwslp9bDkkLrZdG6j1FA7d7dr7W+/g6ENX47g2YbOzrTeAfTD42MYppfS0e0TtDbl55r"
    "C4QVqq1syq49tHt3nd7HJvDkH3Hr4WHQ/7V91wTEaTCNJ6Q84kH7l/btiB4z0f+QTG893R"
    "DR4XdJQ3hqz8jPt1cbhsivrcHtp9bg7G1U7T3vTIOd+hHSE/3kK7nezrBkAW+nZ0zK8nKe"
    "7ssYt8G+rsZLKZNnE5Pb7uSUX7HFuDmBD9zaJU0Ja0AiF6Cl+44VgCh1xSdzrt9I4Yqj+8"
    "EwkTrFn9Ey9i2JgOpN6b543ZwYuD/80eMfXb9RJnxezV2Cg4o8O3liZLtf3NbwtnXXriUY"
    "hMMBWzIzkBbXmA0MoUvuAvS+dLvuXHIM5fkzNBUpNJLpGaNhRI6s2sZP6Q09eoTN0RXvYe"
    "ite9jfwgmqcfgLdry+ibaQSYt0ZEUypNvJATHDFjPsUrzuJzrXEjPsl6j1NDPsOeJ8u+n0"
    "mq9qr3kx8+njGtHQlPjqMsWU+OoycUpMT4X9efZ/BmT99oejKg4GbuPduxToklaJ8LJzYX"
    "xVSyLehvrEAfnGMDQEcYITEJSLgD0mgvtC2x/bh+UYbvr9bsgS3XRGEZC/3N+0B2dvGfak"
    "kep6pPEJqj2V5Bm0uXPUG3Wa6HWF5QqZ+pfB+/q50bi4eN84v7i6fnf5/v276/OVGxY/tc"
    "kfu+l8pGCHlMJFn07NslqViFgu41KyGdfeDbdhqxNVhvS+LAlhigJvyG8yMol9CIOT3uBo"
    "Kp7n8kdDgoJSLo/3GZ90aBBPHTjNZNOCMgdc2DGdjGs6OS3adQqDdp1oz65f81jQZFYp/L"
    "qFwk8i9s4T//B5gDRm2JKpPEobdUl3gcCXE3Ngk2i90OCVDX1s7AoV7aOqAClwaUnGZLIb"
    "RHdw2Xf7qCRGCCrk1UM7jqM7r5uqwhTyqIqBqhfosqqw6Qg7EvGw9B0xuyf9dEg3VcXJMB"
    "Vk7ohRn/ZRJYD2veIUdBESFp8iXsTmdSgp5sLsdVHqoBGrYRZFBK2KJbWaWFwRS2pC60cn"
    "NWK+xBGJ8tJpWXDllebK2Xi1VVvLBHRYqno472W9U4TCn0YoPLk/msiX66sflRVrF+X5zM"
    "e9OzblzDRbCkhU6fNeWAz8evxnTTHgSIokgzjAHjeSA2COpAB4a86B7MVP7xga74dhn5h5"
    "SBsbHzCL23MOggOxAGirnXXAeWsT8g6SzLCAeAvEnC9PuVI72AIzj173V543kOqrBe5iif"
    "Q/VoaRxhP/KZI9BDNdxu/XiXKUgpl+iVove7LHsbUq0j1Omv6UCRpTw1R5cVK/DPu9JMIl"
    "KBU1Vqpsg3+Apu4vQrH274mDZQonGDuqZqvYekOv95+MnGgR/BpFKWSnfLzP7ltfo6q47f"
    "ZvogaIdnATY2xUmTPu75Cs6lBL4mpU7nRBcYXeeMIn+B5sQP+ufdu5b3XP3jbqjUjku6+G"
    "y3NejtMTVN3HjYG8Nc0pKCoSD9InHghiV9BiJWAWttJiaaL6RWDjgQMbvWh1DuGyjmNPZl"
    "yCEfPby3+2AJ1nAQjoUAGKgSxWrpP0qj4hE5xBMDM0lfRZp200w3JM9LoOnmdEijZQbVqt"
    "04s/BxZcNqNrqHu4xCPGBnCHJYAmAjacIwwmBm0LIFZI/ysJWluUiLknkwqJrtkkequCTh"
    "J0UjnN0YkSC4JOeolaT0MnMXPL1Tdf1377TVo+QQ1vmvURLYnJhZhcHN/nLXBysVfv2U9j"
    "5PnPgRTHDR50MJ9yuwvddx1R6mFC36tduj7vHfNnie9rg2+aIUNNolbqG62Gfwd+At+g8k"
    "SHkER99m/xAvqF9rzR7X1GaE6aCs/3qJ6vr4UYskMdaloivAGxKln3i8b7qxXC9McmcIf3"
    "rW6XUwCEvRq6ih2bR/tvxjUmLNANoxs0MlnBjcoeDtvz8gMrPDzh4QkPb5uHF6q+sMHbi1"
    "Zp2O75SbFaESncQMceG9+BaTwzClJVkL4wbITlJZg65JmBiol3hprElTujwNaZI/caqIwO"
    "JVdDCvXmdDLBJu1kxHEH93GF7GxoQtL6Crsds9aFyynI1lJYyROl3QTZ+hK1LsjWPZGtwc"
    "9axnclIlrBl+V0X464TXzJ2dEPX266neEnmgq9cMaaas1ofvTQb2f57ciREftpk78/dx4e"
    "qIQ1VxcL2v5Dq9OlByZQ1cqSS01vTiIm3XJd/7SxtRGx6hUYuGikQPqikYg0PRVG2o3HIB"
    "g6mGMpEx31qFhleKDCMm5tw4aaBHU+sBvjZKOixwmX3RfQRcfKlqg8/bFtxVGK7ujIsuCU"
    "Mk6ZIvQjYiJEP+RxFRGiD20b6QteSedkej8gIkx6bFkKWraETNPgbCc4Qt+T1qNCUlXwST"
    "bNH9pfR5sH8mr60O33PvrNo6M7kmviO7d5KutEZEVlnVLP5sgcJYeSA2JCv2XWL5RltMhH"
    "YUZEhZ5PQs/jpWRPs3rmPGnhn+f1z4NoZk1W5slWwYM5QN4ylOcS1JCZ19pFpYXBK7PBE6"
    "E/IvRHhP4khf6sNhHhhPsENxhJDvEJb2dyyKJUobiZAL5ehYllkXs9MBkRhVMmk1QHIgrn"
    "5cRjiCicl6j1NFE4ooKWqKB1ojPRlafCxXh7kExQvsyY14b9Lw9NYBnO4hEPW90WjXKBGl"
    "Qe8X2r02sCnaD+iD+2Br3O8FMTTKGJVWv2iO8Gnd7nJlCIoubkV3s4bA9G5Det7mraj/im"
    "9bk9+K0JxnCOzOUjbn8dDVpN4PpdObS8j70HTq4a16mEF4hSXKIUlyBU4qAKQiVbKS6JfS"
    "6KKMjV9r87FcE8Ho9YxMa1DKqq7Vy7T5LOLfbGYehWVeCS6bl1sbnDbbwaeDX9lIYCdkeN"
    "MHJ0X7jgRQQ5V6bPW12Qcy+IphHk3EvUehpyTqTI5UiRwwa3uEpyIOtKoAoRIIeOYT35dJ"
    "Ajjds8lM0J5gQSj1l98u8lNeHZuh11fm03gSv9iG9bvdt2l2XzyfTZtNIk9Ak6p+hkBLZF"
    "V0ZIAyICUw6mgdleSkgDEgLR7aSj4+0IuCPpmHJjwbKBm5Z0DAyqEOk4IH7yoHM7qsVMqy"
    "By8xK5CZj6WyTuCqrfT1VRDXxREmBNQ5ALajwB7/BKpCDFdyfFg+84nqimvkKMj2ofo5FB"
    "/kmJ7W2k05OcFPMhzrqUEIIiaVkhiteWJQYpqLSUFf5GMwS8ZHNaas8mPxfItAz8ygILU3"
    "2idZlpIQDg9U0AAhC7G5U0aWU+2tz9Cc4sg/6Kzqn2cY1H7PZQdzdgoaUDWV3AOkAKsQQK"
    "rRmNWGVp0jGeJpYFjCyhiEUIsQhRCltzonS0WIR4iVpPswiRqwiNqEBTaAWabOCH5QT+ef"
    "Fn5RfIi8Hm2DmrN4TFRbJreQxd/PvmxWhlcRiDIsUQpSfvN8Zo0iy5mRFlxDXhz1tTElW5"
    "d/o8qhrS0lTB0ZcijHP3MLq2F/XFn/SuWKpts901L1Z0xutq1KwSa8UmQkedKf7lQGyrdu"
    "ZdhIJyVVqBKmI/FvJItpQnNSYsKOIt2HMnx1usbEg2nyAqVqXhW9iSdCl8rQpgumFROsGD"
    "yrzYV7Xd0rN7UVyjUACywRohFQU3agwzr6buPTUkqYBLaE1xm0ebvoQLncEARbVmQJ4Zlr"
    "dRPF0p8dORgTFhCy2s41cWYGvRnO2XcncjHOeyGO9NjrNwPoTzUXZMhfMhnI8yg1tq52OA"
    "dAofNzV1dW6j62F6rTI4Hr4Ii8twAzHcEIzgdt5N5ji4ymb7O+pwjiyguvs01sHzjDQirW"
    "kzrl9S+FUeMXb0MQ0lmYCFaci0golVJ9chg9y0LeLkAI3GoljyDCmORoVUeW4luzt+wK7Y"
    "UrLqfpQIVUmG/jSDFkSoykvUeppQFZEvmyNfVmwp+ULCG04wfbSwLSWrsHmkrEHyEuXyZE"
    "KSIgip1G+p2Cqo0voVQZ3HDerMvvtulTfe3UthXpFuLtLNS8D+JqWbH3nTEIY6h/P1tZHM"
    "99IH2n8xQkFPCnqyFO/5iRJVgp58iVpPQ09m3zFyp10iS2lID+ztiz049u/qZ8U4KFO9GV"
    "Xx+8hoEE8d4ktmwTgoc0C+1nQyUrU5Qb5OgfF1IsTXUYRNg7cHRjpe3Jc9IMpIX2jGEmUu"
    "q9i+f+j2f2u3m8Dvge4g02t9bA/oJjJ0vmI+4tbdPd1UBiq6istBfNP9RlZ1JCMfz237lK"
    "zkxCYl6TcpITiZxPXhkQwbAQ/JCcDTA76K5JIQpkDw3MRNwHPlhQLSK4DFkeWakIUlxdpL"
    "eeZf8Wn3WDPkeS4thyWFlsusZRb1O3ZsO9syT0SsejOTi0YKx+yikeiY0VOcPApLeiL/8I"
    "sNbqA24rKHW/nZ1x59h+M4MhTZCEZ6yapCjZhMA6glExHELHvH0pst1tnA7ev0XpGkxaTQ"
    "OD8qYGVjlVIh5gfpK5Km4nlByNFSzl3SXbUHmwAsz9Z6RRQQrurLGMoTyo9RMCmpKjDtc6"
    "G/hUxVntU4S/3emfqmxX64biNW+w/mMO95tT/RU06eliQ7yGJRKmFRir5UGRD2mlcQ3bfn"
    "52m4+PPzZDL+PFYViVzRRrzNvn4Z9nsJoSprkSh1oso2+Ado6im7wjxwKRghwiS22Vp0X7"
    "V6mAmhHdzsWk5x14/Zj/8DG2nuaw=="
)
