from odoo import fields, models

from .coop_partner_import import STATUSES


class CoopPartnerImportLine(models.Model):
    """The answer to one row of an uploaded file, as the XML-RPC import answers it. Written
    in bulk by the import (``coop.partner.import._coop_record``), never edited."""

    _name = "coop.partner.import.line"
    _description = "Row of a partner business file import"
    _order = "import_id desc, line"
    _rec_name = "line"

    import_id = fields.Many2one(
        "coop.partner.import", required=True, readonly=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    line = fields.Integer(string="Line of the file", readonly=True)
    external_id = fields.Char(string="External ID", readonly=True)
    status = fields.Selection(STATUSES, required=True, readonly=True, index=True)
    transaction_id = fields.Many2one(
        "coop.partner.transaction", string="Stored as", readonly=True, ondelete="set null"
    )
    cashback = fields.Float(readonly=True, digits="Account", help="Cashback the row earned.")
    error = fields.Char(string="Why rejected", readonly=True)
