"""Each kind of user over XML-RPC, as an attacker would try: what it must not read or write, it
cannot — including another cooperative's data in the same database."""

import uuid
import xmlrpc.client

import pytest
from partner_fixtures import DEMO_KEY, DEMO_LOGIN, fresh_digits, phone_forms

ACCESS_ERROR, ACCESS_DENIED, USER_ERROR = 4, 3, 2


def refused(call, *codes):
    codes = codes or (ACCESS_ERROR,)
    with pytest.raises(xmlrpc.client.Fault) as fault:
        call()
    assert fault.value.faultCode in codes, fault.value.faultString[-400:]
    return fault.value.faultString


def ref(admin, xmlid):
    module, name = xmlid.split(".")
    return admin("ir.model.data", "check_object_reference", module, name)[1]


@pytest.fixture(scope="module")
def users(odoo_server, admin):
    """A user of each kind (password = login), in the demo cooperative."""
    company = admin("res.users", "read", [2], fields=["company_id"])[0]["company_id"][0]
    kinds = {
        "cashier": ["base.group_user", "coop_membership.group_cashier"],
        "officer": ["base.group_user", "coop_membership.group_officer"],
        "manager": ["base.group_user", "coop_membership.group_manager"],
        "portal": ["base.group_portal"],
    }
    clients = {}
    for kind, groups in kinds.items():
        login = f"sec-{kind}-{uuid.uuid4().hex[:6]}"
        admin(
            "res.users",
            "create",
            {
                "name": f"Security {kind}",
                "login": login,
                "password": login,
                "company_id": company,
                "company_ids": [(6, 0, [company])],
                "groups_id": [(6, 0, [ref(admin, g) for g in groups])],
            },
        )
        clients[kind] = odoo_server.client(login, login)
    clients["partner_api"] = odoo_server.client(DEMO_LOGIN, DEMO_KEY)
    return clients


@pytest.fixture(scope="module")
def person(admin):
    digits = fresh_digits()
    result = admin(
        "res.partner",
        "coop_register_shopper",
        {"phone": phone_forms(digits)["international"], "name": "Защищённая Персона",
         "consent_processing": True},
    )  # fmt: skip
    admin("coop.cashback.check", "coop_adjust", result["partner_id"], 40.0, "Начальный остаток")
    return result["partner_id"], digits


@pytest.fixture(scope="module")
def other_cooperative(admin):
    """Another cooperative (company) in the same database, with a person of its own."""
    company = admin("res.company", "create", {"name": f"ПО «Другое» {uuid.uuid4().hex[:4]}",
                                              "country_id": ref(admin, "base.ru")})  # fmt: skip
    try:
        admin("account.chart.template", "try_loading", [], "ru_coop", company, False)
    except xmlrpc.client.Fault as fault:  # it returns None, which XML-RPC cannot say
        assert "cannot marshal None" in fault.faultString
    [loaded] = admin("res.company", "read", [company], fields=["chart_template"])
    assert loaded["chart_template"] == "ru_coop"
    result = admin(
        "res.partner",
        "coop_register_shopper",
        {"phone": phone_forms(fresh_digits())["e164"], "name": "Чужой Пайщик",
         "consent_processing": True},
        context={"allowed_company_ids": [company]},
    )  # fmt: skip
    return company, result["partner_id"]


def test_nobody_logged_in_reaches_nothing(odoo_server):
    assert odoo_server.login("public", "public") is False
    proxy = odoo_server.proxy("object")
    refused(
        lambda: proxy.execute_kw(odoo_server.db, 4, "x", "res.partner", "search_read", [[]], {}),
        ACCESS_DENIED,
    )


def test_a_portal_user_reaches_no_cooperative_data(users, person):
    portal = users["portal"]
    person_id, _digits = person
    visible = portal("res.partner", "search", [("id", "=", person_id)])
    assert visible == []
    # coop_portal: a portal user reads their own person's records only (none: no person here)
    for model in ("coop.cashback.move", "coop.contribution", "coop.consent", "coop.state.event"):
        assert portal(model, "search_read", [], fields=["id"], limit=1) == []
    refused(lambda: portal("coop.partner.transaction", "search_read", [], fields=["id"], limit=1))
    refused(lambda: portal("res.partner", "coop_register_shopper", {"phone": "89990000000"}))
    refused(lambda: portal("res.partner", "coop_find_person", "89100000001"))


