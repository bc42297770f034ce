"""The till's money as a cashier's till sends it (``pos.order.sync_from_ui`` over JSON-RPC,
logged in as a cashier with only the POS user and Cashier groups), then the session closed
and each person's cashback liability read from the journal items, not only from our check."""

import uuid

import pytest
from partner_fixtures import fresh_digits, phone_forms
from test_security_rpc import ref
from till_fixtures import Till


@pytest.fixture(scope="module")
def staff(odoo_server, admin):
    """A cashier and a manager of the demo cooperative (password = login)."""
    company = admin("res.users", "read", [2], fields=["company_id"])[0]["company_id"][0]
    kinds = {
        "cashier": ["base.group_user", "point_of_sale.group_pos_user",
                    "coop_membership.group_cashier"],
        "manager": ["base.group_user", "coop_membership.group_manager"],
    }  # fmt: skip
    logins = {}
    for kind, groups in kinds.items():
        login = f"till-{kind}-{uuid.uuid4().hex[:6]}"
        admin("res.users", "create", {
            "name": f"Till {kind}", "login": login, "password": login, "company_id": company,
            "email": f"{login}@coop.example",
            "company_ids": [(6, 0, [company])],
            "groups_id": [(6, 0, [ref(admin, g) for g in groups])],
        })  # fmt: skip
        logins[kind] = login
    return logins


def register(admin, name):
    phone = phone_forms(fresh_digits())["e164"]
    values = {"phone": phone, "name": name, "consent_processing": True}
    return admin("res.partner", "coop_register_shopper", values)["partner_id"]


def ledger(admin, person):
    moves = admin("coop.cashback.move", "search_read", [("partner_id", "=", person)],
                  fields=["amount", "kind", "overdraft_amount", "account_move_id"])  # fmt: skip
    return moves


def liability(admin, person):
    """The person's cashback liability in the books: credit balance of the account."""
    company = admin("res.users", "read", [2], fields=["company_id"])[0]["company_id"][0]
    [values] = admin("res.company", "read", [company],
                     fields=["coop_cashback_liability_account_id"])  # fmt: skip
    account = values["coop_cashback_liability_account_id"][0]
    lines = admin("account.move.line", "search_read",
                  [("account_id", "=", account), ("partner_id", "=", person),
                   ("parent_state", "=", "posted")], fields=["balance"])  # fmt: skip
    return -round(sum(line["balance"] for line in lines), 2)


def test_the_till_never_refuses_a_sale_that_happened_and_the_books_agree(odoo_server, admin, staff):
    anna, boris = register(admin, "Анна Овердрафт"), register(admin, "Борис Счёт")
    manager = odoo_server.client(staff["manager"], staff["manager"])
    for person in (anna, boris):
        manager("coop.cashback.check", "coop_adjust", person, 100.0, "Начальный остаток")
    till = Till(odoo_server, admin, [anna, boris], staff["cashier"], staff["cashier"])
    assert till.cashback, "the demo till has a cashback payment method"

    # another till spent Anna's cashback meanwhile; this one sends its pending orders at once
    spend = till.payload(anna, 2, [(till.cashback, 150.0), (till.cash, 50.0)])
    plain = till.payload(boris, 1)
    invoiced = till.payload(boris, 1, [(till.cashback, 30.0), (till.cash, 70.0)],
                            to_invoice=True)  # fmt: skip
    states = till.sync(spend, plain, invoiced)
    assert states == {spend["uuid"]: "paid", plain["uuid"]: "paid", invoiced["uuid"]: "invoiced"}
    till.sync(spend, plain, invoiced)  # sent again: nothing counts twice
    [overdraft] = [m for m in ledger(admin, anna) if m["kind"] == "spend"]
    assert (overdraft["amount"], overdraft["overdraft_amount"]) == (-150.0, 50.0)
    invariants = manager("coop.cashback.check", "coop_invariants")
    assert invariants["ok"], invariants["problems"]
    assert anna in [o["partner_id"] for o in invariants["figures"]["overdrafts"]]

    # a payload no honest till sends is refused, naming the order, and nothing of it is kept
    nobody = till.payload(False, 1, [(till.cashback, 10.0), (till.cash, 90.0)])
    with pytest.raises(RuntimeError, match=nobody["name"]):
        till.sync(nobody)
    assert not admin("pos.order", "search", [("uuid", "=", nobody["uuid"])])

    [invoice] = admin("pos.order", "search_read", [("uuid", "=", invoiced["uuid"])],
                      fields=["account_move"])  # fmt: skip
    [move] = admin("account.move", "read", [invoice["account_move"][0]],
                   fields=["payment_state", "amount_residual"])  # fmt: skip
    assert move["payment_state"] in ("paid", "in_payment") and move["amount_residual"] == 0

    assert till.close() == "closed"
    for person in (anna, boris):
        moves = ledger(admin, person)
        assert all(m["account_move_id"] for m in moves), moves
        assert liability(admin, person) == round(sum(m["amount"] for m in moves), 2)
    invariants = manager("coop.cashback.check", "coop_invariants")
    assert invariants["ok"], invariants["problems"]
