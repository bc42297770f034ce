"""A person registered by phone only logs in with their phone: the login is kept in one form
(E.164, +79001234567) and any usual form of the same number typed at the login page
(8 900 123-45-67, +7 (900) 123-45-67, 9001234567) finds it. A login that does not look like a
phone (an e-mail, a name) is left as typed. Two users never share one number: the second is
refused at creation, so a number typed at the login page finds one user at most."""

import re

from odoo import api, models
from odoo.exceptions import ValidationError

# digits with the usual separators, an optional leading "+": what a phone typed looks like
PHONE_LIKE = re.compile(r"^\+?[\d\s().\-]+$")


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def _coop_login_phone(self, login):
        """``login`` in E.164 when it looks like a phone (10 to 15 digits, no letters, no
        "@"), else False."""
        if not isinstance(login, str) or not PHONE_LIKE.match(login.strip()):
            return False
        if not 10 <= sum(char.isdigit() for char in login) <= 15:
            return False
        partner = self.env["res.partner"]
        return partner._coop_normalize_phone(login, raise_exception=False) or False

    @api.model
    def _get_login_domain(self, login):
        phone = self._coop_login_phone(login)
        if phone and phone != login:
            # the login kept in E.164 (see _coop_login_values); an older login typed as
            # such is still found as typed, when no login has the normal form
            if self.sudo().with_context(active_test=False).search_count([("login", "=", phone)]):
                return [("login", "=", phone)]
        return super()._get_login_domain(login)

    def _coop_login_values(self, values):
        """``values`` with a phone login in E.164; refused when another user has it."""
        phone = self._coop_login_phone(values.get("login"))
        if not phone:
            return values
        others = (
            self.sudo()
            .with_context(active_test=False)
            .search([("login", "=", phone), ("id", "not in", self.ids)], limit=1)
        )
        if others:
            raise ValidationError(
                self.env._(
                    "The login %(login)s is the phone %(phone)s, which is already the login of "
                    "another user: one phone gives one login. Give this user another login "
                    "(an e-mail).",
                    login=values["login"],
                    phone=self.env["res.partner"]._coop_mask_phone(phone),
                )
            )
        return dict(values, login=phone)

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self._coop_login_values(values) for values in vals_list]
        return super().create(vals_list)

    def write(self, vals):
        if "login" in vals:
            vals = self._coop_login_values(vals)
        return super().write(vals)
