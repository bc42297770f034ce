from odoo import api, models, tools


class MailBlacklist(models.Model):
    _name = "mail.blacklist"
    _inherit = ["mail.blacklist", "coop.stop.list.mixin"]
    _coop_stop_list_field = "email"
    _coop_stop_list_partner_field = "email_normalized"

    def _add(self, email, message=None):
        """Every unsubscribe route of mass_mailing (the unsubscribe page, one-click unsubscribe,
        the blocklist button) and a user's blacklisting come here: the person with this address
        withdraws the advertising consent. Re-subscribing (``_remove``) gives none."""
        record = super()._add(email, message=message)
        normalized = tools.email_normalize(email)
        if normalized:
            self.env["res.partner"]._coop_mailing_withdraw([("email_normalized", "=", normalized)])
        return record

    @api.model_create_multi
    def create(self, vals_list):
        """An address blacklisted from the Blacklist menu's form or an import: the same."""
        records = super().create(vals_list)
        records.filtered("active")._coop_withdraw()
        return records

    def write(self, vals):
        """An archived entry made active again: the same (a withdrawal once: only people whose
        consent is still given get one)."""
        self._coop_check_stop_list_write(vals)
        reactivated = self.filtered(lambda entry: not entry.active) if vals.get("active") else None
        result = super().write(vals)
        if reactivated:
            reactivated._coop_withdraw()
        return result
