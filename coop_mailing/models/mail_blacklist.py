from odoo import api, models, tools
from odoo.exceptions import AccessError


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

    def _coop_withdraw(self):
        """A user's blacklisting withdraws the consent of the people of the user's own
        cooperatives only (an unsubscribe route, as superuser, of whoever has the address)."""
        emails = [entry.email for entry in self if entry.email]
        if emails:
            domain = [("email_normalized", "in", emails)]
            if not self.env.su:
                domain.append(("company_id", "in", self.env.companies.ids))
            self.env["res.partner"]._coop_mailing_withdraw(domain)

    def _coop_check_stop_list_write(self, vals):
        """Staff add to the stop list, they do not take anyone off it nor change the address:
        that would silently allow sending again. The person does it on their unsubscribe page
        (as superuser), else the system administrator."""
        if self.env.su or self.env.user._is_system() or not self:
            return
        if "email" in vals or ("active" in vals and not vals["active"]):
            raise AccessError(
                self.env._(
                    "%(entry)s stays on the stop list as it is: only the person, on the "
                    "unsubscribe page of a message they received, or the system administrator "
                    "may take it off or change it.",
                    entry=self[:1].email,
                )
            )
