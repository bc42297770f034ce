"""An officer invites people of their cooperative to their page, from a person's form or from
the people list (the selected people, or every person of a filtered list): by e-mail when the
person has one, with Odoo's portal invitation (its "new user" template in the person's
language, with the signup link to set a password); else by SMS when they have a valid mobile
phone: their login is that phone (E.164, see res_users_phone_login.py), and the SMS, in the
person's language, gives the cooperative's name and the signup link. Refused for someone
else's cooperative; not sent to a person who already has a login, who was expelled or whose
death is registered, or who has neither an e-mail nor a mobile phone; no SMS to a mobile on
Odoo's SMS stop list (phone.blacklist): counted as "on the SMS stop list". One savepoint per
person: one failure undoes that person's invitation only."""

import phonenumbers

from odoo import api, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.auth_signup.models.res_users import SignupError

from .res_partner_access import EXITS_CLOSING_ACCESS

MOBILE_TYPES = (
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
)


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _coop_invite_mobile(self):
        """The person's phone (E.164) when it is a valid mobile number an SMS reaches, else
        False."""
        self.ensure_one()
        number = self.sudo().coop_phone_normalized
        if not number:
            return False
        try:
            parsed = phonenumbers.parse(number)
        except phonenumbers.NumberParseException:
            return False
        valid = phonenumbers.is_valid_number(parsed)
        return number if valid and phonenumbers.number_type(parsed) in MOBILE_TYPES else False

    def _coop_invite_channel(self):
        """ "email" or "sms": how this person is invited (when not refused)."""
        self.ensure_one()
        return "email" if self.email else "sms"

    def _coop_invite_refusal(self):
        """Why this person cannot be invited (a text in the officer's language), or False."""
        self.ensure_one()
        if self.sudo().with_context(active_test=False).user_ids:
            return self.env._("already has a login")
        if not self.coop_state:
            return self.env._("not a registered person")
        if self.coop_exit_kind in EXITS_CLOSING_ACCESS:
            return self.env._("expelled or deceased")
        if not self.email and not self._coop_invite_mobile():
            return self.env._("no e-mail and no valid mobile phone")
        if not self.email and self._coop_invite_on_stop_list():
            return self.env._("on the SMS stop list")
        return False

    def _coop_invite_on_stop_list(self):
        """Whether the person's mobile is on Odoo's SMS stop list (an active phone.blacklist
        number: they unsubscribed from SMS), so no SMS is sent to it."""
        self.ensure_one()
        number = self._coop_invite_mobile()
        stop_list = self.env["phone.blacklist"].sudo()
        return bool(number) and bool(stop_list.search_count([("number", "=", number)], limit=1))

    def _coop_check_invite_access(self):
        if not self.env.user.has_group("coop_membership.group_officer"):
            raise AccessError(self.env._("Only an officer invites people to their page."))
        self.check_access("read")
        foreign = self.filtered(lambda p: p.company_id not in self.env.user.company_ids)
        if foreign:
            raise AccessError(
                self.env._(
                    "%(names)s: people of another cooperative; invite only people of yours.",
                    names=", ".join(foreign.mapped("display_name")),
                )
            )

    def action_coop_invite_portal(self):
        """Invite these people, each by e-mail or SMS; returns the counts (invited by e-mail,
        by SMS, and not invited by reason)."""
        self._coop_check_invite_access()
        refusals = {partner: partner._coop_invite_refusal() for partner in self}
        invited = self.filtered(lambda p: not refusals[p])
        messages = self.env["sms.sms"].sudo()
        for partner in invited:
            if partner._coop_invite_channel() == "email":
                refusals[partner] = partner._coop_invite_one()
            else:
                refusals[partner], sms = partner._coop_invite_one_by_sms()
                messages |= sms
        # sent once every person is done: a failed SMS stays in Odoo's SMS list, in error
        messages.send(unlink_failed=False, raise_exception=False)
        invited = invited.filtered(lambda p: not refusals[p])
        by_sms = invited.filtered(lambda p: p._coop_invite_channel() == "sms")
        return {
            "by_email": len(invited - by_sms),
            "by_sms": len(by_sms),
            "not_invited": self._coop_invite_reasons(refusals.values()),
        }

    @api.model
    def _coop_invite_reasons(self, refusals):
        not_invited = {}
        for reason in filter(None, refusals):
            not_invited[reason] = not_invited.get(reason, 0) + 1
        return not_invited

    def _coop_invite_one(self):
        """Invite this person by e-mail (access checked by the caller); False when done, else
        why not: one person's failure (an invalid e-mail, a login taken) undoes their
        invitation only."""
        company = self.company_id or self.env.company
        try:
            with self.env.cr.savepoint():
                wizard = (
                    self.env["portal.wizard"]
                    .sudo()
                    .with_company(company)
                    .with_context(active_ids=self.ids)
                    .create({})
                )
                wizard.user_ids.action_grant_access()
        except (UserError, ValidationError) as error:
            return self.env._("could not be invited: %(error)s", error=error.args[0])
        return False

    def _coop_invite_one_by_sms(self):
        """Invite this person by SMS (access checked by the caller): a portal user whose
        login is their mobile phone, and the SMS with the signup link, to be sent. Returns
        (False, the sms.sms) when done, else (why not, no SMS)."""
        try:
            with self.env.cr.savepoint():
                self._coop_invite_create_phone_user()
                sms = (
                    self.env["sms.sms"]
                    .sudo()
                    .create(
                        {
                            "partner_id": self.id,
                            "number": self._coop_invite_mobile(),
                            "body": self._coop_invite_sms_body(),
                        }
                    )
                )
        except (UserError, ValidationError, SignupError) as error:
            reason = self.env._("could not be invited: %(error)s", error=error.args[0])
            return reason, self.env["sms.sms"].sudo()
        return False, sms

    def _coop_invite_create_phone_user(self):
        """A portal user of the person's cooperative, logging in with their mobile phone, as
        Odoo's portal invitation creates one (from the portal user template), ready to sign
        up."""
        company = self.company_id or self.env.company
        Users = self.env["res.users"].sudo().with_company(company)
        user = Users.with_context(no_reset_password=True)._create_user_from_template(
            {
                "login": self._coop_invite_mobile(),
                "partner_id": self.id,
                "company_id": company.id,
                "company_ids": [(6, 0, company.ids)],
            }
        )
        portal, public = self.env.ref("base.group_portal"), self.env.ref("base.group_public")
        user.write({"active": True, "groups_id": [(4, portal.id), (3, public.id)]})
        self.sudo().signup_prepare()
        return user

    def _coop_invite_sms_body(self):
        """The SMS, in the person's language (else the cooperative's): the cooperative's name
        and the full signup link (on web.base.url), leading to the person's page."""
        company = self.company_id or self.env.company
        lang = self.lang or company.sudo().partner_id.lang
        person = self.sudo().with_context(lang=lang)
        url = person._get_signup_url_for_action(url="/my/coop")[self.id]
        return person.env._(
            "%(coop)s: your personal page. Set your password: %(url)s",
            coop=company.sudo().name,
            url=url,
        )

    def action_coop_invite_portal_notify(self):
        """The form's button and the people list's action: invite, and say what was done."""
        result = self.action_coop_invite_portal()
        reasons = "; ".join(f"{reason}: {count}" for reason, count in result["not_invited"].items())
        message = self.env._(
            "Invited by e-mail: %(email)s, by SMS: %(sms)s.",
            email=result["by_email"],
            sms=result["by_sms"],
        )
        if reasons:
            message += " " + self.env._("Not invited: %(reasons)s.", reasons=reasons)
        invited = result["by_email"] + result["by_sms"]
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"message": message, "type": "success" if invited else "warning"},
        }

    @api.model
    def _coop_invite_counts(self, partners):
        """What inviting ``partners`` would do, without doing it."""
        refusals = {partner: partner._coop_invite_refusal() for partner in partners}
        invited = partners.filtered(lambda p: not refusals[p])
        by_sms = invited.filtered(lambda p: p._coop_invite_channel() == "sms")
        return {
            "by_email": len(invited - by_sms),
            "by_sms": len(by_sms),
            "not_invited": self._coop_invite_reasons(refusals.values()),
        }
