from odoo import api, models


class MailingSubscription(models.Model):
    _inherit = "mailing.subscription"

    @api.model_create_multi
    def create(self, vals_list):
        subscriptions = super().create(vals_list)
        subscriptions.filtered("opt_out")._coop_withdraw_consent()
        return subscriptions

    def write(self, vals):
        res = super().write(vals)
        if vals.get("opt_out"):
            self._coop_withdraw_consent()
        return res

    def _coop_withdraw_consent(self):
        """Leaving a mailing list (its unsubscribe page, the SMS opt-out) is an unsubscribe: the
        people of the list's cooperative with the contact's address or mobile withdraw the
        advertising consent (a list without a cooperative: whoever has them)."""
        Partner = self.env["res.partner"]
        for company, subscriptions in self.grouped(lambda sub: sub.list_id.company_id).items():
            scope = [("company_id", "=", company.id)] if company else []
            emails = [e for e in subscriptions.contact_id.mapped("email_normalized") if e]
            phones = [p for p in subscriptions.contact_id.mapped("phone_sanitized") if p]
            if emails:
                Partner._coop_mailing_withdraw([("email_normalized", "in", emails), *scope])
            if phones:
                Partner._coop_mailing_withdraw([("phone_sanitized", "in", phones), *scope])
