from odoo import models


class MailComposeMessage(models.TransientModel):
    _inherit = "mail.compose.message"

    def _process_mail_values_state(self, mail_values_dict):
        """A mass e-mail that is a mailing (sent by a mailing, or by the composer with a mailing
        name, e.g. *Send email* on selected contacts): the e-mails of the records its consent
        condition does not allow are cancelled as opted out, never sent."""
        mail_values_dict = super()._process_mail_values_state(mail_values_dict)
        mailing = self.mass_mailing_id
        if (
            self.composition_mode != "mass_mail"
            or not mailing
            or self.model != mailing.mailing_model_real
        ):
            return mail_values_dict
        allowed = set(mailing._coop_allowed_ids(list(mail_values_dict)))
        for res_id, mail_values in mail_values_dict.items():
            if res_id not in allowed:
                mail_values.update(
                    state="cancel", failure_type="mail_optout", is_notification=False
                )
        return mail_values_dict
