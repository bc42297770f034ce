from odoo import api, models

from odoo.addons.coop_membership.models.coop_state_event import coop_company_env

# A member expelled by the general meeting, or a person whose death is registered, keeps no
# login to the page; a member leaving by their own wish keeps it: the page shows them their
# share refund until it is paid, and a former member may apply again from it.
EXITS_CLOSING_ACCESS = ("expulsion", "death")


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _coop_set_state(self, new_state, reason, document=None, date=None):
        res = super()._coop_set_state(new_state, reason, document=document, date=date)
        if new_state in ("leaving", "former"):
            self.filtered(
                lambda p: p.coop_exit_kind in EXITS_CLOSING_ACCESS
            )._coop_portal_close_access()
        return res

    def _coop_portal_close_access(self):
        """Deactivate the portal users (share users only, never an employee's) of these
        people, noting it in their chatter. Called by the lifecycle after its own checks of
        the officer recording the exit: the users are changed as the system."""
        for partner in self:
            users = partner.sudo().user_ids.filtered(lambda u: u.share and u.active)
            if not users:
                continue
            users.write({"active": False})
            book = coop_company_env(partner, partner.company_id or self.env.company)
            partner.sudo().message_post(
                body=book._(
                    "Access to the personal page closed (login %(logins)s): %(exit)s.",
                    logins=", ".join(users.mapped("login")),
                    exit=dict(partner._fields["coop_exit_kind"]._description_selection(book))[
                        partner.coop_exit_kind
                    ],
                ),
                subtype_xmlid="mail.mt_note",
            )

    # ------------------------------------------------------------------ a phone claimed

    @api.model
    def coop_register_shopper(self, values):
        """The till finds an existing contact by the phone given. A login's contact that is
        no registered person yet holds a number its user typed on their page, never checked:
        it must not make the person present at the till (whose number it is) that login's,
        who would then see their cashback. Such a number is taken off the login's contact
        (noted in its chatter) and the till registers a person of their own; the login is
        linked to that person at the desk, where identity is checked."""
        phone = isinstance(values, dict) and values.get("phone")
        if isinstance(phone, str) and self.env.user.has_group("coop_membership.group_cashier"):
            self._coop_portal_release_phone(phone)
        return super().coop_register_shopper(values)

    def _coop_portal_release_phone(self, phone):
        company = self.env.company
        normalized = self._coop_normalize_phone(phone, company, raise_exception=False)
        if not normalized:
            return
        # as the system after the Cashier group's check: the contacts are the portal's
        claims = self.sudo().search(
            [
                ("coop_phone_normalized", "=", normalized),
                ("company_id", "=", company.id),
                ("coop_state", "=", False),
                ("user_ids.share", "=", True),
            ]
        )
        for contact in claims:
            contact.write({"phone": False, "mobile": False})
            book = coop_company_env(contact, company)
            contact.message_post(
                body=book._(
                    "The phone %(phone)s given on the personal page was registered at the "
                    "till as a person of its own; it was taken off this login's contact. To "
                    "link the login to a registered person, ask at the desk.",
                    phone=contact._coop_mask_phone(normalized),
                ),
                subtype_xmlid="mail.mt_note",
            )
