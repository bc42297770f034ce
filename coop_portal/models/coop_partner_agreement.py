from odoo import fields, models

from odoo.addons.coop_membership.models.coop_format import coop_money, coop_percent


class CoopPartnerAgreement(models.Model):
    _inherit = "coop.partner.agreement"

    def _coop_portal_list(self, person):
        """The partner businesses where ``person`` earns cashback today, with the rate:
        ``[(name, rate text)]``. Reads, as the system, only the agreements of the person's
        cooperative and only their name and rate (the caller fixed the person)."""
        company = person.company_id or self.env.company
        today = fields.Date.context_today(person)
        agreements = self.sudo().search([("company_id", "=", company.id)])
        return [
            (agreement.name, agreement._coop_portal_rate(person, today))
            for agreement in agreements.filtered(lambda a: a._coop_valid_on(today))
        ]

    def _coop_portal_rate(self, person, today):
        """The rate a purchase at this business earns ``person`` today, as the import applies
        it: the agreement's percentage, or the cooperative's most specific rule for partner
        businesses (with its minimum purchase)."""
        self.ensure_one()
        env = person.env
        if self.cashback_mode == "percent":
            return f"{coop_percent(env, self.cashback_percent)} %"
        rules = self._coop_partner_rules()
        self._coop_cashback_for(person, 0.0, today, rules)  # ranks the rules for the person
        ranked = rules["ranked"].get((person.coop_state, today))
        if not ranked:
            return env._("no cashback")
        minimum, amount_type, percent, fixed, _cap = ranked[0]
        currency = self.company_id.currency_id
        rate = (
            f"{coop_percent(env, percent)} %"
            if amount_type == "percent"
            else coop_money(env, fixed, currency)
        )
        if minimum:
            rate = env._(
                "%(rate)s on purchases from %(minimum)s",
                rate=rate,
                minimum=coop_money(env, minimum, currency),
            )
        return rate
