"""Helpers shared by the partner-sync black-box tests: the partners' client loaded from its
file (what partner businesses copy), the demo business's login, fresh phones and ids."""

import datetime
import importlib.util
import random
import sys
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLIENT_PATH = ROOT / "coop_partner_sync" / "static" / "client" / "coop_partner_client.py"
DEMO_LOGIN = DEMO_KEY = "partner-demo"
TXN = "coop.partner.transaction"
REJECTION = "coop.partner.rejection"


def _load_client():
    name = "coop_partner_client"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, CLIENT_PATH)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


client_module = _load_client()

_rng = random.Random()
_used_phones = set()


def fresh_digits():
    """Ten digits of a mobile phone nobody in the database has (9159xxxxxx, random: reruns
    on a kept database do not meet earlier runs' people)."""
    while True:
        digits = f"9159{_rng.randrange(10**6):06d}"
        if digits not in _used_phones:
            _used_phones.add(digits)
            return digits


def phone_forms(digits):
    """The usual ways of writing one Russian mobile number."""
    return {
        "international": f"+7 {digits[:3]} {digits[3:6]}-{digits[6:8]}-{digits[8:]}",
        "e164": f"+7{digits}",
        "eight": f"8{digits}",
        "ten_digits": digits,
        "brackets": f"8 ({digits[:3]}) {digits[3:6]}-{digits[6:8]}-{digits[8:]}",
    }


def new_id(prefix="t"):
    return f"{prefix}-{uuid.uuid4().hex[:20]}"


def utc_now():
    return datetime.datetime.now(datetime.UTC).replace(tzinfo=None, microsecond=0)


def today():
    return utc_now().date().isoformat()


def sale(member_ref, amount, external_id=None, **extra):
    return {
        "external_id": external_id or new_id("s"),
        "member_ref": member_ref,
        "amount": amount,
        "date": today(),
        **extra,
    }


def refund(sale_row, amount, external_id=None, **extra):
    return {
        "external_id": external_id or new_id("r"),
        "member_ref": sale_row["member_ref"],
        "amount": amount,
        "date": today(),
        "kind": "refund",
        "refund_of": sale_row["external_id"],
        **extra,
    }


def register(admin, phone, name=None):
    """A new shopper registered with ``phone`` (as admin); their id."""
    values = {"phone": phone, "consent_processing": True}
    if name:
        values["name"] = name
    return admin("res.partner", "coop_register_shopper", values)["partner_id"]


def new_person(admin, name=None):
    """(id, ten digits of their phone) of a freshly registered shopper."""
    digits = fresh_digits()
    return register(admin, phone_forms(digits)["international"], name), digits


def cashback_of(admin, person):
    [values] = admin(
        "res.partner",
        "read",
        [person],
        fields=["coop_cashback_balance", "coop_cashback_pending", "coop_cashback_lifetime"],
    )
    return {key: values[key] for key in values if key != "id"}


def xmlid(admin, module, name):
    return admin("ir.model.data", "check_object_reference", module, name)[1]


def transactions(admin, external_ids, fields=("external_id", "partner_id", "state", "cashback")):
    return admin(
        TXN,
        "search_read",
        [("external_id", "in", list(external_ids))],
        fields=list(fields),
        context={"active_test": False},
    )


def demo_client(odoo_server, login=DEMO_LOGIN, key=DEMO_KEY):
    return client_module.CoopPartnerClient(odoo_server.url, odoo_server.db, login, key)
