from odoo import fields, models


class CoopConsent(models.Model):
    _inherit = "coop.consent"

    # given or withdrawn by the person on their own page; on uninstall these read as "Web"
    # (consent entries are never deleted)
    channel = fields.Selection(
        selection_add=[("portal", "Personal page")], ondelete={"portal": "set web"}
    )
