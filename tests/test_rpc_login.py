"""An RPC client logs in to the cooperative's server and finds the demo cooperative."""

import xmlrpc.client

import pytest
import requests
from conftest import COOP_ADDONS


def test_server_is_odoo_18(odoo_server):
    version = odoo_server.proxy("common").version()
    assert version["server_serie"] == "18.0"


def test_admin_logs_in_and_reads_own_user(odoo_server, admin):
    [user] = admin("res.users", "read", [admin.uid], fields=["login"])
    assert user["login"] == "admin"


def test_wrong_password_is_refused(odoo_server):
    assert odoo_server.login("admin", "not-the-password") is False


def test_call_with_wrong_password_is_access_denied(odoo_server, admin):
    with pytest.raises(xmlrpc.client.Fault, match="Access Denied"):
        odoo_server.proxy("object").execute_kw(
            odoo_server.db, admin.uid, "wrong", "res.partner", "search_count", [[]]
        )


def test_coop_addons_are_installed(admin):
    modules = admin(
        "ir.module.module", "search_read", [("name", "in", COOP_ADDONS)], fields=["name", "state"]
    )
    assert {m["name"]: m["state"] for m in modules} == dict.fromkeys(COOP_ADDONS, "installed")


def test_demo_cooperative_keeps_its_books_in_rubles(admin):
    [company] = admin(
        "res.company",
        "search_read",
        [("id", "=", 1)],
        fields=["currency_id", "country_id", "chart_template"],
    )
    assert company["currency_id"][1] == "RUB"
    assert company["chart_template"], "the company has a chart of accounts"


def test_demo_store_till_sells_groceries(admin):
    [config] = admin(
        "pos.config",
        "search_read",
        [("name", "=", "Кооперативный магазин")],
        fields=["payment_method_ids", "currency_id"],
    )
    assert config["currency_id"][1] == "RUB"
    assert len(config["payment_method_ids"]) == 3
    methods = admin(
        "pos.payment.method", "read", config["payment_method_ids"], fields=["coop_is_cashback"]
    )
    assert [m["coop_is_cashback"] for m in methods].count(True) == 1
    products = admin(
        "product.product",
        "search_read",
        [("available_in_pos", "=", True), ("name", "=", "Rye bread")],
        fields=["list_price"],
    )
    assert [p["list_price"] for p in products] == [55.0]


def test_demo_partner_business_exists(admin):
    count = admin(
        "res.partner",
        "search_count",
        [("name", "=", "Сантехника на Шереметевском"), ("is_company", "=", True)],
    )
    assert count == 1


def test_demo_till_opens_for_a_logged_in_user(odoo_server, admin):
    """The POS page of the demo store is served with its assets to a logged-in user (the
    browser part is the POS tour of coop_cashback)."""
    [config_id] = admin("pos.config", "search", [("name", "=", "Кооперативный магазин")])
    session = requests.Session()
    auth = session.post(
        f"{odoo_server.url}/web/session/authenticate",
        json={
            "jsonrpc": "2.0",
            "params": {"db": odoo_server.db, "login": "admin", "password": "admin"},
        },
        timeout=60,
    )
    assert auth.json()["result"]["uid"] == admin.uid
    page = session.get(f"{odoo_server.url}/pos/ui?config_id={config_id}", timeout=120)
    assert page.status_code == 200
    assert "point_of_sale.assets_prod" in page.text
    assert f'"pos_config_id": {config_id}' in page.text


def test_only_the_cooperative_store_till_is_active(admin):
    names = admin("pos.config", "search_read", [], fields=["name"])
    assert [c["name"] for c in names] == ["Кооперативный магазин"]
