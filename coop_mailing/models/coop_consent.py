from odoo import fields, models


class CoopConsent(models.Model):
    _inherit = "coop.consent"

    # Entries are evidence: uninstalling keeps them as they are (none rewritten or deleted).
    channel = fields.Selection(
        selection_add=[("mailing", "Mailing")], ondelete={"mailing": lambda records: None}
    )
