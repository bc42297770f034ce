from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from ..models.coop_person_event import ID_BASE, KIND_NUMBERS
from .common import ClassesCase


@tagged("post_install", "-at_install")
class TestPersonHistory(ClassesCase):
    """Anna's story in March 2026, each step on its day, done by whom does it at the
    cooperative; her form's History shows it, newest first."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time("2026-03-01 10:00"):
            cls.anna = cls.person("Анна Смирнова", "+7 900 555-00-01")
        cls.order = cls._till_sale(cls.anna, datetime(2026, 3, 2, 12, 0), 1200, 60)
        cls.sale = cls._partner_sale(cls.anna, datetime(2026, 3, 3, 15, 0), 800, 40)
        with freeze_time("2026-03-04 11:00"):
            cls.app = cls.apply_as_officer(cls.anna, date(2026, 3, 4))
        with freeze_time("2026-03-10 11:00"):
            cls.app.with_user(cls.officer).write(
                {"decision_number": "С-12", "decision_date": date(2026, 3, 10)}
            )
            cls.app.with_user(cls.officer).action_admit()
        with freeze_time("2026-03-12 11:00"):
            cls.fee = cls._fee(cls.anna, date(2026, 3, 12))
        with freeze_time("2026-03-15 11:00"):
            cls._consent(cls.anna, "given")
        with freeze_time("2026-03-16 11:00"):
            cls._consent(cls.anna, "withdrawn")
        with freeze_time("2026-03-18 14:00"):
            # scheduled by the cooperative's rules (an officer may not write on a person's
            # contact), done by the officer it is assigned to
            Anna = cls.anna.with_context(mail_activity_quick_update=True)
            call = Anna.activity_schedule(
                "mail.mail_activity_data_call", date(2026, 3, 18),
                summary="Позвонить о паевом", user_id=cls.officer.id,
            )  # fmt: skip
            call.with_user(cls.officer).action_feedback(feedback="Придёт в пятницу")
            Anna.activity_schedule(
                "mail.mail_activity_data_todo", date(2026, 3, 25),
                summary="Принять паевой взнос", user_id=cls.officer.id,
            )  # fmt: skip

    @classmethod
    def apply_as_officer(cls, person, on):
        app = (
            cls.env["coop.membership.application"]
            .with_user(cls.officer)
            .create(
                {
                    "partner_id": person.id,
                    "date": on,
                    "full_name": person.name,
                    "birthdate": date(1980, 5, 17),
                    "residence": "Иваново, ул. Ленина, 1",
                }
            )
        )
        app.action_submit()
        return app

    @classmethod
    def _till_sale(cls, person, when, amount, cashback, session=None):
        """A paid till order and the cashback the till's sync recorded for it."""
        order = cls.buy(person, 0, amount, session=session)
        order.date_order = when
        cls.env["coop.cashback.move"]._coop_record(
            person, "accrual", cashback, order._coop_key("accrual"), channel="pos",
            source_ref=f"pos.order,{order.id}", date=when.date(), reason=order.name,
            company=order.company_id,
        )  # fmt: skip
        return order

    @classmethod
    def _partner_sale(cls, person, when, amount, cashback):
        sale = cls.partner_sale(person, 0, amount)
        sale.write({"date": when, "cashback": cashback})
        cls.env["coop.cashback.move"]._coop_record(
            person, "accrual", cashback, f"partner:{sale.id}:accrual", channel="partner",
            date=when.date(), reason=sale.external_id, company=sale.company_id,
        )  # fmt: skip
        return sale

    @classmethod
    def _fee(cls, person, on):
        cash = cls.env["account.journal"].search(
            [("company_id", "=", cls.company.id), ("type", "=", "cash")], limit=1
        )
        Contribution = cls.env["coop.contribution"].with_user(cls.officer)
        fee = Contribution.with_company(cls.company).create(
            {
                "partner_id": person.id,
                "kind": "entry_fee",
                "amount": 1000,
                "date": on,
                "payment_journal_id": cash.id,
            }
        )
        fee.action_post()
        return fee

    @classmethod
    def _consent(cls, person, given):
        Wizard = cls.env["coop.consent.wizard"].with_user(cls.officer)
        values = {"partner_id": person.id, "kind": "marketing", "given": given}
        Wizard.create(values).action_confirm()

    def timeline(self, person, user=None):
        """The History page as the user reads it: (kind, date, name, detail, amount,
        cashback, store) per row."""
        events = person.with_user(user or self.officer).coop_event_ids
        return [
            (e.kind, e.date, e.name, e.detail_label, e.amount, e.cashback, e.store) for e in events
        ]

    def test_timeline_newest_first(self):
        """Every kind of event of Anna's, with its date and money, newest first (the same
        day: by kind, the later step first)."""
        rows = self.timeline(self.anna)
        midnight = datetime(2026, 3, 1)
        expected = [
            ("activity_planned", datetime(2026, 3, 25), "Принять паевой взнос", "To-Do"),
            ("activity_done", datetime(2026, 3, 18, 14), None, "Call"),
            ("consent_withdrawn", datetime(2026, 3, 16, 11), "1", "Advertising messages"),
            ("consent_given", datetime(2026, 3, 15, 11), "1", "Advertising messages"),
            ("contribution", datetime(2026, 3, 12), self.fee.name, "Entry fee"),
            ("decision", datetime(2026, 3, 10), "С-12", "Admitted"),
            ("status", datetime(2026, 3, 10), None, "Applicant → Admitted"),
            ("application", datetime(2026, 3, 4), self.app.name, "Admitted"),
            ("status", datetime(2026, 3, 4), None, "Shopper → Applicant"),
            ("partner", datetime(2026, 3, 3, 15), "ООО «Сантехника»", "Sale"),
            ("cashback", datetime(2026, 3, 3), self.sale.external_id, "Accrual"),
            ("till", datetime(2026, 3, 2, 12), self.order.name, False),
            ("cashback", datetime(2026, 3, 2), self.order.name, "Accrual"),
            ("consent_given", datetime(2026, 3, 1, 10), "1", "Processing of personal data"),
            ("status", midnight, None, "Shopper"),
        ]
        self.assertEqual(
            [(kind, when, detail) for kind, when, _name, detail, *_money in rows],
            [(kind, when, detail) for kind, when, _name, detail in expected],
        )
        names = [name for _kind, _when, name, *_rest in rows]
        for row, (kind, _when, name, _detail) in zip(names, expected, strict=True):
            if name is not None:
                self.assertEqual(row, name, kind)
        self.assertIn("Придёт в пятницу", names[1])
        money = {
            (kind, amount, cashback, store) for kind, _w, _n, _d, amount, cashback, store in rows
        }
        self.assertIn(("till", 1200.0, 60.0, self.session.config_id.name), money)
        self.assertIn(("partner", 800.0, 40.0, False), money)
        self.assertIn(("contribution", 1000.0, 0.0, False), money)
        self.assertIn(("cashback", 0.0, 60.0, False), money)
        self.assertIn(("cashback", 0.0, 40.0, False), money)
        self.assertEqual(set(KIND_NUMBERS), {kind for kind, *_rest in rows})

    def test_ids_unique_and_stable(self):
        """Each row's id is its kind's number and its source's id: unique across the kinds,
        the same at every read."""
        events = self.env["coop.person.event"].search([("partner_id", "=", self.anna.id)])
        self.assertEqual(len(set(events.ids)), len(events))
        for event in events:
            self.assertEqual(divmod(event.id, ID_BASE), (KIND_NUMBERS[event.kind], event.res_id))
        again = self.env["coop.person.event"].search([("partner_id", "=", self.anna.id)])
        self.assertEqual(again.ids, events.ids)
        # read by id, the rows are found by their sources' ids too (the sources' indexes)
        by_id = [("id", "in", [3 * ID_BASE + 7, 8 * ID_BASE + 7, 4 * ID_BASE + 9])]
        self.assertEqual(events._with_source_ids(by_id), [*by_id, ("res_id", "in", [7, 9])])
        either = ["|", ("id", "=", 3 * ID_BASE + 7), ("kind", "=", "till")]
        self.assertEqual(events._with_source_ids(either), either)

    def test_other_cooperative_hidden(self):
        """A person of another cooperative and her purchase: in the view, not for this
        cooperative's officer."""
        with freeze_time("2026-03-05 10:00"):
            olga = self.person("Ольга", "+7 900 555-00-02", user=self.other_cashier)
        self._till_sale(olga, datetime(2026, 3, 5, 12), 500, 25, session=self.other_session)
        Event = self.env["coop.person.event"]
        self.assertEqual(
            set(Event.search([("partner_id", "=", olga.id)]).mapped("kind")),
            {"status", "consent_given", "till", "cashback"},
        )
        mine = Event.with_user(self.officer).search([])
        self.assertFalse(mine.filtered(lambda e: e.partner_id == olga))
        self.assertEqual(mine.company_id, self.company)
        self.assertTrue(mine.filtered(lambda e: e.partner_id == self.anna))

    def test_cashier_sees_none(self):
        """A cashier reads no history, neither the events nor the person's History page."""
        with self.assertRaises(AccessError):
            self.env["coop.person.event"].with_user(self.cashier).search([])
        with self.assertRaises(AccessError):
            self.anna.with_user(self.cashier).read(["coop_event_ids"])
        Partner = self.env["res.partner"]
        arch = Partner.with_user(self.cashier).get_views([(False, "form")])["views"]["form"]
        self.assertNotIn("coop_event_ids", arch["arch"])
        self.assertNotIn("coop_person_event_action", arch["arch"])
        # the officer does: the form shows the page with her 15 events
        arch = Partner.with_user(self.officer).get_views([(False, "form")])["views"]["form"]
        self.assertIn('name="coop_event_ids"', arch["arch"])
        form = Form(self.anna.with_user(self.officer))
        self.assertEqual(len(form.coop_event_ids), 15)

    def test_open_source(self):
        """The fee's event opens the fee; nobody writes an event."""
        Event = self.env["coop.person.event"].with_user(self.officer)
        event = Event.search([("kind", "=", "contribution"), ("partner_id", "=", self.anna.id)])
        action = event.action_open_source()
        self.assertEqual(
            (action["res_model"], action["res_id"]), ("coop.contribution", self.fee.id)
        )
        with self.assertRaises(AccessError):
            event.write({"name": "x"})
