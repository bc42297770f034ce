{
    "name": "Cooperative: Cashback",
    "summary": "Cashback for shoppers and members, kept in a ledger that agrees with "
    "accounting, at the Odoo POS till",
    "version": "18.0.1.5.0",
    "category": "Cooperative",
    "website": "https://github.com/coop-odoo/coop",
    "author": "Coop contributors",
    "license": "AGPL-3",
    "depends": ["coop_membership", "point_of_sale"],
    "data": [
        "security/coop_cashback_security.xml",
        "security/ir.model.access.csv",
        "data/coop_cashback_cron.xml",
        "views/coop_cashback_rule_views.xml",
        "views/coop_cashback_move_views.xml",
        "wizards/coop_cashback_adjust_wizard_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "views/pos_payment_method_views.xml",
        "views/coop_cashback_menus.xml",
    ],
    "demo": [
        "demo/coop_cashback_demo.xml",
    ],
    "assets": {
        "point_of_sale._assets_pos": [
            "coop_cashback/static/src/**/*",
        ],
        "web.assets_tests": [
            "coop_cashback/static/tests/tours/**/*",
        ],
    },
    "post_init_hook": "post_init_hook",
    "installable": True,
}
