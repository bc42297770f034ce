{
    "name": "Russia - Accounting (consumer cooperative)",
    "summary": "Russian chart of accounts (Order 94n) for a consumer cooperative: share fund, "
    "entry fees, member settlements, cashback liability; VAT 20/10/0 %",
    "icon": "/account/static/description/l10n.png",
    "version": "18.0.1.0.0",
    "countries": ["ru"],
    "category": "Accounting/Localizations/Account Charts",
    "website": "https://github.com/coop-odoo/coop",
    "author": "Coop contributors",
    "license": "AGPL-3",
    "depends": ["account"],
    "auto_install": ["account"],
    "installable": True,
}
