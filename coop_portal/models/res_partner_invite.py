"""An officer invites people of their cooperative to their page: by e-mail, with Odoo's
portal invitation (its "new user" template in the person's language, with the signup link to
set a password). Refused for someone else's cooperative; not sent to a person who already has
a login, who was expelled or whose death is registered, or who has no e-mail (invitation by
SMS: to do)."""

from odoo import api, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .res_partner_access import EXITS_CLOSING_ACCESS


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _coop_invite_refusal(self):
        """Why this person cannot be invited (a text in the officer's language), or False."""
        self.ensure_one()
        if self.sudo().with_context(active_test=False).user_ids:
            return self.env._("already has a login")
        if not self.coop_state:
            return self.env._("not a registered person")
        if self.coop_exit_kind in EXITS_CLOSING_ACCESS:
            return self.env._("expelled or deceased")
        if not self.email:
            return self.env._("no e-mail")
        return False

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
        """Invite these people by e-mail; returns the counts (invited, and not invited by
        reason)."""
        self._coop_check_invite_access()
        refusals = {partner: partner._coop_invite_refusal() for partner in self}
        invited = self.filtered(lambda p: not refusals[p])
        for partner in invited:
            refusals[partner] = partner._coop_invite_one()
        invited = invited.filtered(lambda p: not refusals[p])
        not_invited = {}
        for reason in filter(None, refusals.values()):
            not_invited[reason] = not_invited.get(reason, 0) + 1
        return {"by_email": len(invited), "not_invited": not_invited}

    def _coop_invite_one(self):
        """Invite this person (access checked by the caller); False when done, else why not:
        one person's failure (an invalid e-mail, a login taken) undoes their invitation only."""
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

    def action_coop_invite_portal_notify(self):
        """The form's button: invite, and say what was done."""
        result = self.action_coop_invite_portal()
        reasons = "; ".join(f"{reason}: {count}" for reason, count in result["not_invited"].items())
        message = self.env._("Invited by e-mail: %(count)s.", count=result["by_email"])
        if reasons:
            message += " " + self.env._("Not invited: %(reasons)s.", reasons=reasons)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"message": message, "type": "success" if result["by_email"] else "warning"},
        }

    @api.model
    def _coop_invite_counts(self, partners):
        """What inviting ``partners`` would do, without doing it."""
        refusals = [partner._coop_invite_refusal() for partner in partners]
        not_invited = {}
        for reason in filter(None, refusals):
            not_invited[reason] = not_invited.get(reason, 0) + 1
        return {"by_email": refusals.count(False), "not_invited": not_invited}
