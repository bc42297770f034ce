from datetime import date, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from odoo.addons.coop_membership.models.coop_format import coop_date, coop_money

from .common import AS_OF, ClassesCase

RULES = {
    "fee": "coop_crm.mail_activity_type_offer_membership",
    "council": "coop_crm.mail_activity_type_council_decision",
    "refund": "coop_crm.mail_activity_type_share_refund",
    "inactive": "coop_crm.mail_activity_type_inactive_member",
}


@tagged("post_install", "-at_install")
class TestReminders(ClassesCase):
    """The daily reminders of a Russian cooperative, on AS_OF (30.11.2026), with the entry fee
    1 500 ₽ in force: for each rule one person who qualifies and one just short of it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("ru_RU")
        cls.env["ir.module.module"].search([("name", "=", "coop_crm")])._update_translations(
            ["ru_RU"]
        )
        cls.company.partner_id.lang = "ru_RU"
        (cls.cashier | cls.officer | cls.manager).lang = "en_US"

    def setUp(self):
        super().setUp()
        cls = self
        # a. cashback reaching the fee, and 1 kopeck short of it
        cls.rich = cls.person("Богатов", "+7 910 400-00-01")
        cls.short = cls.person("Недостаев", "+7 910 400-00-02")
        self.earn(cls.rich, 1500, "t:rich")
        self.earn(cls.short, 1499.99, "t:short")
        # b. applications of 25 and 24 days ago, no decision
        cls.late_app = cls.apply_on(cls.person("Опоздалов", "+7 910 400-00-03"), 25)
        cls.fresh_app = cls.apply_on(cls.person("Свежев", "+7 910 400-00-04"), 24)
        # c. refunds due in 7 and in 8 days (exits 90 days before, the charter's period)
        cls.refund_7 = cls.leave(cls.member("+7 910 400-00-05"), AS_OF + timedelta(days=7 - 90))
        cls.refund_8 = cls.leave(cls.member("+7 910 400-00-06"), AS_OF + timedelta(days=8 - 90))
        # d. members who bought 90 days ago (till), 89 days ago (partner business), never
        cls.idle = cls.member("+7 910 400-00-07")
        cls.buy(cls.idle, 90, 300)
        cls.recent = cls.member("+7 910 400-00-08")
        cls.partner_sale(cls.recent, 89, 300)
        cls.never = cls.member("+7 910 400-00-09")
        # another cooperative's shopper with cashback over the fee
        cls.stranger = cls.person("Чужой", "+7 910 400-00-10", user=cls.other_cashier)
        self.earn(cls.stranger, 5000, "t:stranger", company=cls.other)
        # the offer and the call are advertising: these people consent to it
        for person in (cls.rich, cls.short, cls.idle, cls.recent, cls.never, cls.stranger):
            self.consent(person, True)

    def consent(self, person, given):
        """The person gives (or withdraws) their consent to advertising at the desk."""
        person._coop_record_consents({"marketing": given}, "desk")

    def earn(self, person, amount, key, company=None, on=date(2026, 11, 1)):
        """Cashback earned on a till order and booked (Dr expense / Cr liability)."""
        company = company or self.company
        session = self.other_session if company == self.other else self.session
        order = self.buy(person, (AS_OF - on).days, amount * 10, session=session)
        move = self.env["coop.cashback.move"]._coop_record(
            person,
            "accrual",
            amount,
            key,
            date=on,
            company=company,
            source_ref=f"pos.order,{order.id}",
        )
        company._coop_post_cashback_moves(move, key, date=on)

    def apply_on(self, person, days_ago):
        return self.apply(person, on=AS_OF - timedelta(days=days_ago))

    def member(self, phone):
        return self.make_member(phone)

    def leave(self, member, on):
        Wizard = self.env["coop.exit.wizard"].with_user(self.officer).with_company(self.company)
        Wizard.create({"partner_id": member.id, "date": on, "reason": "Заявление"}).action_confirm()
        return member.coop_contribution_ids.filtered(lambda c: c.kind == "share_refund")

    def run_cron(self):
        """As the scheduler does: the cron's code, as the cron's user (the superuser)."""
        cron = self.env.ref("coop_crm.ir_cron_coop_crm_reminders")
        with freeze_time("2026-11-30 06:00:00"):
            cron.ir_actions_server_id.with_user(cron.user_id).run()

    def reminders(self, rule, records):
        return self.env["mail.activity"].search(
            [
                ("activity_type_id", "=", self.env.ref(RULES[rule]).id),
                ("res_model", "=", records._name),
                ("res_id", "in", records.ids),
            ]
        )

    def money(self, amount):
        return coop_money(self.env(context={"lang": "ru_RU"}), amount, self.rub)

    def test_each_rule_once_for_the_right_record_and_user(self):
        """Each rule reminds the right person of the right thing in Russian, once, and nobody
        who falls short of it."""
        self.run_cron()
        self.run_cron()
        ru = self.env(context={"lang": "ru_RU"})
        fee = self.reminders("fee", self.rich | self.short)
        self.assertEqual(fee.mapped("res_id"), self.rich.ids)
        self.assertEqual((fee.user_id, fee.date_deadline), (self.officer, AS_OF))
        self.assertEqual(
            fee.summary,
            f"Предложить членство: кэшбэк {self.money(1500)} покрывает вступительный взнос "
            f"{self.money(1500)}",
        )
        council = self.reminders("council", self.late_app | self.fresh_app)
        self.assertEqual(council.mapped("res_id"), self.late_app.ids)
        self.assertEqual(
            (council.user_id, council.date_deadline), (self.officer, date(2026, 12, 5))
        )
        self.assertEqual(
            council.summary,
            f"Решение совета по заявлению {self.late_app.name} (Опоздалов, от 05.11.2026) "
            "нужно принять до 05.12.2026",
        )
        refund = self.reminders("refund", self.refund_7 | self.refund_8)
        self.assertEqual(refund.mapped("res_id"), self.refund_7.ids)
        self.assertEqual((refund.user_id, refund.date_deadline), (self.manager, date(2026, 12, 7)))
        self.assertEqual(
            refund.summary,
            f"Возврат паевого взноса {self.money(500)} (получатель: Иван Петров) выплатить "
            "до 07.12.2026",
        )
        inactive = self.reminders("inactive", self.idle | self.recent | self.never)
        self.assertEqual(
            {a.res_id: a.summary for a in inactive},
            {
                self.idle.id: "Позвонить пайщику: нет покупок с 01.09.2026",
                self.never.id: "Позвонить пайщику: нет покупок со дня вступления "
                f"{coop_date(ru, self.never.coop_member_since)}",
            },
        )
        self.assertEqual(inactive.user_id, self.officer)
        # the books agree with what the reminders say
        check = (
            self.env["coop.cashback.check"]
            .with_user(self.manager)
            .with_company(self.company)
            .coop_invariants()
        )
        self.assertTrue(check["ok"], check["problems"])
        liability = self.company.coop_cashback_liability_account_id
        self.assertEqual(self.balance(liability, self.rich), -1500)
        self.assertEqual(self.balance(liability, self.short), -1499.99)
        payable = self.company.coop_share_refund_account_id
        self.assertEqual(self.balance(payable, self.refund_7.partner_id), -500)
        # the officer sees the reminder in their language on the activity type
        self.assertEqual(
            fee.activity_type_id.with_context(lang="ru_RU").name, "Предложить членство"
        )

    def test_done_lately_not_again_other_company_not_touched(self):
        """A reminder done today is not made again tomorrow; another cooperative's shopper
        is reminded only by that cooperative's run, to its own officer; the setting
        'Reminders go to' names whom they go to."""
        self.company._coop_remind(AS_OF)
        fee = self.reminders("fee", self.rich)
        fee.with_user(self.officer).action_feedback(feedback="Позвонили, подумает")
        self.assertFalse(self.reminders("fee", self.rich))
        # the next day: nothing again for the same records; those who qualify from that day on
        created = self.company._coop_remind(AS_OF + timedelta(days=1))
        self.assertEqual(
            sorted((a.res_model, a.res_id) for a in created),
            sorted(
                (record._name, record.id) for record in (self.fresh_app, self.refund_8, self.recent)
            ),
        )
        self.assertFalse(self.reminders("fee", self.stranger))
        self.env["coop.fee.version"].create(
            {
                "kind": "entry_fee",
                "amount": 1000,
                "date_from": date(2020, 1, 1),
                "meeting_ref": "ОС 1",
                "company_id": self.other.id,
            }
        )
        other_officer = self._coop_user(
            "coop_t_officer_other", "coop_membership.group_officer", company=self.other
        )
        self.company.coop_crm_reminder_user_id = self.manager
        self.other._coop_remind(AS_OF)
        self.assertEqual(self.reminders("fee", self.stranger).user_id, other_officer)
        self.earn(self.short, 0.01, "t:short2", on=AS_OF)
        created = self.company._coop_remind(AS_OF)
        self.assertEqual(created.mapped("res_id"), self.short.ids)
        self.assertEqual(created.user_id, self.manager)

    def test_advertising_reminders_need_consent(self):
        """The membership offer and the call to an inactive member only for people with a
        current consent to advertising; the council's and the refund's reminders whatever the
        consent (the cooperative's own duties)."""
        shy = self.person("Скромнов", "+7 910 400-00-11")
        self.earn(shy, 2000, "t:shy")
        shy_member = self.member("+7 910 400-00-12")
        self.assertFalse(
            shy.coop_consent_marketing or self.late_app.partner_id.coop_consent_marketing
        )
        self.company._coop_remind(AS_OF)
        self.assertFalse(self.reminders("fee", shy))
        self.assertFalse(self.reminders("inactive", shy_member))
        self.assertEqual(self.reminders("fee", self.rich).res_id, self.rich.id)
        self.assertEqual(self.reminders("inactive", self.never).res_id, self.never.id)
        self.assertTrue(self.reminders("council", self.late_app))
        self.assertTrue(self.reminders("refund", self.refund_7))
        # consent withdrawn: the reminder cancelled is not made again; given again: it is
        self.rich.with_user(self.officer).action_coop_withdraw_consent("marketing")
        self.reminders("fee", self.rich).unlink()
        self.company._coop_remind(AS_OF)
        self.assertFalse(self.reminders("fee", self.rich))
        self.consent(self.rich, True)
        self.company._coop_remind(AS_OF)
        self.assertTrue(self.reminders("fee", self.rich))

    def test_reminder_user_setting_validated(self):
        """'Reminders go to' takes only an active internal officer of the company, with an
        error naming the company and the field."""
        other_officer = self._coop_user(
            "coop_t_officer_elsewhere", "coop_membership.group_officer", company=self.other
        )
        archived = self._coop_user("coop_t_officer_gone", "coop_membership.group_officer")
        archived.active = False
        for user in (self.cashier, other_officer, archived):
            with self.assertRaisesRegex(ValidationError, "ПО «Тест».*Reminders go to"):
                self.company.coop_crm_reminder_user_id = user
        self.company.coop_crm_reminder_user_id = self.officer
        self.assertEqual(self.company.coop_crm_reminder_user_id, self.officer)

    def test_reminder_user_invalid_at_run_time(self):
        """A setting no longer valid is not used: the first officer gets the reminders; with
        no officer at all they are not made, the log and the company's chatter say so."""
        chosen = self._coop_user("coop_t_officer_chosen", "coop_membership.group_officer")
        self.company.coop_crm_reminder_user_id = chosen
        chosen.active = False
        logger = "odoo.addons.coop_crm.models.res_company_reminders"
        with self.assertLogs(logger, "WARNING") as logs:
            self.company._coop_remind(AS_OF)
        self.assertIn("coop_t_officer_chosen", logs.output[0])
        self.assertEqual(self.reminders("fee", self.rich).user_id, self.officer)
        self.assertEqual(self.reminders("refund", self.refund_7).user_id, self.manager)
        # nobody left: no reminder to the administrator, a warning and a note instead
        self.env["mail.activity"].search([]).unlink()
        (self.officer | self.manager).active = False
        notes = self.company.partner_id.message_ids
        with self.assertLogs(logger, "WARNING") as logs:
            created = self.company._coop_remind(AS_OF)
        self.assertFalse(created)
        self.assertIn("5 reminders", logs.output[-1])  # fee, council, refund, 2 inactive
        note = self.company.partner_id.message_ids - notes
        self.assertEqual(len(note), 1)
        self.assertIn("5", note.body)

    def test_cron_one_cooperative_failing(self):
        """The daily run: one cooperative failing is rolled back and logged by name; the other
        gets its reminders."""
        self.env["coop.fee.version"].create(
            {
                "kind": "entry_fee",
                "amount": 1000,
                "date_from": date(2020, 1, 1),
                "meeting_ref": "ОС 1",
                "company_id": self.other.id,
            }
        )
        self._coop_user("coop_t_officer_other", "coop_membership.group_officer", company=self.other)
        Company = type(self.env["res.company"])
        remind = Company._coop_remind

        def failing(company, today=None):
            created = remind(company, today)
            if company == self.company:
                raise ValueError("misconfigured")
            return created

        with (
            patch.object(Company, "_coop_remind", failing),
            self.assertLogs("odoo.addons.coop_crm.models.res_company", "ERROR") as logs,
        ):
            self.run_cron()
        self.assertIn("ПО «Тест»", logs.output[0])
        self.assertFalse(self.reminders("fee", self.rich), "the failing run is rolled back")
        self.assertTrue(self.reminders("fee", self.stranger))
