from odoo import models
from odoo.exceptions import AccessError


class CoopStopListMixin(models.AbstractModel):
    """What the e-mail and the SMS stop lists (mail.blacklist, phone.blacklist) do alike: an entry
    withdraws the advertising consent of the people it names, and staff may not undo it. A stop
    list names its entry's field and the person's field it matches."""

    _name = "coop.stop.list.mixin"
    _description = "Stop list: consent withdrawal and write guard"

    _coop_stop_list_field = None  # the entry's address: "email", "number"
    _coop_stop_list_partner_field = None  # the same, normalized, on res.partner

    def _coop_withdraw(self):
        """A user's blacklisting withdraws the consent of the people of the user's own
        cooperatives only (an unsubscribe route, as superuser, of whoever has the address)."""
        addresses = [entry[self._coop_stop_list_field] for entry in self]
        addresses = [address for address in addresses if address]
        if addresses:
            domain = [(self._coop_stop_list_partner_field, "in", addresses)]
            if not self.env.su:
                domain.append(("company_id", "in", self.env.companies.ids))
            self.env["res.partner"]._coop_mailing_withdraw(domain)

    def _coop_check_stop_list_write(self, vals):
        """Staff add to the stop list, they do not take anyone off it nor change the address or
        number: that would silently allow sending again. The person does it on their unsubscribe
        page (as superuser), else the system administrator."""
        if self.env.su or self.env.user._is_system() or not self:
            return
        if self._coop_stop_list_field in vals or ("active" in vals and not vals["active"]):
            raise AccessError(
                self.env._(
                    "%(entry)s stays on the stop list as it is: only the person, on the "
                    "unsubscribe page of a message they received, or the system administrator "
                    "may take it off or change it.",
                    entry=self[:1][self._coop_stop_list_field],
                )
            )
