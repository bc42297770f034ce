from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CoopPortalCase

GUARDIAN = "coop_error_guardian_name"


@tagged("post_install", "-at_install")
class TestPortalApply(CoopPortalCase):
    """The membership application on the page: filed by the logged-in person only, as at
    the desk (a submitted application for the council, with its deadline); bad input shown
    beside its field, with what was typed kept."""

    def form(self, **values):
        return {
            "full_name": "Смирнова Анна Петровна",
            "birthdate": "1980-05-17",
            "residence": "Иваново, ул. Ленина, 1",
            "declaration": "1",
            **values,
        }

    def post_apply(self, data, csrf=True):
        if csrf:
            data = {**data, "csrf_token": self.csrf(self.page("/my/coop/apply"))}
        return self.url_open("/my/coop/apply", data=data, allow_redirects=False)

    def applications(self, person):
        return self.env["coop.membership.application"].search([("partner_id", "=", person.id)])

    def test_apply_files_a_submitted_application(self):
        self.login(self.anna_user)
        doc = self.page("/my/coop")
        button = doc.xpath("//*[@id='coop_step_council_action']/@href")
        self.assertEqual(button, ["/my/coop/apply"])
        form = self.page("/my/coop/apply")
        self.assertEqual(form.xpath("//input[@name='full_name']/@value"), [self.anna.name])
        self.assertIn("charter", self.text(form, "coop_apply_form"))
        # an id in the form is not read: the application is the logged-in person's
        data = self.form(declaration_no_own_income="1", partner_id=str(self.boris.id))
        response = self.post_apply(data)
        self.assertEqual(response.status_code, 303, response.text[:500])
        self.assertIn("/my/coop?done=applied", response.headers["Location"])
        app = self.applications(self.anna)
        self.assertEqual(len(app), 1)
        self.assertFalse(self.applications(self.boris))
        # the person's today (their time zone, UTC when unset), as the page files it
        today = fields.Date.context_today(self.anna.with_context(tz=self.anna_user.tz or "UTC"))
        self.assertEqual(
            (app.state, app.company_id, app.date, app.deadline),
            ("submitted", self.company, today, today + timedelta(days=30)),
        )
        self.assertEqual(
            (app.full_name, app.birthdate, app.residence, app.declaration_no_own_income),
            ("Смирнова Анна Петровна", date(1980, 5, 17), "Иваново, ул. Ленина, 1", True),
        )
        self.anna.invalidate_recordset()
        self.assertEqual(self.anna.coop_state, "applicant")
        self.assertEqual(self.anna.coop_birthdate, date(1980, 5, 17))
        event = self.anna.coop_state_event_ids.sorted("id")[-1:]
        self.assertEqual((event.to_state, event.document), ("applicant", app))
        notes = app.message_ids.filtered(lambda m: "channel: portal" in (m.body or ""))
        self.assertEqual(len(notes), 1)
        self.assertIn("charter", notes.body)
        doc = self.page("/my/coop?done=applied")
        self.assertIn("application is filed", self.text(doc, "coop_done"))
        self.assertIn(app.name, self.text(doc, "coop_step_council"))
        self.assertFalse(doc.xpath("//*[@id='coop_step_council_action']"))

    def test_a_second_application_is_refused(self):
        self.login(self.anna_user)
        self.assertEqual(self.post_apply(self.form()).status_code, 303)
        app = self.applications(self.anna)
        doc = self.page("/my/coop/apply")
        self.assertIn(app.name, self.text(doc, "coop_apply_open"))
        self.assertFalse(doc.xpath("//form[@id='coop_apply_form']"))
        response = self.url_open(
            "/my/coop/apply",
            data={**self.form(), "csrf_token": self.csrf(self.page("/my/coop"))},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 409)
        self.assertIn(app.name, response.text)
        self.assertEqual(self.applications(self.anna), app)

    def test_bad_input_is_shown_beside_its_field(self):
        self.login(self.anna_user)
        today = fields.Date.context_today(self.anna)
        cases = [
            ({"full_name": " "}, "coop_error_full_name"),
            ({"residence": ""}, "coop_error_residence"),
            ({"birthdate": "17.05.1980"}, "coop_error_birthdate"),
            ({"birthdate": (today + timedelta(days=1)).isoformat()}, "coop_error_birthdate"),
            ({"birthdate": (today - relativedelta(years=15)).isoformat()}, "coop_error_birthdate"),
            ({"declaration": ""}, "coop_error_declaration"),
            (
                {"birthdate": (today - relativedelta(years=17)).isoformat()},
                "coop_error_guardian_name",
            ),
        ]
        for values, error_id in cases:
            with self.subTest(values=values):
                response = self.post_apply(self.form(**values))
                self.assertEqual(response.status_code, 400)
                doc = self.page_of(response)
                self.assertTrue(self.text(doc, error_id))
                # what was typed stays
                typed = self.form(**values)
                self.assertEqual(
                    doc.xpath("//input[@name='residence']/@value"), [typed["residence"]]
                )
                self.assertEqual(
                    doc.xpath("//input[@name='birthdate']/@value"), [typed["birthdate"]]
                )
        self.assertFalse(self.applications(self.anna))
        self.assertEqual(self.anna.coop_state, "shopper")

    def test_under_18_with_a_guardian(self):
        self.login(self.anna_user)
        born = fields.Date.context_today(self.anna) - relativedelta(years=17)
        data = self.form(
            birthdate=born.isoformat(), guardian_name="Смирнов Пётр Иванович", guardian_consent="1"
        )
        self.assertEqual(self.post_apply(data).status_code, 303)
        app = self.applications(self.anna)
        # the person's tick is not the guardian's consent: an officer confirms it
        self.assertEqual(
            (app.state, app.guardian_name, app.guardian_consent),
            ("submitted", "Смирнов Пётр Иванович", False),
        )
        app = app.with_user(self.officer)
        app.write({"decision_number": "С-3", "decision_date": app.date})
        with self.assertRaisesRegex(UserError, "confirm it"):
            app.action_admit()
        self.assertEqual(app.state, "submitted")
        app.action_coop_confirm_guardian_consent()
        self.assertTrue(app.guardian_consent)
        self.assertIn("confirmed by", app.message_ids[0].body)
        app.action_admit()
        self.assertEqual((app.state, self.anna.coop_state), ("admitted", "admitted"))

    def test_a_member_cannot_apply(self):
        member = self.make_member("+7 900 100-00-07")
        self.login(self._coop_portal_user(member))
        doc = self.page("/my/coop/apply")
        self.assertTrue(doc.xpath("//*[@id='coop_apply_open' or @id='coop_apply_closed']"))
        self.assertFalse(doc.xpath("//form[@id='coop_apply_form']"))
        count = len(self.applications(member))
        response = self.url_open(
            "/my/coop/apply",
            data={**self.form(), "csrf_token": self.csrf(self.page("/my/coop"))},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 409)
        self.assertEqual(len(self.applications(member)), count)

    def test_logged_out_or_without_csrf(self):
        response = self.url_open("/my/coop/apply", allow_redirects=False)
        self.assertIn("/web/login", response.headers["Location"])
        with mute_logger("odoo.http"):
            response = self.url_open("/my/coop/apply", data=self.form(), allow_redirects=False)
        self.assertIn(response.status_code, (303, 400))
        self.login(self.anna_user)
        with mute_logger("odoo.http"):
            response = self.post_apply(self.form(), csrf=False)
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.applications(self.anna))

    def test_a_former_member_applies_again(self):
        member = self.make_member("+7 900 100-00-08")
        self.assertFalse(member._coop_portal_can_apply())
        member.sudo().write({"coop_state": "former"})  # as the exit leaves them
        self.assertFalse(member._coop_portal_open_application(), "the old admission is closed")
        self.assertTrue(member._coop_portal_can_apply())
        self.login(self._coop_portal_user(member))
        self.assertTrue(self.page("/my/coop/apply").xpath("//form[@id='coop_apply_form']"))
