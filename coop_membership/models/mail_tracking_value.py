"""A change of a person's phone in the chatter: masked for a user who sees phones masked (a
cashier, see res_partner_phone), as the phone itself. Odoo tracks ``phone`` (mail), and the
chatter of a person, which the cashier opens, would show the old and the new whole numbers.

``mail.tracking.value`` itself is readable by administrators only (Odoo's access rights); what
others see of it is what ``_tracking_value_format`` gives the chatter
(``mail.message._to_store``, served by ``/mail/thread/messages``) and the notification e-mails.
"""

from odoo import models


class MailTrackingValue(models.Model):
    _inherit = "mail.tracking.value"

    def _tracking_value_format(self):
        formatted = super()._tracking_value_format()
        # read as superuser by the chatter: the user is who it is shown to
        People = self.env["res.partner"].with_user(self.env.user)
        fnames = People._coop_phone_fields()
        phones = self.filtered(
            lambda t: t.field_id.model == "res.partner" and t.field_id.name in fnames
        )
        if not phones or not People._coop_phones_hidden():
            return formatted
        partners = People.sudo().browse(phones.mail_message_id.mapped("res_id")).exists()
        people = {partner.id: partner for partner in partners}
        masked = {}
        for tracking in phones:
            message = tracking.mail_message_id
            partner = people.get(message.res_id) if message.model == "res.partner" else None
            if partner is None or partner.coop_state:  # a person of the cooperative, or gone
                masked[tracking.id] = partner or People.sudo()
        for values in formatted:
            partner = masked.get(values["id"])
            if partner is not None:
                for key in ("oldValue", "newValue"):
                    values[key]["value"] = partner._coop_mask_tracked_phone(values[key]["value"])
        return formatted
