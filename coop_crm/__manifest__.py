{
    "name": "Cooperative: Customer Classes",
    "summary": "RFM segments and ABC/XYZ classes of the cooperative's people, computed in the "
    "database from till and partner business purchases",
    "version": "18.0.1.0.0",
    "category": "Cooperative",
    "website": "https://github.com/coop-odoo/coop",
    "author": "Coop contributors",
    "license": "AGPL-3",
    "depends": ["coop_cashback", "coop_partner_sync", "point_of_sale"],
    "data": [
        "security/coop_crm_security.xml",
        "security/ir.model.access.csv",
        "data/coop_crm_cron.xml",
        "data/coop_crm_reminders.xml",
        "views/res_partner_views.xml",
        "views/coop_person_event_views.xml",
        "views/res_partner_birthday_views.xml",
        "views/res_config_settings_views.xml",
        "views/coop_crm_menus.xml",
    ],
    "installable": True,
}
