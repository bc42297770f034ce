from odoo import fields, models, tools


class SmsSms(models.Model):
    _inherit = "sms.sms"

    def _send(self, unlink_failed=False, unlink_sent=True, raise_exception=False):
        """Send the SMS of companies with a gateway through it, the others through Odoo's IAP.

        Every sender (chatter, sms.composer, templates, mass_mailing_sms, the SMS queue's
        scheduled action) ends in ``send()`` -> ``_send()`` of a batch of sms.sms."""
        via_iap = self.browse()
        for api, sms in self._coop_split_by_api():
            if api is None:
                via_iap |= sms
            else:
                sms._coop_send_with_api(api, unlink_failed, unlink_sent, raise_exception)
        if via_iap:
            return super(SmsSms, via_iap)._send(
                unlink_failed=unlink_failed,
                unlink_sent=unlink_sent,
                raise_exception=raise_exception,
            )

    def _coop_sms_company(self):
        """The company whose provider sends this SMS: the cooperative of its mailing (with
        coop_mailing), else the company of the record it was posted on, else the recipient's
        company, else the current company (as the SMS queue runs)."""
        self.ensure_one()
        mailing = self["mailing_id"] if "mailing_id" in self._fields else None
        if mailing and "coop_company_id" in mailing._fields and mailing.coop_company_id:
            return mailing.coop_company_id
        return (
            self.mail_message_id.record_company_id or self.partner_id.company_id or self.env.company
        )

    def _coop_split_by_api(self):
        """Yield (api, sms.sms) per company: api is None for Odoo's IAP."""
        sms_by_company = {}
        for sms in self:
            company = sms._coop_sms_company()
            sms_by_company[company] = sms_by_company.get(company, self.browse()) | sms
        for company, sms in sms_by_company.items():
            yield company._coop_sms_api(), sms

    def _coop_send_with_api(self, api, unlink_failed, unlink_sent, raise_exception):
        messages = [
            {
                "content": body,
                "numbers": [{"number": sms.number, "uuid": sms.uuid} for sms in body_sms],
            }
            for body, body_sms in self.grouped("body").items()
        ]
        results = api._send_sms_batch(messages, raise_exception=raise_exception)
        self._coop_track_provider_ids(results, api.company)
        self._coop_apply_results(results, unlink_failed, unlink_sent)

    def _coop_track_provider_ids(self, results, company):
        """Keep SMS.ru's message id of each accepted SMS on its tracker (created when the SMS
        has none: Odoo deletes sent SMS, the tracker stays), for its delivery reports."""
        ids_by_uuid = {r["uuid"]: r["sms_id"] for r in results if r.get("sms_id")}
        if not ids_by_uuid:
            return
        Tracker = self.env["sms.tracker"].sudo()
        trackers = Tracker.search([("sms_uuid", "in", list(ids_by_uuid))])
        missing = set(ids_by_uuid) - set(trackers.mapped("sms_uuid"))
        trackers |= Tracker.create([{"sms_uuid": uuid} for uuid in missing])
        now = fields.Datetime.now()
        for tracker in trackers:
            tracker.write(
                {
                    "coop_smsru_id": ids_by_uuid[tracker.sms_uuid],
                    "coop_smsru_company_id": company.id,
                    "coop_smsru_sent_at": now,
                    "coop_smsru_status": 100,
                }
            )
        self.invalidate_model(["sms_tracker_id"])

    def _coop_apply_results(self, results, unlink_failed, unlink_sent):
        """Odoo's handling of an IAP answer (sms.sms._send), for a gateway's answer."""
        all_sms_sudo = self.sudo().with_context(sms_skip_msg_notification=True)
        sms_by_uuid = {sms.uuid: sms for sms in all_sms_sudo}
        for state, results_group in tools.groupby(results, key=lambda result: result["state"]):
            sms_sudo = all_sms_sudo.browse(
                [sms_by_uuid[r["uuid"]].id for r in results_group if r["uuid"] in sms_by_uuid]
            )
            if success_state := self.IAP_TO_SMS_STATE_SUCCESS.get(state):
                sms_sudo.sms_tracker_id._action_update_from_sms_state(success_state)
                to_delete = {"to_delete": True} if unlink_sent else {}
                sms_sudo.write({"state": success_state, "failure_type": False, **to_delete})
            else:
                failure_type = self.IAP_TO_SMS_FAILURE_TYPE.get(state, "unknown")
                if failure_type != "unknown":
                    sms_sudo.sms_tracker_id._action_update_from_sms_state(
                        "error", failure_type=failure_type
                    )
                else:
                    sms_sudo.sms_tracker_id._action_update_from_provider_error(state)
                to_delete = {"to_delete": True} if unlink_failed else {}
                sms_sudo.write({"state": "error", "failure_type": failure_type, **to_delete})
        all_sms_sudo.mail_message_id._notify_message_notification_update()
