from odoo import api, models
from odoo.exceptions import AccessError


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

    def _coop_withdraw(self):
        """A user's blacklisting withdraws the consent of the people of the user's own
        cooperatives only (an unsubscribe route, as superuser, of whoever has the address)."""
        numbers = [entry.number for entry in self if entry.number]
        if numbers:
            domain = [("phone_sanitized", "in", numbers)]
            if not self.env.su:
                domain.append(("company_id", "in", self.env.companies.ids))
            self.env["res.partner"]._coop_mailing_withdraw(domain)

    def _coop_check_stop_list_write(self, vals):
        """Staff add to the stop list, they do not take anyone off it nor change the number:
        that would silently allow sending again. The person does it on their unsubscribe page
        (as superuser), else the system administrator."""
        if self.env.su or self.env.user._is_system() or not self:
            return
        if "number" in vals or ("active" in vals and not vals["active"]):
            raise AccessError(
                self.env._(
                    "%(entry)s stays on the stop list as it is: only the person, on the "
                    "unsubscribe page of a message they received, or the system administrator "
                    "may take it off or change it.",
                    entry=self[:1].number,
                )
            )
