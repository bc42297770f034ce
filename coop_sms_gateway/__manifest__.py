{
    "name": "Cooperative: SMS through SMS.ru",
    "summary": "Send Odoo's SMS (chatter, templates, SMS marketing, scheduled actions) through "
    "the Russian gateway SMS.ru instead of Odoo IAP, per company",
    "version": "18.0.1.1.0",
    "category": "Marketing/SMS",
    "website": "https://github.com/coop-odoo/coop",
    "author": "Coop contributors",
    "license": "AGPL-3",
    "depends": ["sms", "mass_mailing_sms"],
    "external_dependencies": {"python": ["requests"]},
    "data": [
        "data/ir_cron_data.xml",
        "views/res_config_settings_views.xml",
    ],
    "installable": True,
}
