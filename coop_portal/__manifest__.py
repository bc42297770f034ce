{
    "name": "Cooperative: Personal Page",
    "summary": "A person's own page on the portal: status, what is left to become a member, "
    "cashback and its ledger, contributions, consents, statement and card",
    "version": "18.0.1.2.0",
    "category": "Cooperative",
    "website": "https://github.com/coop-odoo/coop",
    "author": "Coop contributors",
    "license": "AGPL-3",
    "depends": ["portal", "sms", "coop_cashback", "coop_partner_sync"],
    "data": [
        "security/ir.model.access.csv",
        "security/coop_portal_security.xml",
        "data/res_users_phone_login_data.xml",
        "views/coop_portal_templates.xml",
        "views/coop_portal_join_templates.xml",
        "views/coop_membership_application_views.xml",
        "views/res_partner_invite_views.xml",
        "views/coop_card_offline_templates.xml",
    ],
    "demo": [
        "demo/coop_portal_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "coop_portal/static/tests/tours/**/*",
        ],
    },
    "installable": True,
}
