{
    "name": "Cooperative: Partner Businesses",
    "summary": "Partner businesses send their sales over XML-RPC; the cooperative's people "
    "earn cashback and the partners are invoiced",
    "version": "18.0.1.0.0",
    "category": "Cooperative",
    "website": "https://github.com/coop-odoo/coop",
    "author": "Coop contributors",
    "license": "AGPL-3",
    "depends": ["coop_cashback", "queue_job"],
    "data": [
        "security/coop_partner_sync_security.xml",
        "security/ir.model.access.csv",
        "data/coop_partner_sync_cron.xml",
        "data/coop_partner_sync_queue.xml",
        "wizards/coop_partner_wizard_views.xml",
        "views/coop_partner_agreement_views.xml",
        "views/coop_partner_transaction_views.xml",
        "views/coop_partner_import_views.xml",
        "views/coop_partner_sync_menus.xml",
        "report/coop_partner_reconciliation.xml",
    ],
    "demo": [
        "demo/coop_partner_sync_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "coop_partner_sync/static/tests/tours/**/*",
        ],
    },
    "post_init_hook": "post_init_hook",
    "installable": True,
}
