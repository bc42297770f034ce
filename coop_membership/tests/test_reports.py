import io
from datetime import date, datetime
from urllib.parse import unquote

import openpyxl

from odoo import fields
from odoo.tests import HttpCase, tagged
from odoo.tools.misc import format_date

from ..models.coop_member_register import XLSX_MIMETYPE
from .common import CoopCase

REGISTER = "coop_membership.report_coop_member_register"
STATEMENT = "coop_membership.report_coop_member_statement"
REGISTER_HEADERS = ["Member number", "Name", "Member since", "Address", "State", "Share capital"]


@tagged("post_install", "-at_install")
class TestReports(CoopCase):
    """The member register and the member statement, as PDF (rendered as HTML in tests) and as
    spreadsheets."""

    def setUp(self):
        super().setUp()
        self.anna = self.member("+7 900 111-11-11", "Анна Смирнова")
        self.boris = self.member("+7 900 222-22-22", "Борис Кузнецов", share_on=date(2026, 3, 27))
        self.contribute(self.anna, "additional_share", 2000, date(2026, 5, 1))
        self.anna.write({"street": "ул. Ленина, 1", "city": "Иваново"})
        self.vera = self.member("+7 900 333-33-33", "Вера Уходящая", share_on=date(2026, 3, 28))
        self.env["coop.exit.wizard"].with_user(self.officer).create(
            {
                "partner_id": self.vera.id,
                "kind": "exit",
                "date": date(2026, 9, 1),
                "reason": "Заявление о выходе от 2026-09-01",
            }
        ).action_confirm()
        self.shopper, _result = self.register("+7 900 444-44-44", name="Глеб Покупатель")

    def member(self, phone, name, share_on=date(2026, 3, 26)):
        partner = self.make_member(phone, share_on=share_on)
        partner.name = name
        return partner

    def render(self, report, partners):
        html, _kind = self.as_user(self.officer, "ir.actions.report")._render_qweb_html(
            report, partners.ids
        )
        return html.decode()

    def money(self, amount):
        return f"{amount:,.2f}"

    def workbook(self, content):
        return openpyxl.load_workbook(io.BytesIO(content)).active

    def rows(self, sheet):
        return [list(row) for row in sheet.iter_rows(values_only=True)]

    # ------------------------------------------------------------------ the register

    def test_people_of_the_register(self):
        register = self.as_user(self.officer, "res.partner")._coop_register_members()
        self.assertEqual(register, self.anna | self.boris | self.vera)
        self.assertEqual(
            register.mapped("coop_member_number"),
            sorted(
                [
                    self.anna.coop_member_number,
                    self.boris.coop_member_number,
                    self.vera.coop_member_number,
                ]
            ),
        )
        self.assertEqual(self.vera.coop_state, "leaving")
        self.assertEqual(self.anna.coop_share_capital, 2500)
        self.assertEqual(self.boris.coop_share_capital, 500)
        self.assertEqual(self.vera.coop_share_capital, 0)  # the refund is posted on exit

        action = self.as_user(self.officer, "res.partner").action_coop_print_member_register()
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(action["report_name"], REGISTER)
        self.assertEqual(action["context"]["active_ids"], register.ids)

    def test_register_pdf_lists_everyone_printed_with_the_total(self):
        people = self.boris | self.anna | self.vera
        html = self.render(REGISTER, people)
        self.assertIn("Member register", html)
        self.assertIn(self.company.name, html)
        for person in people:
            self.assertIn(person.name, html)
            self.assertIn(person.coop_member_number, html)
        self.assertNotIn(self.shopper.name, html)
        # in register order, whatever the order printed
        self.assertLess(html.index(self.anna.name), html.index(self.boris.name))
        self.assertLess(html.index(self.boris.name), html.index(self.vera.name))
        self.assertIn("Иваново, ул. Ленина, 1", html)  # the residence of the application
        self.assertIn(format_date(self.env, self.anna.coop_member_since), html)
        self.assertIn("Leaving", html)
        self.assertIn(self.money(2500), html)
        self.assertIn(self.money(500), html)
        self.assertIn(self.money(3000), html)  # the total

    def test_register_xlsx(self):
        people = self.as_user(self.officer, "res.partner")._coop_register_members()
        sheet = self.workbook(people._coop_member_register_xlsx())
        rows = self.rows(sheet)
        self.assertEqual(rows[0][0], "Member register")
        self.assertEqual(rows[1][0], self.company.name)
        self.assertIsInstance(rows[2][1], datetime)  # printed on
        header = rows.index(REGISTER_HEADERS)
        body = rows[header + 1 : header + 4]
        self.assertEqual(
            [row[:3] + row[4:] for row in body],
            [
                [
                    self.anna.coop_member_number,
                    "Анна Смирнова",
                    datetime(2026, 3, 26),
                    "Member",
                    2500,
                ],
                [
                    self.boris.coop_member_number,
                    "Борис Кузнецов",
                    datetime(2026, 3, 27),
                    "Member",
                    500,
                ],
                [
                    self.vera.coop_member_number,
                    "Вера Уходящая",
                    datetime(2026, 3, 28),
                    "Leaving",
                    0,
                ],
            ],
        )
        self.assertEqual(body[0][3], "Иваново, ул. Ленина, 1")
        self.assertEqual(rows[header + 4][0], "Total")
        self.assertEqual(rows[header + 4][5], 3000)
        self.assertEqual(len(rows), header + 5)
        self.assertIn(self.rub.symbol, sheet.cell(header + 2, 6).number_format)

    def test_empty_register_xlsx(self):
        rows = self.rows(self.workbook(self.env["res.partner"]._coop_member_register_xlsx()))
        header = rows.index(REGISTER_HEADERS)
        self.assertEqual(rows[header + 1][0], "Total")
        self.assertEqual(rows[header + 1][5], 0)

    # ------------------------------------------------------------------ the statement

    def test_statement_pdf(self):
        html = self.render(STATEMENT, self.anna | self.vera)
        self.assertEqual(html.count("Member statement"), 2)
        self.assertIn(self.anna.name, html)
        self.assertIn(self.anna.coop_member_number, html)
        anna = html[: html.index(self.vera.name)]
        for label in ("Entry fee", "Mandatory share", "Additional share", "Paid"):
            self.assertIn(label, anna)
        self.assertIn(self.money(2000), anna)
        self.assertIn(self.money(2500), anna)  # share capital
        self.assertIn(self.money(1000), anna)  # entry fees paid
        self.assertIn(format_date(self.env, date(2026, 5, 1)), anna)
        # the history, oldest first
        self.assertIn("Registered (", anna)
        self.assertIn(f"Member no. {self.anna.coop_member_number}", anna)
        self.assertLess(anna.index(" submitted"), anna.index("Member no."))
        self.assertNotIn("Reason of leaving", anna)
        vera = html[html.index(self.vera.name) :]
        self.assertIn("Reason of leaving", vera)
        self.assertIn("Voluntary exit", vera)
        self.assertIn("Заявление о выходе от 2026-09-01", vera)
        self.assertIn("Share refund", vera)

    def test_statement_xlsx(self):
        partner = self.as_user(self.officer, "res.partner").browse(self.vera.id)
        rows = self.rows(self.workbook(partner._coop_member_statement_xlsx()))
        self.assertEqual(rows[0][0], "Member statement")
        identity = {row[0]: row[1] for row in rows[4:9]}
        self.assertEqual(
            identity,
            {
                "Name": "Вера Уходящая",
                "Member number": self.vera.coop_member_number,
                "State": "Leaving",
                "Member since": datetime(2026, 3, 28),
                "Reason of leaving": "Voluntary exit",
            },
        )
        header = rows.index(["Kind", "Date", "Amount", "State", "Payment date", "Due date"])
        refund = self.vera.coop_contribution_ids.filtered(lambda c: c.kind == "share_refund")
        self.assertEqual(
            rows[header + 1 : header + 4],
            [
                ["Entry fee", datetime(2026, 3, 25), 1000, "Paid", datetime(2026, 3, 25), None],
                [
                    "Mandatory share",
                    datetime(2026, 3, 28),
                    500,
                    "Paid",
                    datetime(2026, 3, 28),
                    None,
                ],
                [
                    "Share refund",
                    datetime(2026, 9, 1),
                    500,
                    "Posted",
                    None,
                    datetime.combine(refund.due_date, datetime.min.time()),
                ],
            ],
        )
        totals = {row[0]: row[2] for row in rows if row[0] in ("Share capital", "Entry fees paid")}
        self.assertEqual(totals, {"Share capital": 0, "Entry fees paid": 1000})
        history = rows.index(["Date", "From", "To", "Reason", "By", None])
        events = [row[:4] for row in rows[history + 1 :]]
        self.assertIn(None, [event[1] for event in events])  # the registration
        self.assertLess(
            [event[2] for event in events].index("Applicant"),
            [event[2] for event in events].index("Member"),
        )
        self.assertIn(
            [
                datetime(2026, 9, 1),
                "Member",
                "Leaving",
                "Voluntary exit: Заявление о выходе от 2026-09-01",
            ],
            events,
        )
        self.assertIn(
            [
                datetime(2026, 3, 28),
                "Admitted",
                "Member",
                f"Member no. {self.vera.coop_member_number}: admitted 03/20/2026, entry fee paid "
                "03/25/2026, mandatory share paid 03/28/2026",
            ],
            events,
        )
        self.assertEqual(events, sorted(events, key=lambda event: event[0]))
        self.assertIn(self.officer.name, [row[4] for row in rows[history + 1 :]])

    def test_statement_spreadsheet_button(self):
        action = self.anna.with_user(self.officer).action_coop_statement_xlsx()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertEqual(action["url"], f"/coop/member_statement/{self.anna.id}.xlsx")


