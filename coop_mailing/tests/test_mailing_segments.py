from ast import literal_eval
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import CoopMailingCase


@tagged("post_install", "-at_install")
class TestMailingSegments(CoopMailingCase):
    """Segments narrow a mailing; the consent still decides who receives it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Config = cls.env["pos.config"].with_company(cls.company)
        cls.till = Config.create({"name": "Касса 1"})
        cls.other_till = Config.create({"name": "Касса 2", "payment_method_ids": [(6, 0, [])]})
        now = fields.Datetime.now()
        cls._buy(cls.anna, cls.till, now - timedelta(days=10))
        cls._buy(cls.boris, cls.till, now - timedelta(days=10))
        cls._buy(cls.gleb, cls.till, now - timedelta(days=400))
        cls._buy(cls.gleb, cls.other_till, now - timedelta(days=5))

    @classmethod
    def _buy(cls, person, till, when):
        session = cls.env["pos.session"].search([("config_id", "=", till.id)], limit=1)
        if not session:
            Session = cls.env["pos.session"].with_company(cls.company)
            session = Session.create({"config_id": till.id})
        cls.env["pos.order"].create(
            {
                "session_id": session.id,
                "partner_id": person.id,
                "date_order": when,
                "amount_total": 100.0,
                "amount_tax": 0.0,
                "amount_paid": 100.0,
                "amount_return": 0.0,
                "state": "paid",
            }
        )

    def test_store_segment(self):
        found = self.as_user(self.officer, "res.partner").search(
            [("coop_bought_at_store_id", "=", self.till.id)]
        )
        self.assertEqual(found, self.anna | self.boris)
        mailing = self.mailing(f"[('coop_bought_at_store_id', '=', {self.till.id})]")
        self.assertEqual(mailing._get_recipients(), self.anna.ids)
        self.assertEqual(mailing.coop_recipient_count, 1)
        mailing = self.mailing(f"[('coop_bought_at_store_id', 'in', [{self.other_till.id}])]")
        self.assertEqual(mailing._get_recipients(), self.gleb.ids)

    def test_status_segment(self):
        mailing = self.mailing("[('coop_state', '=', 'shopper')]")
        self.assertEqual(set(mailing._get_recipients()), {self.anna.id, self.gleb.id})
        mailing = self.mailing("[('coop_state', '=', 'member')]")
        self.assertFalse(mailing._get_recipients())

    def test_favourite_filters_are_valid_segments(self):
        filters = self.env["mailing.filter"].search([("name", "=like", "Cooperative: %")])
        self.assertEqual(len(filters), 7)
        Partner = self.as_user(self.officer, "res.partner")
        for mailing_filter in filters:
            domain = literal_eval(mailing_filter.mailing_domain)
            # every one is a valid search for an officer, and none reaches a person without consent
            found = Partner.search(domain)
            self.assertFalse(found & (self.boris | self.vera), mailing_filter.name)
            mailing = self.mailing(mailing_filter_id=mailing_filter.id)
            self.assertEqual(mailing.mailing_domain, mailing_filter.mailing_domain)
            self.assertFalse(
                set(mailing._get_recipients()) & {self.boris.id, self.vera.id}, mailing_filter.name
            )
