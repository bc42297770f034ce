from odoo import models, tools


class MailBlacklist(models.Model):
    _inherit = "mail.blacklist"

    def _add(self, email, message=None):
        """Every unsubscribe route of mass_mailing (the unsubscribe page, one-click unsubscribe,
        the blocklist button) and a user's blacklisting come here: the person with this address
        withdraws the advertising consent. Re-subscribing (``_remove``) gives none."""
        record = super()._add(email, message=message)
        normalized = tools.email_normalize(email)
        if normalized:
            self.env["res.partner"]._coop_mailing_withdraw([("email_normalized", "=", normalized)])
        return record
