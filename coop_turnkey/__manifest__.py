{
    "name": "Cooperative: New Cooperative from a File",
    "summary": "Create or update a cooperative (company, chart, fees, cashback rules, stores, "
    "staff) from one TOML file, idempotently",
    "version": "18.0.1.2.0",
    "category": "Cooperative",
    "website": "https://github.com/coop-odoo/coop",
    "author": "Coop contributors",
    "license": "AGPL-3",
    "depends": ["coop_cashback", "coop_partner_sync", "point_of_sale", "l10n_ru_coop"],
    "external_dependencies": {"python": ["jsonschema"]},
    "data": [
        "security/ir.model.access.csv",
        "security/coop_turnkey_security.xml",
        "views/coop_turnkey_wizard_views.xml",
    ],
    "installable": True,
}
