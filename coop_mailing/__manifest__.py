{
    "name": "Cooperative: Mailings by Consent",
    "summary": "E-mail and SMS mailings of Odoo's mass_mailing to the cooperative's people: only "
    "those with a current consent to advertising messages; an unsubscribe withdraws it",
    "version": "18.0.1.2.0",
    "category": "Cooperative",
    "website": "https://github.com/coop-odoo/coop",
    "author": "Coop contributors",
    "license": "AGPL-3",
    "depends": ["coop_crm", "mass_mailing", "mass_mailing_sms"],
    "data": [
        "security/coop_mailing_security.xml",
        "security/ir.model.access.csv",
        "data/mailing_filter_data.xml",
        "views/mailing_mailing_views.xml",
        "views/mailing_list_views.xml",
        "views/coop_mailing_menus.xml",
    ],
    "installable": True,
    "uninstall_hook": "uninstall_hook",
}
