from odoo.http import request

from odoo.addons.mass_mailing.controllers.main import MassMailController
from odoo.addons.mass_mailing_sms.controllers.main import MailingSMSController

# the mailing an unsubscribe comes from: the consent is withdrawn only for the people of its
# cooperative it reached (res.partner._coop_mailing_withdraw)
MAILING_KEY = "coop_unsubscribe_mailing_id"


class CoopMassMailController(MassMailController):
    def _check_mailing_email_token(
        self, mailing_id, document_id, email, hash_token, required_mailing_id=False
    ):
        """Every e-mail unsubscribe route checks its link here first (the unsubscribe page, the
        one-click unsubscribe, the blocklist and list buttons of the page)."""
        mailing_sudo = super()._check_mailing_email_token(
            mailing_id, document_id, email, hash_token, required_mailing_id=required_mailing_id
        )
        if mailing_sudo:
            request.update_context(**{MAILING_KEY: mailing_sudo.id})
            mailing_sudo = mailing_sudo.with_context(**{MAILING_KEY: mailing_sudo.id})
        return mailing_sudo


class CoopMailingSMSController(MailingSMSController):
    def _check_trace(self, mailing_id, trace_code):
        """The SMS unsubscribe route checks the code of the SMS here first."""
        result = super()._check_trace(mailing_id, trace_code)
        trace = result.get("trace")
        if trace:
            request.update_context(**{MAILING_KEY: trace.mass_mailing_id.id})
            result["trace"] = trace.with_context(**{MAILING_KEY: trace.mass_mailing_id.id})
        return result
