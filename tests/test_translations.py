"""Every user-facing string of the coop addons has a Russian translation in the repository,
and what the cooperative stores for people to read (status history, chatter, journal item
labels, rejected rows' reasons) is written in its language, whoever's call wrote it.

The terms are exported from the running server with Odoo's own export wizard (as a translator
would from Settings > Translations > Export), so the check follows the code and the data as they
are installed, not a list kept by hand."""

import base64
import re
import uuid
from datetime import date
from pathlib import Path

import polib
import pytest
from conftest import TESTED
from partner_fixtures import DEMO_LOGIN, demo_client, fresh_digits, phone_forms, sale, xmlid
from till_fixtures import Till

ROOT = Path(__file__).resolve().parent.parent
ADDONS = list(TESTED)


def exported_terms(admin, addon):
    module_ids = admin("ir.module.module", "search", [("name", "=", addon)])
    wizard = admin(
        "base.language.export",
        "create",
        {"lang": "__new__", "format": "po", "export_type": "module", "modules": module_ids},
    )
    admin("base.language.export", "act_getfile", [wizard])
    [data] = admin("base.language.export", "read", [wizard], fields=["data"])
    return polib.pofile(base64.b64decode(data["data"]).decode())


@pytest.mark.parametrize("addon", ADDONS)
def test_every_term_has_a_russian_translation(admin, addon):
    template = exported_terms(admin, addon)
    russian = polib.pofile(str(ROOT / addon / "i18n" / "ru.po"))
    translated = {e.msgid: e.msgstr for e in russian if e.msgstr and "fuzzy" not in e.flags}
    missing = sorted({e.msgid for e in template if e.msgid} - translated.keys())
    assert not missing, f"{addon}/i18n/ru.po lacks a Russian translation for: {missing}"


# ------------------------------------------------------------------ stored texts

CYRILLIC = re.compile("[а-яА-ЯёЁ]")


@pytest.fixture(scope="module")
def russian_cooperative(admin):
    """The demo cooperative speaking Russian: ru_RU loaded, its company contact in Russian
    (as ``make run`` makes it); its language put back after."""
    [ru] = admin("res.lang", "search", [("code", "=", "ru_RU")], context={"active_test": False})
    wizard = admin("base.language.install", "create", {"lang_ids": [(6, 0, [ru])]})
    admin("base.language.install", "lang_install", [wizard])
    company = admin("res.users", "read", [2], fields=["company_id"])[0]["company_id"][0]
    [values] = admin("res.company", "read", [company], fields=["partner_id"])
    contact = values["partner_id"][0]
    [before] = admin("res.partner", "read", [contact], fields=["lang"])
    admin("res.partner", "write", [contact], {"lang": "ru_RU"})
    yield company
    admin("res.partner", "write", [contact], {"lang": before["lang"]})


@pytest.fixture(scope="module")
def integrators(odoo_server, admin, russian_cooperative):
    """Staff whose own language is English, as an XML-RPC integrator's user is (password =
    login): a cashier at the till, an officer, a manager."""
    company = russian_cooperative
    kinds = {
        "cashier": ["point_of_sale.group_pos_user", "coop_membership.group_cashier"],
        "officer": ["coop_membership.group_officer"],
        "manager": ["coop_membership.group_manager"],
    }
    clients = {}
    for kind, groups in kinds.items():
        login = f"i18n-{kind}-{uuid.uuid4().hex[:6]}"
        groups = [xmlid(admin, *g.split(".")) for g in ["base.group_user", *groups]]
        admin("res.users", "create", {
            "name": f"Integrator {kind}", "login": login, "password": login, "lang": "en_US",
            "company_id": company, "company_ids": [(6, 0, [company])],
            "groups_id": [(6, 0, groups)], "email": f"{login}@coop.example",
        })  # fmt: skip
        clients[kind] = (login, odoo_server.client(login, login))
    return clients


def fee(admin, kind):
    [version] = admin("coop.fee.version", "search_read", [("kind", "=", kind),
                      ("date_from", "<=", str(date.today()))], fields=["amount"],
                      order="date_from desc", limit=1)  # fmt: skip
    return version["amount"]


