from odoo import models


class ResPartner(models.Model):
    """Officers keep notes and plan calls on their cooperative's people.

    Odoo lets a user post a message or schedule an activity on a contact only with the right to
    edit contacts (``_mail_post_access = "write"``), which the cooperative's groups do not give:
    the status, numbers and money of a person change through actions, not edits. For a set of
    records that are all people registered in the officer's own cooperatives, reading them is
    enough to post and plan (as on Odoo's portal documents); any other contact, or another
    cooperative's person, still needs the right to edit it. Nothing else is lowered: an officer
    still has no right to edit the person (nor to follow it by posting, nor to edit or delete its
    messages)."""

    _inherit = "res.partner"

    @property
    def _mail_post_access(self):
        if not self:
            # the routes that post (``/mail/message/post``, ``/mail/attachment/upload``) ask the
            # model before naming the record: "create" is answered per record, below
            return "create" if self._coop_is_officer() else "write"
        if self._coop_officer_keeps_notes():
            return "read"
        return "write"

    def _coop_is_officer(self):
        return self.env.user.has_group("coop_membership.group_officer")

    def _coop_officer_keeps_notes(self):
        if not self._coop_is_officer():
            return False
        people = self.sudo().browse(self.ids)  # the status and company, not shown to anyone
        return all(
            person.coop_state and person.company_id in self.env.companies for person in people
        )

    def _get_thread_with_access(self, thread_id, mode="read", **kwargs):
        """The mode to post, asked of the model (``_mail_post_access`` above, also asked again
        by a message's reactions), becomes reading for one of the officer's own people and
        editing for any other contact. Any other mode is Odoo's, "write" included."""
        if mode == "create":
            thread = self.browse(thread_id).exists()
            own = len(thread) == 1 and thread._coop_officer_keeps_notes()
            mode = "read" if own else "write"
        return super()._get_thread_with_access(thread_id, mode=mode, **kwargs)
