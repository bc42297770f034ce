from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import split_every

from ..tools.smsru_api import SMSRU_DELIVERY_TO_STATE, SMSRU_FINAL_CODES

POLL_HOURS_PARAM = "coop_sms_gateway.status_poll_hours"
POLL_HOURS_DEFAULT = 48


class SmsTracker(models.Model):
    """The tracker of an SMS sent through SMS.ru keeps SMS.ru's message id: Odoo deletes a
    sent sms.sms, its tracker (and the notification or mailing trace it updates) stays."""

    _inherit = "sms.tracker"

    coop_smsru_id = fields.Char(string="SMS.ru message id", index="btree_not_null", copy=False)
    coop_smsru_company_id = fields.Many2one(
        "res.company", string="Sent through SMS.ru of", index="btree_not_null"
    )
    coop_smsru_sent_at = fields.Datetime(string="Sent through SMS.ru at")
    coop_smsru_status = fields.Integer(
        string="SMS.ru status code",
        help="The last delivery status SMS.ru gave: 100-102 on its way, 103 delivered, 104-108 "
        "and 150 not delivered.",
    )

    @api.model
    def _coop_smsru_apply_reports(self, company, codes_by_id):
        """Apply SMS.ru's delivery codes ({sms_id: code}) to the trackers of the SMS
        ``company`` sent; ids of other companies or unknown ids are ignored. Returns the
        trackers updated."""
        trackers = self.search(
            [
                ("coop_smsru_company_id", "=", company.id),
                ("coop_smsru_id", "in", list(codes_by_id)),
            ]
        )
        updated = self.browse()
        by_code = trackers.grouped(lambda tracker: codes_by_id[tracker.coop_smsru_id])
        for code, code_trackers in by_code.items():
            updated |= code_trackers._coop_smsru_update(code)
        return updated

    def _coop_smsru_update(self, code):
        """Move these trackers to SMS.ru's ``code``, forward only: a final status (delivered or
        not) is never changed, a status on the way never goes back; unknown codes are
        ignored. The notification or mailing trace follows, as with Odoo's IAP reports."""
        state = SMSRU_DELIVERY_TO_STATE.get(code)
        trackers = self.filtered(
            lambda t: (
                state
                and t.coop_smsru_status not in SMSRU_FINAL_CODES
                and (code in SMSRU_FINAL_CODES or code > t.coop_smsru_status)
            )
        )
        if not trackers:
            return trackers
        trackers.coop_smsru_status = code
        if code not in SMSRU_FINAL_CODES:
            return trackers  # still on its way: Odoo's state stays "Sent"
        if sms_state := self.env["sms.sms"].IAP_TO_SMS_STATE_SUCCESS.get(state):
            trackers._action_update_from_sms_state(sms_state)
        else:
            trackers._action_update_from_provider_error(state)
        sms = self.env["sms.sms"].search(
            [("uuid", "in", trackers.mapped("sms_uuid")), ("to_delete", "=", False)]
        )
        sms.to_delete = True  # as Odoo's /sms/status: a reported SMS is done with
        return trackers

    @api.model
    def _coop_smsru_poll_statuses(self):
        """Scheduled action: ask SMS.ru, in batches of 100 ids, for the delivery status of the
        SMS each company sent through it in the last hours (system parameter
        coop_sms_gateway.status_poll_hours, 48 by default) that have no final status yet."""
        hours = int(
            self.env["ir.config_parameter"].sudo().get_param(POLL_HOURS_PARAM, POLL_HOURS_DEFAULT)
        )
        since = fields.Datetime.now() - timedelta(hours=hours)
        companies = self.env["res.company"].sudo().search([("coop_sms_provider", "=", "smsru")])
        for company in companies:
            trackers = self.search(
                [
                    ("coop_smsru_company_id", "=", company.id),
                    ("coop_smsru_id", "!=", False),
                    ("coop_smsru_sent_at", ">=", since),
                    ("coop_smsru_status", "not in", list(SMSRU_FINAL_CODES)),
                ],
                order="id",
            )
            api = company._coop_sms_api()
            for batch in split_every(100, trackers.ids, self.browse):
                codes = api._fetch_delivery_codes(batch.mapped("coop_smsru_id"))
                self._coop_smsru_apply_reports(company, codes)
