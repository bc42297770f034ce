from odoo.tests import tagged

from .common import CoopPortalCase

STATEMENT = "coop_membership.action_report_coop_member_statement"


@tagged("post_install", "-at_install")
class TestPortalTourStatement(CoopPortalCase):
    """In a phone-sized browser: a member finds the statement link on their page (tour
    coop_portal_statement); the statement downloads as theirs only."""

    browser_size = "390x844"

    def setUp(self):
        super().setUp()
        self.member = self.make_member("+7 900 100-00-07")
        self.member_user = self._coop_portal_user(self.member)

    def test_member_finds_the_statement_on_a_phone(self):
        self.assertEqual(self.member.coop_state, "member")
        self.assertTrue(self.member.coop_member_number)
        self.start_tour("/my", "coop_portal_statement", login=self.member_user.login)
        self.login(self.member_user)
        response = self.url_open("/my/coop/statement")
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response.headers["Content-Disposition"])
        self.assertIn(self.member.coop_member_number, response.headers["Content-Disposition"])
        if response.headers["Content-Type"] == "application/pdf":
            self.assertTrue(response.content.startswith(b"%PDF"))
        else:  # tests render reports as HTML (ir.actions.report, test_enable)
            self.assertEqual(response.headers["Content-Type"], "text/html")
            self.assertIn(self.member.name, response.text)
            self.assertIn(self.member.coop_member_number, response.text)
            self.assertIn("Member statement", response.text)

    def test_the_statement_is_a_pdf_naming_the_member(self):
        """What the route sends outside tests: wkhtmltopdf's PDF of the same report."""
        report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        content, kind = report._render_qweb_pdf(STATEMENT, self.member.ids)
        self.assertEqual(kind, "pdf")
        self.assertTrue(content.startswith(b"%PDF"), content[:20])
        # the PDF's text is not readable back (wkhtmltopdf's fonts): the same report's HTML
        html_content, _kind = report._render_qweb_html(STATEMENT, self.member.ids)
        html_text = html_content.decode()
        self.assertIn(self.member.name, html_text)
        self.assertIn(self.member.coop_member_number, html_text)

    def test_no_one_else_downloads_the_members_statement(self):
        # another registered person: their own statement, nothing of the member's
        self.login(self.boris_user)
        response = self.url_open(f"/my/coop/statement?partner_id={self.member.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.boris.name, response.text)
        self.assertNotIn(self.member.name, response.text)
        self.assertNotIn(self.member.coop_member_number, response.text)
        self.assertNotIn(self.member.coop_member_number, response.headers["Content-Disposition"])
        # a portal user who is no one's person in the cooperative: refused
        stranger = self.env["res.partner"].create({"name": "Посторонний"})
        self.login(self._coop_portal_user(stranger))
        self.page(f"/my/coop/statement?partner_id={self.member.id}", status=404)
        # logged out: sent to the login page
        self.logout()
        response = self.url_open("/my/coop/statement", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])
