"""Cashback over XML-RPC against a real server: concurrent spends of one balance never
overdraw it, and the manager's check finds the ledger and the books in agreement."""

import threading
import xmlrpc.client
from concurrent.futures import ThreadPoolExecutor


def test_concurrent_spends_never_overdraw_and_books_agree(odoo_server, admin):
    result = admin(
        "res.partner",
        "coop_register_shopper",
        {"phone": "+7 917 000-00-77", "name": "Гонка", "consent_processing": True},
    )
    person = result["partner_id"]
    admin("coop.cashback.check", "coop_adjust", person, 100.0, "Начальный остаток")

    barrier = threading.Barrier(4)

    def spend(_i):
        client = odoo_server.client("admin", "admin")
        barrier.wait()
        try:
            return client("coop.cashback.check", "coop_adjust", person, -40.0, "Списание")
        except xmlrpc.client.Fault as fault:
            assert "less than 40" in fault.faultString
            return None

    with ThreadPoolExecutor(max_workers=4) as pool:
        outcomes = list(pool.map(spend, range(4)))
    assert sum(1 for o in outcomes if o) == 2, outcomes
    [balance] = admin("res.partner", "read", [person], fields=["coop_cashback_balance"])
    assert balance["coop_cashback_balance"] == 20.0
    check = admin("coop.cashback.check", "coop_check")
    assert check["differences"] == []
    assert check["duplicate_source_keys"] == []


def test_demo_people_earned_their_cashback_at_the_till_and_the_plumbing_shop(admin):
    member = admin(
        "ir.model.data", "check_object_reference", "coop_membership", "partner_member_demo"
    )[1]
    moves = admin(
        "coop.cashback.move",
        "search_read",
        [("partner_id", "=", member)],
        fields=["kind", "amount", "source_ref", "account_move_id", "channel"],
    )
    till = [m for m in moves if m["channel"] == "pos"]
    shop = [m for m in moves if m["channel"] == "partner"]
    assert {m["kind"] for m in till} == {"accrual", "spend"}
    assert all(m["source_ref"].startswith("pos.order,") and m["account_move_id"] for m in till)
    # the demo plumbing shop's sale and its partial refund
    assert {m["kind"] for m in shop} == {"accrual", "reversal"}
    assert all(
        m["source_ref"].startswith("coop.partner.transaction,") and m["account_move_id"]
        for m in shop
    )
    assert len(till) + len(shop) == len(moves)
    [person] = admin("res.partner", "read", [member], fields=["coop_cashback_balance"])
    assert person["coop_cashback_balance"] == round(sum(m["amount"] for m in moves), 2) > 0
