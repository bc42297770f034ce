from odoo import models


class CoopContribution(models.Model):
    """A share refund due gets its reminder on itself (res_company_reminders.py)."""

    _name = "coop.contribution"
    _inherit = ["coop.contribution", "mail.activity.mixin"]
