from datetime import date, timedelta
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged
from odoo.tools.translate import code_translations

from odoo.addons.coop_cashback.tests.pos_common import CoopPosCommon

RU_BODY = (
    '<div><p>С днём рождения, <t t-out="object.name"/>!</p>'
    "<p t-if=\"ctx.get('coop_birthday_percent')\">В подарок: первая покупка до "
    "<t t-out=\"ctx.get('coop_birthday_valid_until')\"/> принесёт ещё "
    "<t t-out=\"ctx['coop_birthday_percent']\"/> % кешбэка.</p></div>"
)
RU = {
    "Birthday bonus: %(percent)s %% of %(order)s": "Бонус ко дню рождения: %(percent)s %% от "
    "%(order)s",
    "Birthday bonus taken back: %(order)s": "Бонус ко дню рождения возвращён: %(order)s",
}


@tagged("post_install", "-at_install")
class TestBirthdayPercent(CoopPosCommon):
    """The birthday bonus as 7.5 % of the next purchase, valid 14 days: an officer's greeting
    (in Russian) promises it, the person's first purchase at the till within the days earns it
    once, through the ledger, in the books; a refund takes it back in proportion."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.env["res.lang"]._activate_lang("ru_RU")
        cls.company.write(
            {
                "coop_crm_birthday_greeting": True,
                "coop_crm_birthday_channel": "email",
                "coop_crm_birthday_bonus_kind": "percent",
                "coop_crm_birthday_bonus": 100.0,  # the amount is not given with a percent
                "coop_crm_birthday_bonus_percent": 7.5,
                "coop_crm_birthday_bonus_days": 14,
            }
        )
        template = cls.company.coop_crm_birthday_mail_template_id.with_context(lang="ru_RU")
        template.body_html = RU_BODY  # the cooperative's own Russian text
        cls.officer = cls._coop_user(
            "coop_pos_officer", "point_of_sale.group_pos_user,coop_membership.group_officer"
        )
        cls.today = fields.Date.today()
        cls.person.write(
            {
                # 1992: a leap year, whatever today is
                "coop_birthdate": date(1992, cls.today.month, cls.today.day),
                "lang": "ru_RU",
                "email": "anna@example.com",
            }
        )
        cls.person._coop_record_consents({"marketing": True}, "desk")

    def setUp(self):
        super().setUp()
        ru = code_translations.get_python_translations("coop_crm", "ru_RU")
        key = ("coop_crm", "ru_RU")
        self.startPatcher(patch.dict(code_translations.python_translations, {key: {**ru, **RU}}))
        self.open_new_session()

    def greet(self, day=None):
        return self.company.with_user(self.officer)._coop_birthday_greet(today=day or self.today)

    def bonus(self):
        return self.env["coop.cashback.move"].search(
            [("partner_id", "=", self.person.id), ("source_key", "=like", "birthday:%")],
            order="id",
        )

    def in_books(self):
        """The person's cashback liability from the books (credit balance)."""
        return -self.balance(self.company.coop_cashback_liability_account_id)

    def assert_books_agree(self):
        """Closed: the person's liability in the books is their whole ledger, and the
        cooperative's invariants hold."""
        self.close_session()
        self.person.invalidate_recordset()
        ledger = sum(self.ledger().mapped("amount"))
        self.assertAlmostEqual(self.in_books(), ledger)
        self.assertAlmostEqual(self.person.coop_cashback_balance, ledger)
        result = self.env["coop.cashback.check"].with_user(self.manager).coop_invariants()
        self.assertTrue(result["ok"], result["problems"])
        return ledger

    def test_greeting_promises_and_first_purchase_earns_once(self):
        """The greeting says 7,50 % until the 14th day, in Russian, and gives nothing yet; the
        first purchase (200 ₽) earns 15 ₽ more besides its 5 % (10 ₽), booked at once; the
        second purchase earns only its own cashback."""
        self.assertEqual(self.greet(), self.person)
        self.assertFalse(self.bonus(), "a percent is earned by the purchase, not the greeting")
        mail = self.env["mail.mail"].search(
            [("model", "=", "res.partner"), ("res_id", "=", self.person.id)]
        )
        until = (self.today + timedelta(days=14)).strftime("%d.%m.%Y")
        self.assertEqual(len(mail), 1)
        self.assertIn(f"первая покупка до {until} принесёт ещё 7,50 % кешбэка", mail.body_html)
        first = self.sync([(self.milk, 2)], [(self.cash_pm1, 200)], uuid="bday-1")
        self.sync([(self.milk, 2)], [(self.cash_pm1, 200)], uuid="bday-1")  # sent again
        bonus = self.bonus()
        self.assertEqual(len(bonus), 1)
        self.assertEqual(
            (bonus.kind, bonus.amount, bonus.source_key, bonus.source_ref, bonus.channel),
            (
                "accrual",
                15.0,
                f"birthday:{self.company.id}:{self.person.id}:{self.today.year}",
                first,
                "pos",
            ),
        )
        self.assertEqual(bonus.reason, f"Бонус ко дню рождения: 7,50 % от {first.name}")
        self.assertEqual(bonus.account_move_id.state, "posted")
        self.assertAlmostEqual(self.in_books(), 15.0, msg="booked before the session closes")
        self.assertEqual(first.coop_cashback_earned, 10.0, "the order's own cashback apart")
        self.sync([(self.milk, 1)], [(self.cash_pm1, 100)], uuid="bday-2")
        self.assertEqual(len(self.bonus()), 1)
        self.greet()  # the job again the same day: no second offer, no second bonus
        self.sync([(self.milk, 1)], [(self.cash_pm1, 100)], uuid="bday-3")
        self.assertEqual(len(self.bonus()), 1)
        self.assertAlmostEqual(self.assert_books_agree(), 10 + 15 + 5 + 5)

    def test_paid_with_cashback_earns_on_the_rest(self):
        """What is paid with cashback earns no birthday percent either."""
        self.sync([(self.milk, 4)], [(self.cash_pm1, 400)], uuid="bday-0")  # 20 ₽, no offer yet
        self.assertFalse(self.bonus())
        self.greet()
        self.sync([(self.milk, 2)], [(self.cashback_pm, 20), (self.cash_pm1, 180)])
        self.assertEqual(self.bonus().amount, 13.5)  # 7.5 % of 180
        self.assertAlmostEqual(self.assert_books_agree(), 20 - 20 + 9 + 13.5)

    def test_refunds_take_it_back_in_proportion(self):
        """A purchase of 400 ₽ earns 30 ₽; a refund of a quarter takes back 7,50 ₽, the refund
        of the rest the other 22,50 ₽ (the order's own 20 ₽ the same way)."""
        self.greet()
        sale = self.sync([(self.milk, 4)], [(self.cash_pm1, 400)])
        self.assertEqual(self.bonus().amount, 30.0)
        refund_line = {"product": self.milk, "quantity": -1, "refunded_orderline_id": sale.lines.id}
        refund = self.sync([refund_line], [(self.cash_pm1, -100)], uuid="bday-r1")
        self.sync([refund_line], [(self.cash_pm1, -100)], uuid="bday-r1")  # sent again
        taken = self.bonus()[1:]
        self.assertEqual(
            [(m.kind, m.amount, m.source_ref) for m in taken], [("reversal", -7.5, refund)]
        )
        self.assertEqual(taken.reason, f"Бонус ко дню рождения возвращён: {refund.name}")
        self.assertTrue(taken.account_move_id)
        self.sync([dict(refund_line, quantity=-3)], [(self.cash_pm1, -300)])
        self.assertAlmostEqual(sum(self.bonus().mapped("amount")), 0.0)
        self.assertAlmostEqual(self.assert_books_agree(), 0.0)

    def test_nothing_after_the_days_or_without_a_greeting(self):
        """Greeted 20 days ago with 14 days: today's purchase earns nothing more; a person
        without consent to advertising is not greeted and earns nothing either."""
        back = self.today - timedelta(days=20)
        self.person.coop_birthdate = date(1992, back.month, back.day)
        self.assertEqual(self.greet(back), self.person)
        shy = self.register("89001112299", "Скромная")
        shy.write({"coop_birthdate": date(1992, self.today.month, self.today.day)})
        self.assertFalse(self.greet())
        self.sync([(self.milk, 2)], [(self.cash_pm1, 200)])
        self.sync([(self.milk, 2)], [(self.cash_pm1, 200)], customer=shy)
        self.assertFalse(
            self.env["coop.cashback.move"].search([("source_key", "=like", "birthday:%")])
        )
        self.assertAlmostEqual(self.assert_books_agree(), 10.0)

    def test_percent_setting_checked(self):
        """A percent over 100 or below 0 is refused, naming the cooperative."""
        for percent in (101, -1):
            with self.assertRaisesRegex(ValidationError, f"{self.company.name}: the birthday"):
                self.company.coop_crm_birthday_bonus_percent = percent

    def test_settings_form(self):
        """Settings > Cooperative > Birthday greeting: the kind, the percent and the days."""
        self.company.coop_crm_birthday_bonus_kind = "amount"
        admin = self.env.ref("base.user_admin")
        admin.company_ids |= self.company
        settings = Form(self.env["res.config.settings"].with_user(admin).with_company(self.company))
        settings.coop_crm_birthday_bonus_kind = "percent"
        settings.coop_crm_birthday_bonus_percent = 5
        settings.coop_crm_birthday_bonus_days = 10
        settings.save().execute()
        self.assertEqual(
            (
                self.company.coop_crm_birthday_bonus_kind,
                self.company.coop_crm_birthday_bonus_percent,
                self.company.coop_crm_birthday_bonus_days,
            ),
            ("percent", 5.0, 10),
        )
