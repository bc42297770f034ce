{
    "name": "Cooperative: Serving Each Other's Members",
    "summary": "A member of another cooperative of the same database is found at the till by "
    "phone and earns cashback in their own cooperative, which the serving one settles",
    "version": "18.0.1.1.0",
    "category": "Cooperative",
    "website": "https://github.com/coop-odoo/coop",
    "author": "Coop contributors",
    "license": "AGPL-3",
    "depends": ["coop_partner_sync"],
    "data": [
        "security/ir.model.access.csv",
        "security/coop_intercoop_security.xml",
        "views/coop_intercoop_views.xml",
        "views/coop_intercoop_offer_views.xml",
    ],
    "assets": {
        "point_of_sale._assets_pos": [
            "coop_intercoop/static/src/**/*",
        ],
        "web.assets_tests": [
            "coop_intercoop/static/tests/tours/**/*",
        ],
    },
    "installable": True,
}
