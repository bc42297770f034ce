from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from odoo.addons.coop_membership.tests.common import CoopCase

from .common import ClassesCase


@tagged("post_install", "-at_install")
class TestPersonNotes(ClassesCase):
    """An officer plans calls and keeps notes on their cooperative's people (without the right to
    edit contacts), which then appear in the person's history; not on other contacts, not on
    another cooperative's people; a cashier on nobody."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.anna = cls.person("Анна Петрова", "+7 900 555-01-01")
        cls.stranger = cls.person("Пётр Иванов", "+7 900 555-01-02", user=cls.other_cashier)
        cls.supplier = cls.env["res.partner"].create(
            {"name": "ООО «Поставщик»", "is_company": True, "company_id": cls.company.id}
        )
        cls.officer_2 = cls._coop_user("coop_t_officer_2", "coop_membership.group_officer")

    def plan_call(self, partner, user):
        return partner.with_user(user).activity_schedule(
            "mail.mail_activity_data_call", summary="Позвонить: взнос", user_id=user.id
        )

    def test_an_officer_plans_a_call_another_officer_sees_it_and_marks_it_done(self):
        self.assertFalse(self.officer.has_group("base.group_partner_manager"))
        activity = self.plan_call(self.anna, self.officer)
        seen = (
            self.env["mail.activity"]
            .with_user(self.officer_2)
            .search([("res_model", "=", "res.partner"), ("res_id", "=", self.anna.id)])
        )
        self.assertEqual(seen, activity)
        activity.with_user(self.officer_2).action_feedback(feedback="Придёт в пятницу")
        self.assertFalse(activity.exists())
        kinds = (
            self.env["coop.person.event"]
            .with_user(self.officer)
            .search([("partner_id", "=", self.anna.id)])
            .mapped("kind")
        )
        self.assertIn("activity_done", kinds)

    def test_an_officer_keeps_a_note_on_the_person(self):
        message = self.anna.with_user(self.officer).message_post(
            body="Просит карту взамен утерянной", subtype_xmlid="mail.mt_note"
        )
        self.assertEqual(message.author_id, self.officer.partner_id)
        self.assertIn(message, self.anna.message_ids)

    def test_the_web_client_finds_the_person_to_post_on(self):
        """/mail/message/post asks for the thread with the empty model's mode ("write")."""
        Partner = self.env["res.partner"].with_user(self.officer)
        mode = Partner._mail_post_access
        self.assertEqual(Partner._get_thread_with_access(self.anna.id, mode=mode), self.anna)
        for partner in (self.supplier, self.stranger):
            self.assertFalse(Partner._get_thread_with_access(partner.id, mode=mode))

    def test_not_on_other_contacts_nor_another_cooperatives_people(self):
        for partner in (self.supplier, self.stranger):
            with self.subTest(partner=partner.name), self.assertRaises(AccessError):
                self.plan_call(partner, self.officer)
            with self.subTest(partner=partner.name), self.assertRaises(AccessError):
                partner.with_user(self.officer).message_post(body="x", subtype_xmlid="mail.mt_note")
        self.assertFalse(self.supplier.activity_ids | self.stranger.activity_ids)

    def test_a_cashier_neither_plans_nor_notes(self):
        # another cashier than the one who registered her (Odoo makes a record's creator one
        # of its followers, and followers may post on it)
        cashier = self._coop_user("coop_t_cashier_2", "coop_membership.group_cashier")
        with self.assertRaises(AccessError):
            self.plan_call(self.anna, cashier)
        with self.assertRaises(AccessError):
            self.anna.with_user(cashier).message_post(body="x", subtype_xmlid="mail.mt_note")

    def test_the_person_itself_is_not_edited_by_it(self):
        with self.assertRaises(AccessError):
            self.anna.with_user(self.officer).write({"street": "ул. Ленина, 1"})

    def test_reading_lowers_only_the_mode_to_post(self):
        """What the web client asks to post ("create" for the model) is reading for the
        officer's own people; the right to edit the person ("write": follow it by posting,
        edit or delete its messages) is still Odoo's, which the officer has not."""
        Partner = self.env["res.partner"].with_user(self.officer)
        self.assertFalse(Partner._get_thread_with_access(self.anna.id, "write"))
        self.assertEqual(Partner._get_thread_with_access(self.anna.id, mode="create"), self.anna)
        for partner in (self.supplier, self.stranger):
            with self.subTest(partner=partner.name):
                self.assertFalse(Partner._get_thread_with_access(partner.id, mode="create"))
        cashier = self.env["res.partner"].with_user(self.cashier)
        self.assertEqual(cashier._mail_post_access, "write")
        self.assertFalse(cashier._get_thread_with_access(self.anna.id, mode="create"))


@tagged("post_install", "-at_install")
class TestPersonNotesRoute(CoopCase, HttpCase):
    """The officer logs a note from the person's chatter as the web client does
    (``/mail/message/post``): on their own person only, without becoming a follower, and
    without the right to edit the contact through the web client either."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        other = cls._coop_company("ПО «Другое»")
        other_cashier = cls._coop_user("coop_t_cashier_o", "coop_membership.group_cashier", other)
        cls.anna = cls._register(cls.cashier, "Анна Петрова", "+7 900 555-01-01")
        cls.stranger = cls._register(other_cashier, "Пётр Иванов", "+7 900 555-01-02")

    @classmethod
    def _register(cls, cashier, name, phone):
        Partner = cls.env["res.partner"].with_user(cashier).with_company(cashier.company_id)
        values = {"phone": phone, "name": name, "consent_processing": True}
        return cls.env["res.partner"].browse(Partner.coop_register_shopper(values)["partner_id"])

    def post(self, partner):
        return self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "res.partner",
                "thread_id": partner.id,
                "post_data": {
                    "body": "Просит карту взамен утерянной",
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_note",
                },
            },
        )

    def test_an_officer_logs_a_note_from_the_chatter(self):
        self.authenticate(self.officer.login, self.officer.login)
        self.post(self.anna)
        note = self.anna.message_ids.filtered(lambda m: m.author_id == self.officer.partner_id)
        self.assertEqual(len(note), 1)
        self.assertIn("карту", note.body)
        self.assertNotIn(self.officer.partner_id, self.anna.message_partner_ids)

    def test_not_on_another_cooperatives_person_nor_an_edit(self):
        self.authenticate(self.officer.login, self.officer.login)
        with self.assertRaises(Exception):  # noqa: B017 (the route answers 404)
            self.post(self.stranger)
        self.assertFalse(
            self.stranger.message_ids.filtered(lambda m: m.author_id == self.officer.partner_id)
        )
        with self.assertRaises(Exception):  # noqa: B017 (an AccessError over JSON-RPC)
            self.make_jsonrpc_request(
                "/web/dataset/call_kw/res.partner/write",
                {
                    "model": "res.partner",
                    "method": "write",
                    "args": [[self.anna.id], {"street": "ул. Ленина, 1"}],
                    "kwargs": {},
                },
            )
        self.assertFalse(self.anna.street)
