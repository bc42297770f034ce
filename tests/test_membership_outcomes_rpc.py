"""Outcomes only through the actions, over XML-RPC as an officer and a manager would try: an
application admitted without a council decision, a contribution paid without money, a person's
status written directly are refused; paying goes through ``action_coop_pay``; leaving cancels
a share due but unpaid; on a death the refund is owed to the heir, in the books."""

import datetime
import uuid
import xmlrpc.client

import pytest
from partner_fixtures import fresh_digits, phone_forms

ACCESS_ERROR, USER_ERROR = 4, 2
TODAY = datetime.date.today().isoformat()


def refused(call, message, *codes):
    with pytest.raises(xmlrpc.client.Fault) as fault:
        call()
    assert fault.value.faultCode in (codes or (USER_ERROR,)), fault.value.faultString[-400:]
    assert message in fault.value.faultString, fault.value.faultString[-400:]


def ref(admin, xmlid):
    return admin("ir.model.data", "check_object_reference", *xmlid.split("."))[1]


@pytest.fixture(scope="module")
def staff(odoo_server, admin):
    """An officer and a manager of the demo cooperative (password = login)."""
    company = admin("res.users", "read", [2], fields=["company_id"])[0]["company_id"][0]
    clients = {}
    for kind in ("officer", "manager"):
        login = f"outcomes-{kind}-{uuid.uuid4().hex[:6]}"
        groups = ["base.group_user", f"coop_membership.group_{kind}"]
        admin(
            "res.users",
            "create",
            {
                "name": f"Outcomes {kind}",
                "login": login,
                "password": login,
                "company_id": company,
                "company_ids": [(6, 0, [company])],
                "groups_id": [(6, 0, [ref(admin, g) for g in groups])],
            },
        )
        clients[kind] = odoo_server.client(login, login)
    return clients


@pytest.fixture(scope="module")
def cash(admin):
    company = admin("res.users", "read", [2], fields=["company_id"])[0]["company_id"][0]
    return admin(
        "account.journal", "search", [("company_id", "=", company), ("type", "=", "cash")], limit=1
    )[0]


def applicant(user, name="Исходов Пётр"):
    """A person registered and applying (submitted), as ``user``: (person id, application id)."""
    person = user(
        "res.partner",
        "coop_register_shopper",
        {"phone": phone_forms(fresh_digits())["e164"], "name": name, "consent_processing": True},
    )["partner_id"]
    app = user(
        "coop.membership.application",
        "create",
        {
            "partner_id": person,
            "date": TODAY,
            "full_name": name,
            "birthdate": "1980-05-17",
            "residence": "Иваново",
        },
    )
    user("coop.membership.application", "action_submit", [app])
    return person, app


def contribution(user, person, kind, amount, journal=False):
    rec = user(
        "coop.contribution",
        "create",
        {
            "partner_id": person,
            "kind": kind,
            "amount": amount,
            "date": TODAY,
            "payment_journal_id": journal,
        },
    )
    user("coop.contribution", "action_post", [rec])
    return rec


def admitted(user, cash):
    """An admitted person with the entry fee paid and the mandatory share due (not paid)."""
    person, app = applicant(user)
    user("coop.membership.application", "write", [app], {"decision_number": "С-1"})
    user("coop.membership.application", "write", [app], {"decision_date": TODAY})
    user("coop.membership.application", "action_admit", [app])
    contribution(user, person, "entry_fee", 1000, cash)
    return person, contribution(user, person, "mandatory_share", 500)


def books(admin, person):
    """{account code: balance} of the person's posted journal items on the coop accounts."""
    lines = admin(
        "account.move.line",
        "search_read",
        [("partner_id", "=", person), ("parent_state", "=", "posted")],
        fields=["account_id", "balance"],
    )
    result = {}
    for line in lines:
        code = line["account_id"][1].split()[0]
        result[code] = round(result.get(code, 0.0) + line["balance"], 2)
    return {
        code: balance for code, balance in result.items() if code in ("75.01", "75.03", "80.01")
    }


@pytest.mark.parametrize("kind", ["officer", "manager"])
def test_an_application_is_not_admitted_by_writing_its_state(staff, admin, kind):
    user = staff[kind]
    person, app = applicant(user)
    refused(
        lambda: user("coop.membership.application", "write", [app], {"state": "admitted"}),
        "State changes only through its actions",
    )
    refused(
        lambda: user(
            "coop.membership.application", "create", {"partner_id": person, "state": "admitted"}
        ),
        "is created as a draft",
    )
    [seen] = admin("coop.membership.application", "read", [app], fields=["state"])
    assert seen["state"] == "submitted"
    [seen] = admin("res.partner", "read", [person], fields=["coop_state"])
    assert seen["coop_state"] == "applicant"