@tagged("post_install", "-at_install")
class TestReportsHttp(HttpCase, CoopCase):
    """The spreadsheet routes: officers only, and only people they may read."""

    def test_spreadsheet_routes(self):
        member = self.make_member()
        stranger = self.env["res.partner"].create(
            {"name": "Someone else's", "company_id": self.env.ref("base.main_company").id}
        )
        register_url = "/coop/member_register.xlsx"
        statement_url = f"/coop/member_statement/{member.id}.xlsx"

        # The file is named with the officer's day, in their time zone (Ivanovo: UTC+3).
        self.officer.tz = "Europe/Moscow"
        self.env.flush_all()
        officers_day = fields.Date.context_today(self.officer.with_context(tz="Europe/Moscow"))
        self.authenticate("coop_t_officer", "coop_t_officer")
        response = self.url_open(register_url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], XLSX_MIMETYPE)
        self.assertEqual(
            unquote(response.headers["Content-Disposition"]),
            f"attachment; filename*=UTF-8''Member register {self.company.name} {officers_day}.xlsx",
        )
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        self.assertIn(member.coop_member_number, [cell.value for cell in sheet["A"]])
        response = self.url_open(statement_url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], XLSX_MIMETYPE)
        self.assertIn(member.coop_member_number, response.headers["Content-Disposition"])
        self.assertEqual(
            self.url_open(f"/coop/member_statement/{stranger.id}.xlsx").status_code, 403
        )
        self.assertEqual(self.url_open("/coop/member_statement/999999999.xlsx").status_code, 404)

        self.authenticate("coop_t_cashier", "coop_t_cashier")
        self.assertEqual(self.url_open(register_url).status_code, 403)
        self.assertEqual(self.url_open(statement_url).status_code, 403)
