from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.smsru_api import SmsRuApi


class ResCompany(models.Model):
    _inherit = "res.company"

    coop_sms_provider = fields.Selection(
        [("iap", "Odoo (IAP)"), ("smsru", "SMS.ru")],
        string="SMS provider",
        default="iap",
        required=True,
        help="SMS.ru: every SMS of this company (chatter, templates, SMS marketing, scheduled "
        "actions) goes through SMS.ru's HTTP API with the key below instead of Odoo's IAP.",
    )
    coop_sms_gateway_url = fields.Char(
        string="SMS gateway URL",
        default="https://sms.ru/sms/send",
        groups="base.group_system",  # the key is sent there: who may change it may read it
        help="The address of SMS.ru's method sms/send.",
    )
    coop_sms_gateway_key = fields.Char(
        string="SMS gateway key",
        groups="base.group_system",
        copy=False,
        help="The api_id of the SMS.ru account (its personal page, section API).",
    )
    coop_sms_gateway_sender = fields.Char(
        string="SMS sender name",
        help="A sender name approved in the SMS.ru account; empty: the account's default.",
    )
    coop_sms_gateway_test = fields.Boolean(
        string="SMS gateway test mode",
        help="SMS.ru checks the SMS and answers as if sent, without delivering or billing them.",
    )

    @api.constrains("coop_sms_gateway_url")
    def _check_coop_sms_gateway_url(self):
        for company in self:
            url = company.coop_sms_gateway_url
            local = url and url.startswith(("http://127.0.0.1:", "http://localhost:"))
            if url and not (url.startswith("https://") or local):
                raise ValidationError(
                    self.env._(
                        "Company %(company)s: the SMS gateway URL %(url)s must start with https:// "
                        "(for example https://sms.ru/sms/send): the key travels with every SMS.",
                        company=company.name,
                        url=url,
                    )
                )

    def _coop_sms_api(self):
        """The API object that sends this company's SMS, or None for Odoo's IAP."""
        self.ensure_one()
        if self.coop_sms_provider == "smsru":
            return SmsRuApi(self.env, self)
        return None
