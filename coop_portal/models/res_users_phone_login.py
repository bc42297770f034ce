"""A person registered by phone only logs in with their phone: the login is kept in one form
(E.164, +79001234567) and any usual form of the same number typed at the login page
(8 900 123-45-67, +7 (900) 123-45-67, 9001234567) finds it. A login that does not look like a
phone (an e-mail, a name) is left as typed. Two users never share one number: the second is
refused at creation, so a number typed at the login page finds one user at most."""

import logging
import re

from odoo import api, models
from odoo.exceptions import ValidationError

_logger = logging.getLogger(__name__)

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

    @api.model
    def reset_password(self, login):
        """A phone typed at the "reset password" page gets one answer, whoever it is (no
        name, no "no account", no "no e-mail"): which phones are members' is not told."""
        if not self._coop_login_phone(login):
            return super().reset_password(login)
        try:
            with self.env.cr.savepoint():
                super().reset_password(login)
        except Exception as error:
            _logger.info("Password reset for a phone login not sent: %s", error)
        return True

    def _coop_check_phone_login(self):
        """A login in phone form is the phone of the user's own contact: nobody takes a
        member's phone as their login (one neutral message, whose phone it is not told)."""
        for user in self.sudo():
            phone = user._coop_login_phone(user.login)
            if phone and phone != user.partner_id.coop_phone_normalized:
                raise user._coop_phone_login_error(user.login)

    def _coop_phone_login_error(self, login):
        return ValidationError(
            self.env._(
                "The login %(login)s looks like a phone, and a phone login must be the phone of "
                "the user's own contact. Give this user an e-mail login, or record this phone "
                "on their contact first.",
                login=login,
            )
        )

    def _coop_own_phones(self, values):
        """The phones (E.164) of the contacts these ``values`` give the users: the contact
        named, else the users' own (a write), else the phone in ``values`` (a new contact)."""
        Partner = self.env["res.partner"].sudo()
        if values.get("partner_id"):
            return set(Partner.browse(values["partner_id"]).mapped("coop_phone_normalized"))
        if self:
            return set(self.sudo().mapped("partner_id.coop_phone_normalized"))
        return {Partner._coop_normalize_phone(values.get("phone") or "", raise_exception=False)}

    def _coop_login_values(self, values):
        """``values`` with a phone login in E.164; refused when another user has it."""
        phone = self._coop_login_phone(values.get("login"))
        if not phone:
            return values
        if self._coop_own_phones(values) != {phone}:
            # before telling whether the phone is taken: that would tell whose it is
            raise self._coop_phone_login_error(values["login"])
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
        users = super().create(vals_list)
        users._coop_check_phone_login()
        return users

    def write(self, vals):
        if "login" in vals:
            vals = self._coop_login_values(vals)
        result = super().write(vals)
        if "login" in vals or "partner_id" in vals:
            self._coop_check_phone_login()
        return result

    @api.model
    def _coop_normalize_phone_logins(self):
        """Logins stored before in another form of their contact's phone (8 900 123-45-67)
        rewritten in E.164, run at each update of the addon (data/..._data.xml); a login
        that is not its contact's phone, or whose E.164 form is another user's login, is
        left as it is, and logged."""
        Users = self.sudo().with_context(active_test=False)
        for user in Users.search([("login", "not like", "@")]):
            phone = user._coop_login_phone(user.login)
            if not phone or phone == user.login:
                continue
            if phone != user.partner_id.coop_phone_normalized or Users.search_count(
                [("login", "=", phone)]
            ):
                _logger.warning(
                    "Phone login of user %s not normalised: not theirs or taken", user.id
                )
                continue
            user.write({"login": phone})


class ResPartner(models.Model):
    _inherit = "res.partner"

    def write(self, vals):
        """A portal user logging in with their contact's phone follows a change of that phone: the
        login becomes the new number, and is refused when the number is another user's
        login, or when the phone is removed (give the user an e-mail login first)."""
        if not {"phone", "mobile", "country_id"} & set(vals):
            return super().write(vals)
        phone_users = {partner: partner._coop_phone_login_users() for partner in self.sudo()}
        result = super().write(vals)
        for partner, users in phone_users.items():
            if users and partner.coop_phone_normalized != users[0].login:
                partner._coop_follow_phone_login(users)
        return result

    def _coop_phone_login_users(self):
        """The portal users of this contact whose login is the contact's phone: a staff
        member's login is theirs to change, not whoever edits their contact's phone."""
        phone = self.coop_phone_normalized
        users = self.with_context(active_test=False).user_ids
        return users.filtered(lambda u: phone and u.share and u.login == phone)

    def _coop_follow_phone_login(self, users):
        phone = self.coop_phone_normalized
        if not phone:
            raise ValidationError(
                self.env._(
                    "%(person)s logs in with the phone %(login)s: give their user an e-mail "
                    "login before removing or changing this phone to an invalid number.",
                    person=self.display_name,
                    login=self._coop_mask_phone(users[0].login),
                )
            )
        users.write({"login": phone})
