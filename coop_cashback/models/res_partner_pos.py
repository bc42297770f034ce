from odoo import api, models
from odoo.exceptions import AccessError, UserError


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model
    def coop_pos_cashback_available(self, partner_id, config_id):
        """The till asks what a person may spend from their cashback now: when a cashback
        payment is added and again before the order is validated (another till may have
        spent it meanwhile). Read from the ledger of the till's cooperative. Callable over RPC
        by the Cashier group, for a person of the till's cooperative who holds cashback.

        :return: ``{"partner_id", "available", "currency_id", "currency"}``
        """
        if not self.env.user.has_group("coop_membership.group_cashier"):
            raise AccessError(
                self.env._("Checking cashback at the till needs the Cooperative / Cashier group.")
            )
        config = self.env["pos.config"].browse(config_id).exists()
        partner = self.browse(partner_id).exists()
        if not config or not partner:
            raise UserError(
                self.env._(
                    "Till %(config)s or person %(person)s does not exist: reload the till.",
                    config=config_id,
                    person=partner_id,
                )
            )
        company = self._coop_pos_till_company(config)
        partner._coop_check_holds_cashback(company, config)
        available, _pending, _lifetime = partner._coop_cashback_sums(company).get(
            partner.id, (0.0, 0.0, 0.0)
        )
        return {
            "partner_id": partner.id,
            "available": company.currency_id.round(available),
            "currency_id": company.currency_id.id,
            "currency": company.currency_id.name,
        }

    @api.model
    def _coop_pos_till_company(self, config):
        """The till's cooperative, when the cashier may work there (the till's company is
        among the user's allowed companies, which the till sets to its own)."""
        config.check_access("read")
        if config.company_id not in self.env.companies:
            raise AccessError(
                self.env._(
                    "Till %(config)s belongs to %(company)s, which you cannot work for.",
                    config=config.name,
                    company=config.company_id.name,
                )
            )
        return config.company_id

    def _coop_check_holds_cashback(self, company, config):
        """The person is one the cashier may see, holds cashback (registered, account not
        frozen), and is of the till's cooperative."""
        self.ensure_one()
        self.check_access("read")
        if not self.coop_state or self.coop_frozen:
            raise UserError(
                self.env._(
                    "%(person)s holds no cashback (not registered, or account frozen): take "
                    "the payment another way.",
                    person=self.display_name,
                )
            )
        if self.company_id != company:
            raise AccessError(
                self.env._(
                    "%(person)s is not a person of %(company)s, the cooperative of till "
                    "%(config)s: their cashback cannot be spent there.",
                    person=self.display_name,
                    company=company.name,
                    config=config.name,
                )
            )
