"""The coop addons uninstall cleanly and install again, driven over XML-RPC as an administrator
would from the Apps menu.

Its file name sorts first: it runs on the untouched demo database. What Odoo keeps on uninstall is
only what carries history it must not lose: the demo people, whose consents (evidence) and journal
entries (fees and shares in the books) forbid deleting them."""

COOP_ADDONS = ["coop_membership", "coop_cashback", "coop_partner_sync"]
COOP_MODELS = [
    "coop.contribution",
    "coop.membership.application",
    "coop.cashback.move",
    "coop.consent",
    "coop.fee.version",
]


def states(admin):
    modules = admin(
        "ir.module.module", "search_read", [("name", "in", COOP_ADDONS)], fields=["name", "state"]
    )
    return {m["name"]: m["state"] for m in modules}


def test_uninstall_then_reinstall(admin):
    membership = admin("ir.module.module", "search", [("name", "=", "coop_membership")])
    try:
        admin("ir.module.module", "button_immediate_uninstall", membership)

        assert states(admin) == dict.fromkeys(COOP_ADDONS, "uninstalled")
        assert admin("ir.model", "search_count", [("model", "in", COOP_MODELS)]) == 0
        assert admin("res.groups", "search_count", [("name", "in", ["Cashier", "Officer"])]) == 0
        left = admin(
            "ir.model.data",
            "search_read",
            [("module", "in", COOP_ADDONS)],
            fields=["model", "name"],
        )
        assert {row["model"] for row in left} <= {"res.partner"}
        assert all(row["name"].endswith("_demo") for row in left), left
    finally:
        sync = admin("ir.module.module", "search", [("name", "=", "coop_partner_sync")])
        admin("ir.module.module", "button_immediate_install", sync)

    assert states(admin) == dict.fromkeys(COOP_ADDONS, "installed")
    assert (
        admin(
            "ir.model.data",
            "search_count",
            [("module", "=", "coop_membership"), ("name", "=", "group_manager")],
        )
        == 1
    )
