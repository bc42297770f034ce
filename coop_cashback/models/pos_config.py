from odoo import api, models
from odoo.exceptions import ValidationError


class PosConfig(models.Model):
    _inherit = "pos.config"

    @api.constrains("payment_method_ids", "journal_id", "company_id")
    def _check_coop_cashback_currency(self):
        """Cashback is kept and booked in the company's currency: a till selling in another
        currency has no cashback payment method (its amounts would be counted as roubles)."""
        for config in self:
            company_currency = config.company_id.sudo().currency_id
            if config.currency_id == company_currency:
                continue
            method = config.payment_method_ids.filtered("coop_is_cashback")[:1]
            if method:
                raise ValidationError(
                    self.env._(
                        "Till %(till)s sells in %(currency)s, but its payment method %(method)s "
                        "pays with cashback, which is kept in %(company_currency)s: remove the "
                        "method from the till or give the till a sales journal in "
                        "%(company_currency)s.",
                        till=config.name,
                        currency=config.currency_id.name,
                        method=method.name,
                        company_currency=company_currency.name,
                    )
                )
