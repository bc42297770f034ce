import re
from datetime import date

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import CoopCase

CYRILLIC = re.compile("[а-яА-ЯёЁ]")


@tagged("post_install", "-at_install")
class TestLanguage(CoopCase):
    """What the cooperative stores for people to read (the status history, the notes in the
    chatter, the entry labels) is in the cooperative's language (its company contact's),
    whoever's call writes it: here staff whose own language is English, as an XML-RPC
    integrator's would be. What is said to the user (an error) stays in the user's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("ru_RU")
        # the selections' labels (statuses, channels, kinds) are translated in the database
        cls.env["ir.module.module"].search([("name", "=", "coop_membership")])._update_translations(
            ["ru_RU"]
        )
        cls.company.partner_id.lang = "ru_RU"
        (cls.cashier | cls.officer | cls.manager).lang = "en_US"

    def as_user(self, user, model):
        # an RPC call carries the user's own language in its context
        return super().as_user(user, model).with_context(lang=user.lang)

    def test_the_history_is_in_the_cooperative_language(self):
        partner = self.make_member("+7 900 555-00-01")
        app = partner.coop_application_ids
        events = partner.coop_state_event_ids.sorted("id")
        self.assertEqual(
            events.mapped("reason")[:3],
            [
                "Регистрация (Касса)",
                f"Подано заявление {app.name}",
                "Принят решением совета № С-12 от 20.03.2026",
            ],
        )
        self.assertEqual(
            events[3].reason,
            f"Пайщик № {partner.coop_member_number}: принят 20.03.2026, вступительный взнос "
            "уплачен 25.03.2026, обязательный паевой взнос уплачен 26.03.2026",
        )

    def test_the_chatter_is_in_the_cooperative_language(self):
        partner, _result = self.register("+7 900 555-00-02")
        # each step its own call, Odoo's tracking written before each commit (a person
        # created in the call is not tracked: the note says it)
        self.env.cr.precommit.run()
        app = self.apply(partner)
        self.env.cr.precommit.run()
        app.write({"decision_number": "С-12", "decision_date": date(2026, 3, 20)})  # saved
        self.env.cr.precommit.run()
        app.action_admit()  # then the button
        self.env.cr.precommit.run()
        registered_on = partner.coop_state_event_ids.filtered(lambda e: e.to_state == "shopper")
        notes = partner.message_ids.filtered(lambda m: "→" in (m.body or "")).sorted("id")
        self.assertEqual(
            [re.sub("<[^>]+>", "", note.body) for note in notes],
            [
                f"не зарегистрирован → Покупатель ({registered_on.date:%d.%m.%Y}): "
                "Регистрация (Касса)",
                f"Покупатель → Заявитель (02.03.2026): Подано заявление {app.name}",
                "Заявитель → Принят (20.03.2026): Принят решением совета № С-12 от 20.03.2026",
            ],
        )
        # Odoo's tracking of the status, as the chatter shows it
        tracked = partner.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "coop_state"
        )
        self.assertEqual(sorted(tracked.mapped("new_value_char")), ["Заявитель", "Принят"])
        # the application's own history (its status) too
        states = app.message_ids.tracking_value_ids.filtered(lambda t: t.field_id.name == "state")
        self.assertIn("Принят", states.mapped("new_value_char"))
        self.assertNotIn("Admitted", states.mapped("new_value_char"))

    def test_entry_labels_are_in_the_cooperative_language(self):
        partner = self.make_member("+7 900 555-00-03")
        lines = self.env["account.move.line"].search(
            [("partner_id", "=", partner.id), ("parent_state", "=", "posted")]
        )
        self.assertEqual(len(lines), 6, "fee (2 lines), share due (2), share paid (2)")
        share = f"Обязательный паевой взнос {partner.name} 26.03.2026"
        self.assertEqual(
            set(lines.mapped("name")),
            {f"Вступительный взнос {partner.name} 25.03.2026", share, f"Оплата: {share}"},
        )
        self.assertTrue(all(CYRILLIC.search(move.ref) for move in lines.move_id))
        # the books agree with what the person paid
        fee_account = self.company.coop_entry_fee_account_id
        self.assertEqual(self.balance(fee_account, partner), -1000)
        self.assertEqual(partner.coop_share_capital, 500)

    def test_what_is_said_to_the_user_stays_in_their_language(self):
        partner, _result = self.register("+7 900 555-00-04")
        with self.assertRaisesRegex(ValidationError, "cannot be recorded: the person is"):
            self.contribute(partner, "mandatory_share", 500, date(2026, 3, 26))

    def test_an_english_cooperative_keeps_english_whoever_acts(self):
        self.company.partner_id.lang = "en_US"
        self.cashier.lang = "ru_RU"
        partner, _result = self.register("+7 900 555-00-05")
        self.assertEqual(partner.coop_state_event_ids.reason, "Registered (Till)")
        note = partner.message_ids.filtered(lambda m: "→" in (m.body or ""))
        self.assertIn("not registered → Shopper on", note.body)
