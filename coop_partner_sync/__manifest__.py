{
    "name": "Cooperative: Partner Businesses",
    "summary": "Partner businesses send their sales over XML-RPC; the cooperative's people "
    "earn cashback and the partners are invoiced",
    "version": "18.0.1.0.0",
    "category": "Cooperative",
    "website": "https://github.com/coop-odoo/coop",
    "author": "Coop contributors",
    "license": "AGPL-3",
    "depends": ["coop_cashback"],
    "data": [],
    "demo": [
        "demo/coop_partner_sync_demo.xml",
    ],
    "installable": True,
}
