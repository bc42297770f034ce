from odoo import models


class ResPartner(models.Model):
    """Officers keep notes and plan calls on their cooperative's people.

    Odoo lets a user post a message or schedule an activity on a contact only with the right to
    edit contacts (``_mail_post_access = "write"``), which the cooperative's groups do not give:
    the status, numbers and money of a person change through actions, not edits. For a set of
    records that are all people registered in the officer's own cooperatives, reading them is
    enough (as on Odoo's portal documents); any other contact, or another cooperative's person,
    still needs the right to edit it."""

    _inherit = "res.partner"

    @property
    def _mail_post_access(self):
        if self and self._coop_officer_keeps_notes():
            return "read"
        return "write"

    def _coop_officer_keeps_notes(self):
        user = self.env.user
        if not user.has_group("coop_membership.group_officer"):
            return False
        people = self.sudo().browse(self.ids)  # the status and company, not shown to anyone
        return all(
            person.coop_state and person.company_id in self.env.companies for person in people
        )

    def _get_thread_with_access(self, thread_id, mode="read", **kwargs):
        """Odoo's web client posts a note through ``/mail/message/post``, which asks for the
        mode of the empty model ("write"): for one of the officer's own people, reading is
        enough, as ``_mail_post_access`` says for them."""
        if mode == "write":
            thread = self.browse(thread_id).exists()
            if len(thread) == 1 and thread._coop_officer_keeps_notes():
                mode = "read"
        return super()._get_thread_with_access(thread_id, mode=mode, **kwargs)
