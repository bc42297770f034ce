from markupsafe import Markup, escape

from odoo import models


class MailingSmsTest(models.TransientModel):
    """The Test button of an SMS mailing: through SMS.ru for a cooperative that uses it (Odoo's
    wizard calls IAP directly), through Odoo's IAP otherwise."""

    _inherit = "mailing.sms.test"

    def action_send_sms(self):
        self.ensure_one()
        api = self._coop_sms_company()._coop_sms_api()
        if api is None:
            return super().action_send_sms()
        self._coop_send_test_with_api(api)
        return True

    def _coop_sms_company(self):
        """The mailing's cooperative (coop_mailing), else the current company."""
        mailing = self.mailing_id
        if "coop_company_id" in mailing._fields and mailing.coop_company_id:
            return mailing.coop_company_id
        return self.env.company

    def _coop_test_body(self):
        """The mailing's text rendered on its first recipient record, as Odoo's wizard."""
        model = self.mailing_id.mailing_model_real
        body = self.mailing_id.body_plaintext
        record = self.env[model].search([], limit=1)
        if record:
            body = self.env["mail.render.mixin"]._render_template(body, model, record.ids)[
                record.id
            ]
        return body

    def _coop_send_test_with_api(self, api):
        numbers = [number.strip() for number in self.numbers.splitlines() if number.strip()]
        sanitized = {number: self.env.user._phone_format(number=number) for number in numbers}
        invalid = [number for number, valid in sanitized.items() if not valid]
        body = self._coop_test_body()
        sms = (
            self.env["sms.sms"]
            .sudo()
            .create([{"body": body, "number": valid} for valid in sanitized.values() if valid])
        )
        sms._coop_send_with_api(api, unlink_failed=True, unlink_sent=True, raise_exception=False)
        lines = []
        if invalid:
            lines.append(
                self.env._(
                    "The following numbers are not correctly encoded: %s", ", ".join(invalid)
                )
            )
        failure_types = dict(sms._fields["failure_type"]._description_selection(self.env))
        for one in sms:
            if one.state == "error":
                lines.append(
                    self.env._(
                        "Test SMS could not be sent to %(destination)s: %(state)s",
                        destination=one.number,
                        state=failure_types.get(one.failure_type, one.failure_type),
                    )
                )
            else:
                lines.append(self.env._("Test SMS sent through SMS.ru to %s", one.number))
        if lines:
            items = Markup("").join(Markup("<li>%s</li>") % escape(line) for line in lines)
            self.mailing_id._message_log(body=Markup("<ul>%s</ul>") % items)
