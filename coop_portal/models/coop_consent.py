from odoo import fields, models


class CoopConsent(models.Model):
    _inherit = "coop.consent"

    # given or withdrawn by the person on their own page; on uninstall these read as "Web"
    # (consent entries are never deleted)
    channel = fields.Selection(
        selection_add=[("portal", "Personal page")], ondelete={"portal": "set web"}
    )
    # who recorded a consent at the desk is the staff's
    user_id = fields.Many2one(groups="base.group_user")
