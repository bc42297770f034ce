"""The coop addons uninstall cleanly and install again, driven over XML-RPC as an administrator
would from the Apps menu.

Its file name sorts first: it runs on the untouched demo database. Once the demo till has been
opened (a later test does), Odoo rightly keeps that till on uninstall, since it carries history."""

COOP_ADDONS = ["coop_membership", "coop_cashback", "coop_partner_sync"]


def states(admin):
    modules = admin(
        "ir.module.module", "search_read", [("name", "in", COOP_ADDONS)], fields=["name", "state"]
    )
    return {m["name"]: m["state"] for m in modules}


def test_uninstall_then_reinstall(admin):
    membership = admin("ir.module.module", "search", [("name", "=", "coop_membership")])
    admin("ir.module.module", "button_immediate_uninstall", membership)

    assert states(admin) == dict.fromkeys(COOP_ADDONS, "uninstalled")
    leftovers = admin("ir.model.data", "search_count", [("module", "in", COOP_ADDONS)])
    assert leftovers == 0, "uninstalling removes every record the addons created"
    assert admin("res.groups", "search_count", [("name", "in", ["Cashier", "Officer"])]) == 0

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
