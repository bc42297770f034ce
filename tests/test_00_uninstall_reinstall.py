"""The coop addons uninstall cleanly and install again, driven over XML-RPC as an administrator
would from the Apps menu, on a cooperative without demo data: nothing of theirs is left behind.
(With demo data, Odoo rightly keeps what carries history: people with consents and postings, the
demo till with its closed session.)"""

from conftest import COOP_ADDONS

# installing these installs every coop addon
LEAVES = ["coop_mailing", "coop_portal", "coop_turnkey", "coop_sms_gateway", "coop_intercoop"]
COOP_MODELS = [
    "coop.contribution",
    "coop.membership.application",
    "coop.cashback.move",
    "coop.consent",
    "coop.fee.version",
    "coop.cashback.rule",
]


def states(admin):
    modules = admin(
        "ir.module.module", "search_read", [("name", "in", COOP_ADDONS)], fields=["name", "state"]
    )
    return {m["name"]: m["state"] for m in modules}


def test_uninstall_then_reinstall(bare_server):
    admin = bare_server.client("admin", "admin")
    assert states(admin) == dict.fromkeys(COOP_ADDONS, "installed")
    admin(
        "res.partner",
        "coop_register_shopper",
        {"phone": "+7 900 000-00-01", "name": "Before", "consent_processing": True},
    )
    # every coop addon depends on coop_membership but the SMS gateway (on Odoo's sms only)
    roots = admin(
        "ir.module.module", "search", [("name", "in", ["coop_membership", "coop_sms_gateway"])]
    )
    try:
        admin("ir.module.module", "button_immediate_uninstall", roots)

        assert states(admin) == dict.fromkeys(COOP_ADDONS, "uninstalled")
        assert admin("ir.model", "search_count", [("model", "in", COOP_MODELS)]) == 0
        assert admin("res.groups", "search_count", [("name", "in", ["Cashier", "Officer"])]) == 0
        left = admin(
            "ir.model.data",
            "search_read",
            [("module", "in", COOP_ADDONS)],
            fields=["model", "name"],
        )
        assert left == []
    finally:
        leaves = admin("ir.module.module", "search", [("name", "in", LEAVES)])
        admin("ir.module.module", "button_immediate_install", leaves)

    assert states(admin) == dict.fromkeys(COOP_ADDONS, "installed")
    assert (
        admin(
            "ir.model.data",
            "search_count",
            [("module", "=", "coop_membership"), ("name", "=", "group_manager")],
        )
        == 1
    )
