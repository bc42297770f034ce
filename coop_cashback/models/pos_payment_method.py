from odoo import api, fields, models
from odoo.exceptions import ValidationError


class PosPaymentMethod(models.Model):
    _inherit = "pos.payment.method"

    coop_is_cashback = fields.Boolean(
        string="Pays with cashback",
        help="The person pays from their cashback balance; the server checks the balance and "
        "posts Dr cashback liability / Cr the sale when the session closes.",
    )

    @api.constrains("coop_is_cashback", "journal_id", "split_transactions")
    def _check_coop_cashback(self):
        for method in self.filtered("coop_is_cashback"):
            if method.journal_id or not method.split_transactions:
                raise ValidationError(
                    self.env._(
                        "Payment method %(name)s pays with cashback: it has no journal and "
                        "identifies the customer (Identify Customer).",
                        name=method.name,
                    )
                )

    @api.constrains("coop_is_cashback", "config_ids")
    def _check_coop_cashback_tills(self):
        """Added to a till from the method's side: the till's currency is checked as well."""
        self.filtered("coop_is_cashback").config_ids._check_coop_cashback_currency()

    @api.model
    def _load_pos_data_fields(self, config_id):
        return [*super()._load_pos_data_fields(config_id), "coop_is_cashback"]
