from odoo import fields, models


class MailingList(models.Model):
    """A mailing list belongs to the cooperative whose staff made it: another cooperative's staff
    neither see it nor its contacts (record rules in security/coop_mailing_security.xml)."""

    _inherit = "mailing.list"

    company_id = fields.Many2one(
        "res.company",
        string="Cooperative",
        default=lambda self: self.env.company,
        index=True,
        help="The cooperative whose staff see this list and its contacts; empty: every "
        "cooperative's (lists made before coop_mailing gave them one).",
    )
