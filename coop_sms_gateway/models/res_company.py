import secrets

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

    coop_sms_callback_token = fields.Char(
        string="SMS delivery report token",
        groups="base.group_system",
        copy=False,
        help="The secret part of the callback URL SMS.ru posts delivery reports to.",
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

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        companies._coop_sms_ensure_callback_token()
        return companies

    def write(self, vals):
        result = super().write(vals)
        if vals.get("coop_sms_provider") == "smsru":
            # however the provider is chosen (settings, turnkey, RPC): reports have a URL
            self._coop_sms_ensure_callback_token()
        return result

    def _coop_sms_ensure_callback_token(self):
        """Give each company that sends through SMS.ru its own secret callback token."""
        for company in self.sudo():
            if company.coop_sms_provider == "smsru" and not company.coop_sms_callback_token:
                company.coop_sms_callback_token = secrets.token_urlsafe(24)

    def _coop_sms_callback_url(self):
        """The URL to copy into SMS.ru (its personal page, API, callback), or False."""
        self.ensure_one()
        token = self.sudo().coop_sms_callback_token
        if self.coop_sms_provider != "smsru" or not token:
            return False
        return f"{self.get_base_url()}/coop_sms_gateway/smsru/{token}"

    @api.model
    def _coop_sms_company_by_callback_token(self, token):
        """The company using SMS.ru whose callback token this is (an empty one for none)."""
        if not token or len(token) < 24:
            return self.browse()
        return self.sudo().search(
            [("coop_sms_provider", "=", "smsru"), ("coop_sms_callback_token", "=", token)],
            limit=1,
        )
