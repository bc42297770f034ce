from odoo import api, models


class PhoneBlacklist(models.Model):
    _name = "phone.blacklist"
    _inherit = ["phone.blacklist", "coop.stop.list.mixin"]
    _coop_stop_list_field = "number"
    _coop_stop_list_partner_field = "phone_sanitized"

    def _add(self, numbers, message=None):
        """The SMS unsubscribe route (``/sms/<mailing>/unsubscribe/<code>``) and a user's
        blacklisting: the people with these numbers withdraw the advertising consent."""
        records = super()._add(numbers, message=message)
        numbers = [number for number in numbers if number]
        if numbers:
            self.env["res.partner"]._coop_mailing_withdraw([("phone_sanitized", "in", numbers)])
        return records

    @api.model_create_multi
    def create(self, vals_list):
        """A number blacklisted from the Blacklist menu's form or an import: the same."""
        records = super().create(vals_list)
        records.filtered("active")._coop_withdraw()
        return records

    def write(self, vals):
        """An archived entry made active again: the same."""
        self._coop_check_stop_list_write(vals)
        reactivated = self.filtered(lambda entry: not entry.active) if vals.get("active") else None
        result = super().write(vals)
        if reactivated:
            reactivated._coop_withdraw()
        return result
