"""Registering shoppers and finding people over XML-RPC, as a till or a web form would, with a
cashier's login (coop_membership's public API)."""

import xmlrpc.client
from concurrent.futures import ThreadPoolExecutor

import pytest


@pytest.fixture(scope="module")
def cashier(odoo_server, admin):
    def user(login, groups):
        group_ids = [
            admin("ir.model.data", "check_object_reference", *g.split("."))[1] for g in groups
        ]
        existing = admin("res.users", "search", [("login", "=", login)])
        if not existing:
            admin(
                "res.users",
                "create",
                {
                    "name": login,
                    "login": login,
                    "password": login + "-pw1",
                    "groups_id": [(6, 0, group_ids)],
                },
            )
        return odoo_server.client(login, login + "-pw1")

    return (
        user("rpc_cashier", ["base.group_user", "coop_membership.group_cashier"]),
        user("rpc_clerk", ["base.group_user"]),
    )


def test_cashier_registers_a_shopper_and_finds_them_by_phone(cashier):
    till, _clerk = cashier
    result = till(
        "res.partner",
        "coop_register_shopper",
        {
            "phone": "+7 915 000-11-22",
            "name": "Орлова Вера",
            "consent_processing": True,
            "consent_marketing": False,
            "channel": "till",
        },
    )
    assert result["created"] is True
    assert result["coop_state"] == "shopper"
    again = till(
        "res.partner",
        "coop_register_shopper",
        {"phone": "89150001122", "consent_processing": True, "channel": "desk"},
    )
    assert again == {**result, "created": False}
    found = till("res.partner", "coop_find_person", "9150001122")
    assert found["partner_id"] == result["partner_id"]
    assert found["phone_masked"] == "+7915***-**-22"


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"phone": "123", "consent_processing": True}, "123 is not valid"),
        ({"phone": "89150003344"}, "consent_processing must be true"),
        (
            {"phone": "89150003344", "consent_processing": True, "channel": "sms"},
            "channel must be till, desk or web",
        ),
        ({"phone": "89150003344", "consent_processing": True, "card": "1"}, "Unknown values: card"),
    ],
)
def test_bad_values_come_back_as_a_clear_error(cashier, values, message):
    till, _clerk = cashier
    with pytest.raises(xmlrpc.client.Fault, match=message):
        till("res.partner", "coop_register_shopper", values)


def test_a_user_without_the_cashier_group_cannot_register(cashier):
    _till, clerk = cashier
    with pytest.raises(xmlrpc.client.Fault, match="Cashier group"):
        clerk(
            "res.partner",
            "coop_register_shopper",
            {"phone": "89150005566", "consent_processing": True},
        )


def test_demo_cooperative_has_people_in_every_state(admin):
    groups = admin(
        "res.partner", "read_group", [("coop_state", "!=", False)], ["coop_state"], ["coop_state"]
    )
    assert {g["coop_state"] for g in groups} >= {
        "shopper",
        "applicant",
        "admitted",
        "member",
        "leaving",
        "former",
    }


def test_ten_tills_registering_the_same_phone_at_once_make_one_person(odoo_server, cashier):
    till, _clerk = cashier

    def register(i):
        client = odoo_server.client("rpc_cashier", "rpc_cashier-pw1")
        phone = ["89160000010", "+7 916 000-00-10", "9160000010"][i % 3]
        return client(
            "res.partner", "coop_register_shopper", {"phone": phone, "consent_processing": True}
        )

    with ThreadPoolExecutor(max_workers=10) as pool:
        results = list(pool.map(register, range(10)))
    ids = {r["partner_id"] for r in results}
    assert len(ids) == 1
    assert sum(r["created"] for r in results) == 1
    assert (
        till("res.partner", "search_count", [("coop_phone_normalized", "=", "+79160000010")]) == 1
    )
