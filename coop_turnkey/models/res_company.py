from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    coop_legal_form = fields.Char(
        string="Legal form", help="Organisational and legal form, as in the charter."
    )
    coop_kpp = fields.Char(string="KPP", help="Tax registration reason code (9 characters).")
