from odoo import fields, models

from .coop_classes import SEGMENTS


class CoopRfmHistory(models.Model):
    """A change of a person's RFM segment, written by the classes' computation (SQL) only
    when the segment changes."""

    _name = "coop.rfm.history"
    _description = "RFM segment change"
    _order = "date desc, id desc"

    partner_id = fields.Many2one(
        "res.partner",
        string="Person",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
    )
    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    date = fields.Date(required=True, readonly=True)
    old_segment = fields.Selection(SEGMENTS, string="Segment before", readonly=True)
    new_segment = fields.Selection(SEGMENTS, string="Segment after", readonly=True)
