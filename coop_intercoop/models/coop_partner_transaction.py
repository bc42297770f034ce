from odoo import api, fields, models


class CoopPartnerTransaction(models.Model):
    _inherit = "coop.partner.transaction"

    source = fields.Selection(
        selection_add=[("intercoop", "Sale at another cooperative's till")],
        ondelete={"intercoop": "set default"},
    )


class CoopPartnerRejection(models.Model):
    _inherit = "coop.partner.rejection"

    source = fields.Selection(
        selection_add=[("intercoop", "Sale at another cooperative's till")],
        ondelete={"intercoop": "set default"},
    )


class CoopPartnerTransactionCreate(models.Model):
    _inherit = "coop.partner.transaction"

    @api.model_create_multi
    def create(self, vals_list):
        """Transactions are stored by the import (one INSERT per row): a transaction made
        by hand for an agreement between cooperatives is refused, naming it."""
        ids = {vals.get("agreement_id") for vals in vals_list} - {None, False}
        agreements = self.env["coop.partner.agreement"].sudo().browse(ids)
        for agreement in agreements.filtered("coop_intercoop_company_id"):
            agreement._coop_import([], source="manual")  # refuses, naming the agreement
        return super().create(vals_list)
