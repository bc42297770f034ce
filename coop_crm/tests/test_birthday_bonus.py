from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools.translate import code_translations

from .common import ClassesCase

RU_SUBJECT = "С днём рождения, {{ object.name }}!"
RU_BODY = (
    '<div><p>С днём рождения, <t t-out="object.name"/>!</p>'
    "<p t-if=\"ctx.get('coop_birthday_bonus')\">В подарок кешбэк "
    "<t t-out=\"format_amount(ctx['coop_birthday_bonus'], object.company_id.currency_id)\"/> "
    "до <t t-out=\"ctx.get('coop_birthday_valid_until')\"/>.</p></div>"
)
RU_SMS = (
    "С днём рождения, {{ object.name }}! {{ ctx.get('coop_birthday_bonus') and "
    "('Подарок: %s кешбэка' % format_amount(ctx['coop_birthday_bonus'], "
    "object.company_id.currency_id)) or '' }}"
)


@tagged("post_install", "-at_install")
class TestBirthdayBonus(ClassesCase):
    """The daily birthday greeting of a cooperative in Moscow time, e-mail and SMS, with a
    bonus of 100 ₽ valid 30 days; the people born on 30 December, one on 29 February."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("ru_RU")
        cls.company.partner_id.write({"tz": "Europe/Moscow", "lang": "ru_RU"})
        cls.company.write(
            {
                "coop_crm_birthday_greeting": True,
                "coop_crm_birthday_channel": "both",
                "coop_crm_birthday_bonus": 100.0,
                "coop_crm_birthday_bonus_days": 30,
            }
        )
        # the cooperative's own Russian texts (editable in Settings)
        mail = cls.company.coop_crm_birthday_mail_template_id.with_context(lang="ru_RU")
        mail.write({"subject": RU_SUBJECT, "body_html": RU_BODY})
        cls.company.coop_crm_birthday_sms_template_id.with_context(lang="ru_RU").body = RU_SMS
        cls.anna = cls.born("Анна", "+7 910 600-00-01", date(1990, 12, 30), "ru_RU")
        cls.bob = cls.born("Bob", "+7 910 600-00-02", date(1985, 12, 30), "en_US")
        cls.shy = cls.born("Скромная", "+7 910 600-00-03", date(1980, 12, 30), consent=False)
        cls.leap = cls.born("Високосный", "+7 910 600-00-04", date(2000, 2, 29))
        cls.stranger = cls.born(
            "Чужой", "+7 910 600-00-05", date(1990, 12, 30), user=cls.other_cashier
        )

    def setUp(self):
        super().setUp()
        # the label's Russian, as the lead's merged ru.po will give it (/tmp/i18n/bd5.po)
        ru = code_translations.get_python_translations("coop_crm", "ru_RU")
        ru = {**ru, "Birthday bonus": "Бонус ко дню рождения"}
        key = ("coop_crm", "ru_RU")
        self.startPatcher(patch.dict(code_translations.python_translations, {key: ru}))

    @classmethod
    def born(cls, name, phone, birthdate, lang="ru_RU", consent=True, user=None):
        person = cls.person(name, phone, user=user)
        person.write(
            {"coop_birthdate": birthdate, "lang": lang, "email": f"{phone[-2:]}@example.com"}
        )
        if consent:
            person._coop_record_consents({"marketing": True}, "desk")
        return person

    def run_job(self, on, user=None):
        """The job of the day ``on`` (09:00 in Moscow), as an officer, or as the scheduler."""
        with freeze_time(f"{on} 06:00:00"):
            if user:
                return self.company.with_user(user)._coop_birthday_greet()
            cron = self.env.ref("coop_crm.ir_cron_coop_crm_birthdays")
            cron.ir_actions_server_id.with_user(cron.user_id).run()

    def mails(self, person):
        return self.env["mail.mail"].search(
            [("model", "=", "res.partner"), ("res_id", "=", person.id)]
        )

    def sms(self, person):
        return self.env["sms.sms"].search([("partner_id", "=", person.id)])

    def bonuses(self, person):
        return self.env["coop.cashback.move"].search(
            [("partner_id", "=", person.id), ("source_key", "=like", "birthday:%")]
        )

    def owed(self, person):
        """What the ledger owes ``person`` (every entry, whatever today is)."""
        person.invalidate_recordset()
        return sum(person.coop_cashback_move_ids.mapped("amount"))

    def liability(self, person, company=None):
        """The person's cashback liability from the books (credit balance)."""
        company = company or self.company
        account = company.coop_cashback_liability_account_id
        lines = self.env["account.move.line"].search(
            [
                ("account_id", "=", account.id),
                ("partner_id", "=", person.id),
                ("parent_state", "=", "posted"),
            ]
        )
        return -sum(lines.mapped("balance"))

    def assert_books_clean(self):
        result = self.env["coop.cashback.check"].with_user(self.manager).coop_invariants()
        self.assertTrue(result["ok"], result["problems"])

    def test_greeting_and_bonus_once_in_each_language(self):
        """An officer runs the job twice on 30.12.2026, then it runs the next day: each
        consenting person is greeted once by e-mail and SMS in their language, with the bonus
        once in the ledger and the books; nothing for the person without consent."""
        greeted = self.run_job("2026-12-30", self.officer)
        self.assertEqual(greeted, self.anna | self.bob)
        self.run_job("2026-12-30", self.officer)
        self.run_job("2026-12-31")
        anna_mail, bob_mail = self.mails(self.anna), self.mails(self.bob)
        self.assertEqual((len(anna_mail), len(bob_mail)), (1, 1))
        self.assertEqual(anna_mail.subject, "С днём рождения, Анна!")
        self.assertIn("В подарок кешбэк", anna_mail.body_html)
        self.assertIn("100", anna_mail.body_html)
        self.assertIn("29.01.2027", anna_mail.body_html)
        self.assertEqual(bob_mail.subject, "Happy birthday, Bob!")
        self.assertIn("As a gift", bob_mail.body_html)
        self.assertEqual(anna_mail.recipient_ids, self.anna)
        anna_sms, bob_sms = self.sms(self.anna), self.sms(self.bob)
        self.assertEqual((len(anna_sms), len(bob_sms)), (1, 1))
        self.assertIn("С днём рождения, Анна! Подарок: ", anna_sms.body)
        self.assertIn("Happy birthday, Bob! Cashback gift:", bob_sms.body)
        self.assertEqual(anna_sms.number, "+79106000001")
        for person in (self.anna, self.bob):
            bonus = self.bonuses(person)
            self.assertEqual(len(bonus), 1)
            self.assertEqual(
                (bonus.kind, bonus.amount, bonus.source_key),
                ("accrual", 100.0, f"birthday:{self.company.id}:{person.id}:2026"),
            )
            self.assertTrue(bonus.account_move_id)
            self.assertEqual(self.liability(person), 100.0)
        self.assertEqual(self.bonuses(self.anna).reason, "Бонус ко дню рождения")
        self.assertEqual(self.bonuses(self.bob).reason, "Birthday bonus")
        # the day's bonuses in one journal entry: Dr expense / Cr liability, per person
        entry = self.bonuses(self.anna).account_move_id
        self.assertEqual(self.bonuses(self.bob).account_move_id, entry)
        self.assertEqual(entry.state, "posted")
        self.assertEqual(set(entry.line_ids.partner_id), {self.anna, self.bob})
        # the officer sees it in Anna's timeline as a cashback entry
        event = (
            self.env["coop.person.event"]
            .with_user(self.officer)
            .search([("partner_id", "=", self.anna.id), ("kind", "=", "cashback")])
        )
        self.assertEqual([(e.name, e.cashback) for e in event], [("Бонус ко дню рождения", 100.0)])
        # no consent: nothing at all
        self.assertFalse(self.mails(self.shy) | self.mails(self.leap))
        self.assertFalse(self.sms(self.shy) or self.bonuses(self.shy))
        self.assertEqual(self.liability(self.shy), 0.0)
        # the other cooperative (greeting off there) untouched
        self.assertFalse(self.mails(self.stranger) or self.sms(self.stranger))
        self.assertFalse(self.bonuses(self.stranger))
        self.assert_books_clean()

    def test_missed_run_caught_up_once(self):
        """No run on 30 and 31 December: the run of 2 January greets them (3 days back at
        most) and the run of 3 January nothing more; a birthday 4 days back is not caught up."""
        self.shy._coop_record_consents({"marketing": True}, "desk")
        self.shy.coop_birthdate = date(1980, 12, 29)
        self.run_job("2027-01-02")
        self.run_job("2027-01-03")
        self.assertEqual(len(self.mails(self.anna)), 1)
        self.assertEqual(len(self.bonuses(self.anna)), 1)
        self.assertEqual(self.bonuses(self.anna).source_key.rsplit(":", 1)[1], "2026")
        self.assertFalse(self.mails(self.shy) or self.bonuses(self.shy))
        self.assertFalse(self.bonuses(self.stranger))
        self.assert_books_clean()

    def test_withdrawn_consent_frozen_and_greeting_off(self):
        """Consent withdrawn, an account frozen (a death registered), an expelled person, or
        the greeting turned off: no greeting and no bonus."""
        self.anna.with_user(self.officer).action_coop_withdraw_consent("marketing")
        frozen = self.born("Покойный", "+7 910 600-00-06", date(1950, 12, 30))
        expelled = self.born("Исключённый", "+7 910 600-00-07", date(1960, 12, 30))
        frozen.write({"coop_frozen": True, "coop_exit_kind": "death"})
        expelled.write({"coop_state": "former", "coop_exit_kind": "expulsion"})
        self.run_job("2026-12-30")
        for person in (self.anna, frozen, expelled):
            self.assertFalse(self.mails(person) or self.sms(person) or self.bonuses(person))
        self.assertEqual(len(self.bonuses(self.bob)), 1)
        self.company.coop_crm_birthday_greeting = False
        self.bob.coop_birthdate = date(1985, 12, 31)
        self.run_job("2026-12-31")
        self.assertEqual(len(self.bonuses(self.bob)), 1)

    def test_leaving_blacklisted_and_a_corrected_birth_date(self):
        """Nobody leaving is greeted; an address or number on Odoo's blacklist gets nothing by
        that channel (with or without coop_mailing, which also withdraws the consent); a birth
        date corrected after the greeting does not greet again that year."""
        leaving = self.born("Уходящий", "+7 910 600-00-08", date(1970, 12, 30))
        leaving.write({"coop_state": "leaving"})
        kate = self.born("Катя", "+7 910 600-00-09", date(1995, 12, 30))
        self.env["mail.blacklist"]._add(self.bob.email)
        self.env["phone.blacklist"]._add([self.anna.phone_sanitized])
        self.run_job("2026-12-30")
        self.assertFalse(self.mails(leaving) or self.sms(leaving) or self.bonuses(leaving))
        self.assertFalse(self.mails(self.bob))
        self.assertFalse(self.sms(self.anna))
        self.assertEqual((len(self.mails(kate)), len(self.bonuses(kate))), (1, 1))
        kate.coop_birthdate = date(1995, 12, 31)
        self.run_job("2026-12-31")
        self.assertEqual((len(self.mails(kate)), len(self.bonuses(kate))), (1, 1))

    def test_the_bonus_expires_on_its_own_day_older_cashback_stays(self):
        """The greeting promises 100 ₽ until 29 January (30 days), though regular cashback
        lasts 20 days only (allowed: the bonus has its own expiry): the unspent bonus expires
        whole the day after, while regular cashback earned before it, not yet due, stays."""
        self.company.coop_cashback_expiry_days = 20
        Move = self.env["coop.cashback.move"].with_company(self.company)
        regular = Move._coop_record(self.anna, "accrual", 40, "regular", date=date(2026, 12, 20))
        self.company._coop_post_cashback_moves(regular, ref="regular")
        self.run_job("2026-12-30")
        bonus = self.bonuses(self.anna)
        self.assertEqual(bonus.expiry_date, date(2027, 1, 30))
        Check = self.env["coop.cashback.check"]
        with freeze_time("2027-01-09"):  # the regular cashback is due, the bonus is not
            Check._coop_cron_expire()
        self.assertEqual(self.owed(self.anna), 100.0)
        regular = Move._coop_record(self.anna, "accrual", 15, "regular-2", date=date(2027, 1, 25))
        self.company._coop_post_cashback_moves(regular, ref="regular-2")
        with freeze_time("2027-01-29"):  # the last day the greeting promised
            Check._coop_cron_expire()
        self.assertEqual(self.owed(self.anna), 115.0)
        with freeze_time("2027-01-30"):
            Check._coop_cron_expire()
            Check._coop_cron_expire()  # nothing more
        self.assertEqual(self.owed(self.anna), 15.0, "the bonus expired whole")
        self.assertEqual(self.liability(self.anna), 15.0, "the books agree with the ledger")
        check = Check.with_user(self.manager).coop_check(self.company.id)
        self.assertEqual(check["differences"], [])
        expiry = self.anna.coop_cashback_move_ids.filtered(
            lambda m: m.source_key == f"expiry:{bonus.id}"
        )
        self.assertEqual(expiry.amount, -100.0)

    def test_29_february(self):
        """Born on 29 February: greeted on 28 February 2027, on 29 February 2028."""
        self.run_job("2027-02-28")
        self.assertEqual(len(self.mails(self.leap)), 1)
        self.assertEqual(self.bonuses(self.leap).source_key.rsplit(":", 1)[1], "2027")
        self.run_job("2028-02-28")
        self.assertEqual(len(self.bonuses(self.leap)), 1)
        self.run_job("2028-02-29")
        self.assertEqual(
            sorted(self.bonuses(self.leap).mapped("source_key")),
            [f"birthday:{self.company.id}:{self.leap.id}:{year}" for year in (2027, 2028)],
        )
        self.assertEqual(self.liability(self.leap), 200.0)
        self.assert_books_clean()

    def test_each_cooperative_apart(self):
        """Both cooperatives greet: an officer's run greets only their own cooperative's
        people; the scheduler's run greets the other's with its own bonus, in its own books."""
        self.other.write(
            {
                "coop_crm_birthday_greeting": True,
                "coop_crm_birthday_channel": "email",
                "coop_crm_birthday_bonus": 50.0,
            }
        )
        self.run_job("2026-12-30", self.officer)
        self.assertFalse(self.mails(self.stranger) or self.bonuses(self.stranger))
        self.run_job("2026-12-30")
        bonus = self.bonuses(self.stranger)
        self.assertEqual(
            (bonus.company_id, bonus.amount, bonus.source_key),
            (self.other, 50.0, f"birthday:{self.other.id}:{self.stranger.id}:2026"),
        )
        self.assertEqual(self.liability(self.stranger, self.other), 50.0)
        self.assertEqual(len(self.mails(self.stranger)), 1)
        self.assertFalse(self.sms(self.stranger))  # e-mail only there
        self.assertEqual(len(self.bonuses(self.anna)), 1)
        self.assert_books_clean()
        manager = self._coop_user(
            "coop_t_manager_other", "coop_membership.group_manager", company=self.other
        )
        result = self.env["coop.cashback.check"].with_user(manager).coop_invariants()
        self.assertTrue(result["ok"], result["problems"])

    def test_settings_form(self):
        """Settings > Cooperative > Birthday greeting sets the cooperative's greeting."""
        self.company.coop_crm_birthday_greeting = False
        admin = self.env.ref("base.user_admin")
        admin.company_ids |= self.company
        settings = Form(self.env["res.config.settings"].with_user(admin).with_company(self.company))
        settings.coop_crm_birthday_greeting = True
        settings.coop_crm_birthday_channel = "sms"
        settings.coop_crm_birthday_bonus = 70
        settings.coop_crm_birthday_bonus_days = 14
        settings.save().execute()
        self.assertEqual(
            (
                self.company.coop_crm_birthday_greeting,
                self.company.coop_crm_birthday_channel,
                self.company.coop_crm_birthday_bonus,
                self.company.coop_crm_birthday_bonus_days,
            ),
            (True, "sms", 70.0, 14),
        )

    def test_bonus_setting_checked(self):
        """A negative bonus, or a validity under a day, is refused, naming the cooperative."""
        for values in ({"coop_crm_birthday_bonus": -1}, {"coop_crm_birthday_bonus_days": 0}):
            with self.assertRaisesRegex(ValidationError, "ПО «Тест»: the birthday bonus"):
                self.company.write(values)

    def test_only_officers_of_the_cooperative(self):
        """A cashier may not run the job; nor may an officer of another cooperative."""
        with self.assertRaises(AccessError):
            self.run_job("2026-12-30", self.cashier)
        officer = self._coop_user(
            "coop_t_officer_other", "coop_membership.group_officer", company=self.other
        )
        with self.assertRaises(AccessError):
            self.run_job("2026-12-30", officer)
        self.assertFalse(self.bonuses(self.anna))