def test_stored_texts_are_in_the_cooperative_language(
    odoo_server, admin, russian_cooperative, integrators
):
    """Register, apply, admit, pay, a sale at the till, a partner business's rows (one with a
    bad amount), all by users whose language is English: the history, the chatter, the
    journal items and the rejected row's reason are in Russian, the cooperative's."""
    cashier, officer = integrators["cashier"][1], integrators["officer"][1]
    manager = integrators["manager"][1]
    digits = fresh_digits()
    phone = phone_forms(digits)["e164"]
    person = cashier(
        "res.partner", "coop_register_shopper",
        {"phone": phone, "name": "Ольга Переводова", "consent_processing": True},
    )["partner_id"]  # fmt: skip
    today = str(date.today())
    app = officer("coop.membership.application", "create", {
        "partner_id": person, "date": today, "full_name": "Ольга Переводова",
        "birthdate": "1980-05-17", "residence": "Иваново, ул. Ленина, 1",
    })  # fmt: skip
    officer("coop.membership.application", "action_submit", [app])
    officer("coop.membership.application", "write", [app],
            {"decision_number": "П-7", "decision_date": today})  # fmt: skip
    officer("coop.membership.application", "action_admit", [app])
    cash = admin("account.journal", "search", [("type", "=", "cash"),
                 ("company_id", "=", russian_cooperative)], limit=1)[0]  # fmt: skip
    for kind in ("entry_fee", "mandatory_share"):
        contribution = officer("coop.contribution", "create", {
            "partner_id": person, "kind": kind, "amount": fee(admin, kind), "date": today,
            "payment_journal_id": cash,
        })  # fmt: skip
        officer("coop.contribution", "action_post", [contribution])
    login = integrators["cashier"][0]
    till = Till(odoo_server, admin, [person], login, login)
    till.sync(till.payload(person, 10))
    assert till.close() == "closed"
    client = demo_client(odoo_server)
    bad = sale(phone, "-500")
    answers = client.import_transactions([sale(phone, "1500.00"), bad])
    assert [a["status"] for a in answers] == ["created", "rejected"]
    [agreement] = admin("coop.partner.agreement", "search", [("api_user_id.login", "=",
                        DEMO_LOGIN)])  # fmt: skip
    manager("coop.partner.agreement", "action_post_cashback", [agreement])

    [values] = admin("res.partner", "read", [person], fields=["coop_state", "coop_member_number"])
    assert values["coop_state"] == "member"
    events = admin("coop.state.event", "search_read", [("partner_id", "=", person)],
                   fields=["reason"], order="id")  # fmt: skip
    [application] = admin("coop.membership.application", "read", [app], fields=["name"])
    assert [e["reason"] for e in events][:3] == [
        "Регистрация (Касса)",
        f"Подано заявление {application['name']}",
        f"Принят решением совета № П-7 от {date.today():%d.%m.%Y}",
    ]
    assert events[3]["reason"].startswith(f"Пайщик № {values['coop_member_number']}: принят ")
    notes = admin("mail.message", "search_read", [("model", "=", "res.partner"),
                  ("res_id", "=", person), ("body", "like", "→")], fields=["body"],
                  order="id")  # fmt: skip
    assert len(notes) == 4
    assert "не зарегистрирован → Покупатель (" in notes[0]["body"]
    assert all("Registered" not in n["body"] and " on " not in n["body"] for n in notes)
    tracked = admin("mail.tracking.value", "search_read", [("mail_message_id.model", "=",
                    "res.partner"), ("mail_message_id.res_id", "=", person),
                    ("field_id.name", "=", "coop_state")], fields=["new_value_char"])  # fmt: skip
    # (registering creates the person: Odoo tracks the changes after that call)
    assert sorted(t["new_value_char"] for t in tracked) == ["Заявитель", "Пайщик", "Принят"]
    labels = {line["name"] for line in admin(
        "account.move.line", "search_read",
        [("partner_id", "=", person), ("parent_state", "=", "posted")], fields=["name"],
    )}  # fmt: skip
    assert labels, "the fee, the share and the cashback are in the books"
    assert all(CYRILLIC.search(label or "") for label in labels), labels
    assert any(label.startswith("Кэшбэк по сессии ") for label in labels), labels
    assert "Кэшбэк от предприятий-партнёров" in labels, labels
    assert answers[1]["error"] == "amount: must be greater than 0 (got -500)", (
        "the business's answer is in its user's language (English)"
    )
    [rejection] = admin("coop.partner.rejection", "search_read", [("external_id", "=",
                        bad["external_id"])], fields=["error"])  # fmt: skip
    assert rejection["error"] == "amount: должно быть больше 0 (получено -500)"