def test_the_partner_api_user_reaches_only_its_import(users, person):
    api = users["partner_api"]
    person_id, _digits = person
    refused(lambda: api("res.partner", "read", [person_id], fields=["name"]))
    refused(lambda: api("res.partner", "coop_find_person", "89100000001"))
    refused(lambda: api("coop.cashback.move", "search_read", [], fields=["amount"], limit=1))
    refused(lambda: api("coop.contribution", "search_read", [], fields=["amount"], limit=1))
    refused(lambda: api("coop.cashback.check", "coop_check"))
    refused(lambda: api("coop.partner.agreement", "coop_settle", [1]))
    refused(lambda: api("coop.partner.transaction", "create", {"external_id": "x"}))


def test_a_cashier_sees_what_the_till_needs_and_changes_no_money(users, person):
    cashier = users["cashier"]
    person_id, digits = person
    [seen] = cashier("res.partner", "read", [person_id], fields=["phone", "coop_cashback_balance"])
    assert digits not in seen["phone"] and "***" in seen["phone"]
    assert seen["coop_cashback_balance"] == 40.0
    found = cashier("res.partner", "coop_find_person", phone_forms(digits)["eight"])
    assert found["partner_id"] == person_id and "***" in found["phone_masked"]
    refused(lambda: cashier("res.partner", "write", [person_id], {"coop_state": "member"}),
            ACCESS_ERROR, USER_ERROR)  # fmt: skip
    refused(lambda: cashier("coop.cashback.check", "coop_adjust", person_id, 1000.0, "x"))
    refused(lambda: cashier("coop.cashback.check", "coop_invariants"))
    fee = {"partner_id": person_id, "kind": "entry_fee", "amount": 1}
    refused(lambda: cashier("coop.contribution", "create", fee))
    refused(lambda: cashier("coop.partner.transaction", "search_read", [], fields=["amount"]))
    refused(lambda: cashier("res.partner", "coop_personal_data", [person_id]))
    refused(lambda: cashier("coop.cashback.move", "write", [1], {"amount": 1000}),
            ACCESS_ERROR, USER_ERROR)  # fmt: skip


def test_an_officer_keeps_the_register_but_not_the_money(users, person):
    officer = users["officer"]
    person_id, digits = person
    [seen] = officer("res.partner", "read", [person_id], fields=["phone"])
    assert digits in seen["phone"].replace(" ", "").replace("-", "")
    data = officer("res.partner", "coop_personal_data", [person_id])
    assert data["person"]["name"] == "Защищённая Персона"
    assert officer("coop.partner.transaction", "search_count", []) >= 0
    refused(lambda: officer("coop.cashback.check", "coop_adjust", person_id, 1000.0, "x"))
    refused(lambda: officer("coop.cashback.check", "coop_invariants"))
    agreement = officer("coop.partner.agreement", "search", [])[0]
    refused(lambda: officer("coop.partner.agreement", "coop_settle", [agreement]))
    refused(lambda: officer("coop.partner.agreement", "write", [agreement],
                            {"commission_percent": 0}))  # fmt: skip


def test_a_manager_runs_the_money_of_their_own_cooperative_only(users, person, other_cooperative):
    manager = users["manager"]
    person_id, _digits = person
    company, stranger = other_cooperative
    assert manager("coop.cashback.check", "coop_invariants")["ok"] in (True, False)
    manager("coop.cashback.check", "coop_adjust", person_id, 5.0, "Проверка прав")
    assert manager("res.partner", "search", [("id", "=", stranger)]) == []
    refused(lambda: manager("res.partner", "read", [stranger], fields=["name"]))
    refused(lambda: manager("coop.cashback.check", "coop_adjust", stranger, 5.0, "чужой"),
            ACCESS_ERROR, USER_ERROR)  # fmt: skip
    refused(lambda: manager("coop.cashback.check", "coop_check", company))
    moves = manager("coop.cashback.move", "search_read", [("partner_id", "=", stranger)],
                    fields=["id"])  # fmt: skip
    assert moves == []
