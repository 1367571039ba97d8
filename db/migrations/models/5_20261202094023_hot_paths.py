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
    "E/IvRHhP4khf6sNhHhhPsENxhJDvEJb2dyyKJUobiZAL5ehYmliJoplQmpAxE183LiJ0TU"
    "zEvUepqoGVHxSlS8OtGZ48qz4GK8PaglKF9mzGvD/peHJrAMZ/GIh61ui0alQA0qj/i+1e"
    "k1gU5Qf8QfW4NeZ/ipCabQxKo1e8R3g07vcxMoRFFz8qs9HLYHI/KbVmM17Ud80/rcHvzW"
    "BGM4R+byEbe/jgatJnD9rhxa3sdeASdXPetUwgFE6SxROksQIHFQBQGSrXSWxD4XRRTQav"
    "vfnYpgHo8fLGKjWQZV1Xaa3Sep5hZn4zBqq6ptyXTaujjc4TZKDbyafgpCAbuZRnZLpfu4"
    "BS8iyLkyfd7qgpx7QTSNIOdeotbTkHMipS1HShs2uMVQkgNPVwJViNg4dMzpyadvHGnc5q"
    "FsTjCHj3jM6pN/L6kJz9btqPNruwlc6Ud82+rdtrss+06mz6aVJgFP0DlFJw+wLbUyQhoQ"
    "EZhyMA3M9lJCGpAQiG4nHR1vB78dSceUGwGWDdy0pGNgUIVIxwHxkwed21EtZloFkZuXyE"
    "3A1N/ScFdQ/X6qimrgi5IAaxqCXFDjCXiHVyIFKb47KR58x/FENfUVYnxU+xiNDPJPSmxv"
    "I52e5KSYD3HWpYQQFEnLClG8tiwxSEGlpazIN5oh4CWH09J4Nvm5QKZl4FcWWJjqE62jTB"
    "P3gdc3AQhA7G4s0qSV9Ghz9yc4swz6Kzqn2sc1HrHbQ93dMIWW+mN1/OoAKcQSKLTGM2KV"
    "oEnHeJpYxi+yhCIWIcQiRClszYnS0WIR4iVqPc0iRK6iMaJiTKEVY7KBH5YT+OfFn5VLIC"
    "8Gm2PnrLYQFhfJqeUxdPHvmxejlcVhDIoUQ5SevN8Yo0mz5FJGlBHXhD9vTUlU5d6Z86hq"
    "SEtTBUdfijDO3cPo2l7UF3/Su2Kpts1217xY0Rmqq1GzSoQVm/4cdab4lwOxrdqZd/0Jyl"
    "VpBaqI/VPII9lSntSYsKCIt2DPnRxvsbIh2XyCqFiVhm9hS9Kl8LUqgOmGRekEDyrzYl/V"
    "djfP7kVxjUIByAZrelQU3KgxzLyauvfUkKSCK6E1xW0ebfqSK3QGAxTVmgF5Zljexu50pc"
    "RPRwbGhC20sI5fWYCtRXO2S8rdjXCcy2K8NznOwvkQzkfZMRXOh3A+ygxuqZ2PAdIpfNzU"
    "1NW5ja6H6bXK4Hj4Iiwuww3EcEMwgttvN5nj4Cqb7ceowzmygOruq1gHzzPSiLSmzbh+Se"
    "FXecTY0cc0lGQCFqYh0womVp1chwxy07aIkwM0GotiyTOkOBoVUuW5lezu+AG7YgvIqvtR"
    "IlQlGfrTDFoQoSovUetpQlVEvmyOfFmxBeQLCW84wfTRwraArMJmj7IGyUuUy5MJSYogpF"
    "K/pWJrn0rrVwR1HjeoM/tuuVXeKHcvhXlFurlINy8B+5uUbn7kTT4Y6hzO19dGMt9LH2j/"
    "xQgFPSnoyVK85ydKVAl68iVqPQ09mX2Hx512dSylIT2wty/24Ni/q58V46BM9WZUxe8jo0"
    "E8dYgvmQXjoMwB+VrTyUjV5gT5OgXG14kQX0cRNg3eHhjpeHFf9oAoI32hGUuUuaxi+/6h"
    "2/+t3W4Cvwe6g0yv9bE9oJvI0PmK+Yhbd/d0Uxmo6CouB/FN9xtZ1ZGMfDy37VOykhOblK"
    "TfpITgZBLXh0cybAQ8JCcATw/4KpJLQpgCwXMTNwHPlRcKSK8AFkeWa0IWlhRrL+WZf8Wn"
    "3WPNkOe5tByWFFous5ZZ1O/Yse1syzwRserNTC4aKRyzi0aiY0ZPcfIoLOmJ/MMvNriB2o"
    "jLHm7lZ1979B2O48hQZCMY6SWrCjViMg2glkxEELPsHUtvtlhnA7ev03tFkhaTQuP8qICV"
    "jVVKhZgfpK9ImornBSFHSzl3SXfVHmwCsDxb6xVRQLiqL2MoTyg/RsGkpKrAtM+F/hYyVX"
    "lW4yz1e2fqmxb74bqNWO0/mMO859X+RE85eVqS7CCLRamERSn6UmVA2GteQXTfnp+n4eLP"
    "z5PJ+PNYVSRyRRvxNvv6ZdjvJYSqrEWi1Ikq2+AfoKmn7ArzwKVghAiT2GZr0X3V6mEmhH"
    "Zws2s5xV0/Zj/+D8se1og="
)
