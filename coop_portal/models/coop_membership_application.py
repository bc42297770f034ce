from odoo import models
from odoo.exceptions import UserError

from odoo.addons.coop_membership.models.coop_state_event import coop_company_env


class CoopMembershipApplication(models.Model):
    _inherit = "coop.membership.application"

    def _coop_guardian_to_confirm(self):
        """Filed on the page by a person under 18 whose guardian is named but whose consent no
        officer has confirmed yet (the person's own tick is not the guardian's consent)."""
        return self.filtered(
            lambda a: (
                not a.is_company
                and a.birthdate
                and a.company_id.coop_guardian_consent_under_18
                and a._age_on(a.date) < 18
                and a.guardian_name
                and not a.guardian_consent
            )
        )

    def _check_complete(self):
        """Filed from the page (context ``coop_guardian_to_confirm``), an application under 18
        is submitted with the guardian named and their consent still to be confirmed: all
        else is checked as the desk's is; the council cannot admit it before (action_admit)."""
        if not self.env.context.get("coop_guardian_to_confirm"):
            return super()._check_complete()
        pending = self._coop_guardian_to_confirm()
        super(CoopMembershipApplication, self - pending)._check_complete()
        for app in pending:
            # the same checks, on a copy in memory with the consent given
            virtual = app.new({"guardian_consent": True}, origin=app)
            super(CoopMembershipApplication, virtual)._check_complete()
        return True

    def action_admit(self):
        for app in self._coop_guardian_to_confirm():
            raise UserError(
                self.env._(
                    "Application %(app)s of %(person)s: the guardian's consent (%(guardian)s) "
                    "was declared on the personal page; confirm it (Confirm guardian's consent) "
                    "before admitting.",
                    app=app.name,
                    person=app.partner_id.display_name,
                    guardian=app.guardian_name,
                )
            )
        return super().action_admit()

    def action_coop_confirm_guardian_consent(self):
        """Button: an officer has received the guardian's consent of an application filed on
        the page; noted in the application's chatter."""
        self.check_access("write")
        for app in self:
            if app.state != "submitted" or not app.guardian_name:
                raise UserError(
                    self.env._(
                        "Application %(app)s: only a submitted application naming a guardian "
                        "has a consent to confirm.",
                        app=app.name,
                    )
                )
            app.write({"guardian_consent": True})
            book = coop_company_env(app, app.company_id)
            app.sudo().message_post(
                author_id=self.env.user.partner_id.id,
                body=book._(
                    "Consent of the guardian %(guardian)s confirmed by %(officer)s.",
                    guardian=app.guardian_name,
                    officer=self.env.user.name,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True
