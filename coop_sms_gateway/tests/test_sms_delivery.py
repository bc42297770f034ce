from datetime import timedelta
from uuid import uuid4

from odoo import Command, fields
from odoo.tests import tagged

from .common import KEY, SmsRuReportCase, digits

N1, N2, N3 = "+79161234511", "+79161234512", "+79161234513"


class SmsRuDeliveryCase(SmsRuReportCase):
    """A company sending through a fake SMS.ru on 127.0.0.1 (no network)."""

    writer_login = "coop_sms_report_writer"
    anna_number, oleg_number = N1, N2

    def _tracker(self, number):
        sms_id = self.gateway.sent_ids()[digits(number)]
        return self.env["sms.tracker"].search([("coop_smsru_id", "=", sms_id)])

    def _status_requests(self):
        return [r["form"] for r in self.gateway.requests if r["path"] == "/sms/status"]


@tagged("post_install", "-at_install")
class TestSmsDeliveryPolling(SmsRuDeliveryCase):
    def test_sent_sms_keep_their_smsru_id_on_the_tracker(self):
        sms = self.env["sms.sms"].create([{"number": n, "body": "Скидка"} for n in (N1, N2)])
        uuids = sms.mapped("uuid")
        sms.send()  # Odoo deletes sent SMS: the trackers stay

        self.assertTrue(all(sms.mapped("to_delete")))
        trackers = self.env["sms.tracker"].search([("sms_uuid", "in", uuids)])
        self.assertEqual(
            set(trackers.mapped("coop_smsru_id")), set(self.gateway.sent_ids().values())
        )
        self.assertEqual(len(set(trackers.mapped("coop_smsru_id"))), 2)
        self.assertEqual(trackers.coop_smsru_company_id, self.company)
        self.assertEqual(set(trackers.mapped("coop_smsru_status")), {100})

    def test_the_scheduled_action_reads_delivered_and_not_delivered(self):
        to_anna = self.anna.with_user(self.user)._message_sms("Анна, ваша карта готова")
        to_oleg = self.oleg.with_user(self.user)._message_sms("Олег, ваша карта готова")
        self.assertEqual(to_anna.sudo().notification_ids.notification_status, "pending")
        anna_id = self.gateway.sent_ids()[digits(N1)]
        oleg_id = self.gateway.sent_ids()[digits(N2)]
        self.gateway.statuses = {anna_id: 103, oleg_id: 104}

        self.env.ref("coop_sms_gateway.ir_cron_sms_tracker_smsru_poll").method_direct_trigger()

        [form] = self._status_requests()
        self.assertEqual(set(form["sms_id"].split(",")), {anna_id, oleg_id})
        self.assertEqual((form["api_id"], form["json"]), (KEY, "1"))
        self.assertEqual(to_anna.sudo().notification_ids.notification_status, "sent")
        failed = to_oleg.sudo().notification_ids
        self.assertEqual(
            (failed.notification_status, failed.failure_type), ("exception", "sms_expired")
        )
        self.assertEqual(self._tracker(N1).coop_smsru_status, 103)

        # final statuses are not asked again
        self.gateway.reset()
        self.env["sms.tracker"]._coop_smsru_poll_statuses()
        self.assertFalse(self._status_requests())

    def test_polling_in_batches_of_one_hundred_within_the_window(self):
        numbers = [f"+7916{n:07d}" for n in range(152)]
        self.env["sms.sms"].create([{"number": n, "body": "x"} for n in numbers]).send()
        old, delivered = self._tracker(numbers[0]), self._tracker(numbers[1])
        old.coop_smsru_sent_at = fields.Datetime.now() - timedelta(hours=49)
        delivered.coop_smsru_status = 103
        self.gateway.reset()

        self.env["sms.tracker"]._coop_smsru_poll_statuses()

        asked = [form["sms_id"].split(",") for form in self._status_requests()]
        self.assertEqual(sorted(len(ids) for ids in asked), [50, 100])
        asked_ids = {sms_id for ids in asked for sms_id in ids}
        self.assertNotIn(old.coop_smsru_id, asked_ids)
        self.assertNotIn(delivered.coop_smsru_id, asked_ids)

    def test_a_status_never_goes_back(self):
        message = self.anna.with_user(self.user)._message_sms("Анна, заказ собран")
        tracker = self._tracker(N1)
        Tracker = self.env["sms.tracker"]
        Tracker._coop_smsru_apply_reports(self.company, {tracker.coop_smsru_id: 102})
        Tracker._coop_smsru_apply_reports(self.company, {tracker.coop_smsru_id: 101})
        self.assertEqual(tracker.coop_smsru_status, 102)
        Tracker._coop_smsru_apply_reports(self.company, {tracker.coop_smsru_id: 103})
        Tracker._coop_smsru_apply_reports(self.company, {tracker.coop_smsru_id: 108})
        Tracker._coop_smsru_apply_reports(self.company, {tracker.coop_smsru_id: 999})

        self.assertEqual(tracker.coop_smsru_status, 103)
        self.assertEqual(message.sudo().notification_ids.notification_status, "sent")

    def test_another_company_s_ids_are_not_touched(self):
        message = self.anna.with_user(self.user)._message_sms("Анна, заказ собран")
        tracker = self._tracker(N1)
        other = self.env["res.company"].create({"name": "ПО «Соседи»"})

        updated = self.env["sms.tracker"]._coop_smsru_apply_reports(
            other, {tracker.coop_smsru_id: 104}
        )

        self.assertFalse(updated)
        self.assertEqual(tracker.coop_smsru_status, 100)
        self.assertEqual(message.sudo().notification_ids.notification_status, "pending")