@pytest.mark.parametrize("kind", ["officer", "manager"])
def test_a_contribution_is_paid_only_through_its_action(staff, admin, cash, kind):
    user = staff[kind]
    person, share = admitted(user, cash)
    for vals in ({"state": "paid"}, {"move_id": False}, {"payment_move_id": 1}):
        refused(lambda v=vals: user("coop.contribution", "write", [share], v), "changes only")
    fee = {"partner_id": person, "kind": "additional_share", "amount": 100, "state": "paid"}
    refused(lambda: user("coop.contribution", "create", fee), "cannot be created with")
    # the old public method took a record and is gone; the private one is not callable
    refused(lambda: user("coop.contribution", "action_pay", [share], cash, TODAY), "action_pay", 1)
    refused(
        lambda: user("coop.contribution", "_coop_pay", [share], cash),
        "Private methods",
        ACCESS_ERROR,
    )
    assert admin("res.partner", "read", [person], fields=["coop_state"])[0]["coop_state"] == (
        "admitted"
    )
    user("coop.contribution", "action_coop_pay", [share], cash, TODAY)
    [seen] = admin("coop.contribution", "read", [share], fields=["state", "payment_date"])
    assert (seen["state"], seen["payment_date"]) == ("paid", TODAY)
    assert admin("res.partner", "read", [person], fields=["coop_state"])[0]["coop_state"] == (
        "member"
    )
    assert books(admin, person) == {"75.01": 0.0, "80.01": -500.0}


@pytest.mark.parametrize("kind", ["officer", "manager"])
def test_a_persons_status_is_not_written_directly(staff, admin, kind):
    user = staff[kind]
    person, _app = applicant(user)
    for vals in ({"coop_state": "member"}, {"coop_member_number": "999"}, {"coop_frozen": True}):
        refused(
            lambda v=vals: user("res.partner", "write", [person], v),
            "change only through their actions",
        )
    refused(
        lambda: user("res.partner", "create", {"name": "Самозванец", "coop_state": "member"}),
        "change only through their actions",
    )
    [seen] = admin("res.partner", "read", [person], fields=["coop_state", "coop_frozen"])
    assert (seen["coop_state"], seen["coop_frozen"]) == ("applicant", False)


def test_leaving_cancels_the_unpaid_share_and_a_death_pays_the_heir(staff, admin, cash):
    officer = staff["officer"]
    people = []
    for _i in range(2):
        person, share = admitted(officer, cash)
        officer("coop.contribution", "action_coop_pay", [share], cash, TODAY)
        unpaid = contribution(officer, person, "additional_share", 2000)
        people.append((person, unpaid))
    (leaver, _unpaid), (deceased, _unpaid) = people
    heir = admin("res.partner", "create", {"name": f"Наследник {uuid.uuid4().hex[:4]}"})

    def leave(person, kind, heir_id=False):
        wizard = officer(
            "coop.exit.wizard",
            "create",
            {
                "partner_id": person,
                "kind": kind,
                "date": TODAY,
                "reason": "RPC",
                "heir_id": heir_id,
            },
        )
        officer("coop.exit.wizard", "action_confirm", [wizard])

    leave(leaver, "exit")
    refused(lambda: leave(deceased, "death"), "choose the heir")
    leave(deceased, "death", heir)
    unpaid = [share for _person, share in people]
    seen = admin("coop.contribution", "read", unpaid, fields=["state"])
    assert [s["state"] for s in seen] == ["cancelled", "cancelled"]
    assert books(admin, leaver) == {"75.01": 0.0, "75.03": -500.0, "80.01": 0.0}
    assert books(admin, deceased) == {"75.01": 0.0, "80.01": 0.0}
    assert books(admin, heir) == {"75.03": -500.0}
    [refund] = admin(
        "coop.contribution",
        "search",
        [("partner_id", "=", deceased), ("kind", "=", "share_refund")],
    )
    officer("coop.contribution", "action_coop_pay", [refund], cash, TODAY)
    assert books(admin, heir) == {"75.03": 0.0}
    assert admin("res.partner", "read", [deceased], fields=["coop_state"])[0]["coop_state"] == (
        "former"
    )
    assert admin("coop.cashback.check", "coop_invariants")["problems"] == []
