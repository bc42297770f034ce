{
    "name": "Cooperative: Membership",
    "summary": "People of a consumer cooperative: shoppers, applicants and members, "
    "entry fees and share capital",
    "version": "18.0.1.0.0",
    "category": "Cooperative",
    "website": "https://github.com/coop-odoo/coop",
    "author": "Coop contributors",
    "license": "AGPL-3",
    "depends": ["account", "phone_validation"],
    "external_dependencies": {"python": ["phonenumbers"]},
    "data": [
        "security/coop_membership_security.xml",
    ],
    "demo": [
        "demo/coop_membership_demo.xml",
    ],
    "installable": True,
    "application": True,
}