@tagged("post_install", "-at_install")
class TestSmsMailingDeliveryStatistics(SmsRuDeliveryCase):
    def _mailing_sms(self, mailing, partner):
        uuid = uuid4().hex
        trace = {
            "trace_type": "sms",
            "mass_mailing_id": mailing.id,
            "model": "res.partner",
            "res_id": partner.id,
            "sms_number": partner.mobile,
            "sms_tracker_ids": [Command.create({"sms_uuid": uuid})],
        }
        return self.env["sms.sms"].create(
            {
                "uuid": uuid,
                "number": partner.mobile,
                "body": "Скидка 5%",
                "partner_id": partner.id,
                "mailing_id": mailing.id,
                "mailing_trace_ids": [Command.create(trace)],
            }
        )

    def test_the_mailing_shows_delivered_bounced_and_failed(self):
        mailing = self.env["mailing.mailing"].create(
            {
                "subject": "Скидка",
                "mailing_type": "sms",
                "body_plaintext": "Скидка 5%",
                "mailing_model_id": self.env["ir.model"]._get_id("res.partner"),
            }
        )
        lena = self.env["res.partner"].create({"name": "Лена", "mobile": N3})
        sms = self.env["sms.sms"]
        for partner in self.anna | self.oleg | lena:
            sms |= self._mailing_sms(mailing, partner)
        traces = sms.mailing_trace_ids
        sms.send()
        self.assertEqual(set(traces.mapped("trace_status")), {"pending"})
        sent = self.gateway.sent_ids()
        self.gateway.statuses = {
            sent[digits(N1)]: 103,
            sent[digits(N2)]: 108,
            sent[digits(N3)]: 104,
        }

        self.env["sms.tracker"]._coop_smsru_poll_statuses()

        by_number = {trace.sms_number: trace for trace in traces}
        self.assertEqual(by_number[N1].trace_status, "sent")  # "Delivered"
        self.assertEqual(
            (by_number[N2].trace_status, by_number[N2].failure_type), ("bounce", "sms_rejected")
        )
        self.assertEqual(
            (by_number[N3].trace_status, by_number[N3].failure_type), ("error", "sms_expired")
        )
        mailing.invalidate_recordset()
        self.assertEqual((mailing.delivered, mailing.bounced, mailing.failed), (1, 1, 1))
