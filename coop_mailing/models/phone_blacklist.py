from odoo import models


class PhoneBlacklist(models.Model):
    _inherit = "phone.blacklist"

    def _add(self, numbers, message=None):
        """The SMS unsubscribe route (``/sms/<mailing>/unsubscribe/<code>``) and a user's
        blacklisting: the people with these numbers withdraw the advertising consent."""
        records = super()._add(numbers, message=message)
        numbers = [number for number in numbers if number]
        if numbers:
            self.env["res.partner"]._coop_mailing_withdraw([("phone_sanitized", "in", numbers)])
        return records
