"""The member register (реестр пайщиков) and the member statement: what the PDF reports and the
spreadsheets show, computed here once for both."""

import io
import re
from datetime import date

import xlsxwriter

from odoo import api, fields, models
from odoo.tools.misc import get_lang

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REGISTER_STATES = ("member", "leaving")
# strftime directives of a language's date format and their spreadsheet equivalents
DATE_DIRECTIVES = {
    "%d": "dd",
    "%e": "d",
    "%m": "mm",
    "%b": "mmm",
    "%B": "mmmm",
    "%Y": "yyyy",
    "%y": "yy",
}


class ResPartner(models.Model):
    _inherit = "res.partner"

    # ------------------------------------------------------------------ who and what

    @api.model
    def _coop_register_members(self):
        """The people of the register: members and leaving people of the current company."""
        return self.search(
            [("company_id", "=", self.env.company.id), ("coop_state", "in", REGISTER_STATES)]
        )._coop_register_sorted()

    def _coop_register_sorted(self):
        """These people in register order: by member number, then name."""
        return self.sorted(lambda p: (p.coop_member_number or "", p.name or "", p.id))

    def _coop_register_address(self):
        """The place of residence the member gave in their application (the admitted one,
        else the latest submitted); for a legal entity, or without it, the contact address on
        one line (without the name: the register has it in its own column)."""
        self.ensure_one()
        applications = self.coop_application_ids.filtered(
            lambda a: a.state in ("admitted", "submitted") and a.residence
        ).sorted(lambda a: (a.state == "admitted", a.decision_date or a.date, a.id))
        if applications:
            return applications[-1].residence.strip()
        lines = self._display_address(without_company=True).splitlines()
        return ", ".join(line.strip() for line in lines if line.strip())

    def _coop_register_total(self):
        return sum(self.mapped("coop_share_capital"))

    def _coop_statement_contributions(self):
        self.ensure_one()
        return self.coop_contribution_ids.sorted(lambda c: (c.date, c.id))

    def _coop_statement_history(self):
        self.ensure_one()
        return self.coop_state_event_ids.sorted(lambda e: (e.date, e.id))

    def _coop_entry_fees_paid(self):
        self.ensure_one()
        fees = self.coop_contribution_ids.filtered(
            lambda c: c.kind == "entry_fee" and c.state == "paid"
        )
        return sum(fees.mapped("amount"))

    def _coop_report_company(self):
        """The cooperative a report of these people is printed for."""
        company = self.company_id
        return company if len(company) == 1 else self.env.company

    @api.model
    def _coop_selection_label(self, record, fname):
        selection = record._fields[fname]._description_selection(self.env)
        return dict(selection).get(record[fname]) or ""

    # ------------------------------------------------------------------ actions

    @api.model
    def action_coop_print_member_register(self):
        """Menu: the PDF member register of the current company's members and leaving people."""
        report = self.env.ref("coop_membership.action_report_coop_member_register")
        return report.report_action(self._coop_register_members())

    def action_coop_statement_xlsx(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/coop/member_statement/{self.id}.xlsx",
            "target": "download",
        }

    # ------------------------------------------------------------------ spreadsheets

    def _coop_xlsx_formats(self, workbook, currency):
        lang_format = get_lang(self.env).date_format or ""
        date_format = re.sub(
            r"%[a-zA-Z]", lambda m: DATE_DIRECTIVES.get(m.group(), "?"), lang_format
        )
        if not lang_format or "?" in date_format:
            date_format = "yyyy-mm-dd"
        digits = "0." + "0" * currency.decimal_places if currency.decimal_places else "0"
        symbol = '"{}"'.format((currency.symbol or currency.name or "").replace('"', ""))
        if currency.position == "before":
            money_format = f"{symbol}#,##{digits}"
        else:
            money_format = f"#,##{digits} {symbol}"
        return {
            "title": workbook.add_format({"bold": True, "font_size": 14}),
            "bold": workbook.add_format({"bold": True}),
            "header": workbook.add_format(
                {"bold": True, "bg_color": "#D9D9D9", "border": 1, "text_wrap": True}
            ),
            "text": workbook.add_format({"text_wrap": True, "valign": "top"}),
            "date": workbook.add_format({"num_format": date_format, "valign": "top"}),
            "datetime": workbook.add_format({"num_format": f"{date_format} hh:mm"}),
            "money": workbook.add_format({"num_format": money_format, "valign": "top"}),
            "money_total": workbook.add_format({"num_format": money_format, "bold": True}),
        }

    def _coop_xlsx_heading(self, sheet, formats, title, company):
        sheet.write(0, 0, title, formats["title"])
        sheet.write(1, 0, company.name, formats["bold"])
        sheet.write(2, 0, self.env._("Printed on"))
        now = fields.Datetime.context_timestamp(self, fields.Datetime.now())
        sheet.write_datetime(2, 1, now.replace(tzinfo=None), formats["datetime"])

    @staticmethod
    def _coop_xlsx_cell(sheet, row, col, value, cell_format):
        """Write a value, leaving the cell empty for a missing one."""
        if value is False or value is None or value == "":
            sheet.write_blank(row, col, None, cell_format)
        elif isinstance(value, date):
            sheet.write_datetime(row, col, value, cell_format)
        else:
            sheet.write(row, col, value, cell_format)

    def _coop_register_xlsx_headers(self):
        return [
            self.env._("Member number"),
            self.env._("Name"),
            self.env._("Member since"),
            self.env._("Address"),
            self.env._("State"),
            self.env._("Share capital"),
        ]

    def _coop_member_register_xlsx(self):
        """The member register of these people (in register order) as an xlsx file."""
        members = self._coop_register_sorted()
        company = members._coop_report_company()
        buffer = io.BytesIO()
        workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
        sheet = workbook.add_worksheet(self.env._("Member register")[:31])
        formats = self._coop_xlsx_formats(workbook, company.currency_id)
        self._coop_xlsx_heading(sheet, formats, self.env._("Member register"), company)
        header_row = 4
        sheet.write_row(header_row, 0, self._coop_register_xlsx_headers(), formats["header"])
        row = header_row
        money_formats = {company.currency_id: formats["money"]}
        for row, member in enumerate(members, start=header_row + 1):
            currency = member.coop_currency_id or company.currency_id
            if currency not in money_formats:
                money_formats[currency] = self._coop_xlsx_formats(workbook, currency)["money"]
            money = money_formats[currency]
            values = [
                (member.coop_member_number, formats["text"]),
                (member.name, formats["text"]),
                (member.coop_member_since, formats["date"]),
                (member._coop_register_address(), formats["text"]),
                (self._coop_selection_label(member, "coop_state"), formats["text"]),
                (member.coop_share_capital, money),
            ]
            for col, (value, cell_format) in enumerate(values):
                self._coop_xlsx_cell(sheet, row, col, value, cell_format)
        if members:
            sheet.autofilter(header_row, 0, row, 5)
        total_row = row + 1
        sheet.write(total_row, 0, self.env._("Total"), formats["bold"])
        sheet.write_number(total_row, 5, members._coop_register_total(), formats["money_total"])
        sheet.freeze_panes(header_row + 1, 0)
        for col, width in enumerate([15, 35, 14, 50, 14, 18]):
            sheet.set_column(col, col, width)
        workbook.close()
        return buffer.getvalue()

    def _coop_statement_xlsx_headers(self):
        contributions = [
            self.env._("Kind"),
            self.env._("Date"),
            self.env._("Amount"),
            self.env._("State"),
            self.env._("Payment date"),
            self.env._("Due date"),
        ]
        history = [
            self.env._("Date"),
            self.env._("From"),
            self.env._("To"),
            self.env._("Reason"),
            self.env._("By"),
        ]
        return contributions, history

    def _coop_member_statement_xlsx(self):
        """The statement of this person as an xlsx file: identity, fees and shares with their
        totals, and the membership history."""
        self.ensure_one()
        company = self._coop_report_company()
        buffer = io.BytesIO()
        workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
        sheet = workbook.add_worksheet(self.env._("Member statement")[:31])
        formats = self._coop_xlsx_formats(workbook, self.coop_currency_id or company.currency_id)
        self._coop_xlsx_heading(sheet, formats, self.env._("Member statement"), company)
        cell = self._coop_xlsx_cell

        identity = [
            (self.env._("Name"), self.name, formats["text"]),
            (self.env._("Member number"), self.coop_member_number, formats["text"]),
            (self.env._("State"), self._coop_selection_label(self, "coop_state"), formats["text"]),
            (self.env._("Member since"), self.coop_member_since, formats["date"]),
        ]
        if self.coop_exit_kind:
            identity.append(
                (
                    self.env._("Reason of leaving"),
                    self._coop_selection_label(self, "coop_exit_kind"),
                    formats["text"],
                )
            )
        row = 4
        for label, value, cell_format in identity:
            sheet.write(row, 0, label, formats["bold"])
            cell(sheet, row, 1, value, cell_format)
            row += 1

        contribution_headers, history_headers = self._coop_statement_xlsx_headers()
        row += 1
        sheet.write(row, 0, self.env._("Fees and shares"), formats["title"])
        row += 1
        sheet.write_row(row, 0, contribution_headers, formats["header"])
        for contribution in self._coop_statement_contributions():
            row += 1
            values = [
                (self._coop_selection_label(contribution, "kind"), formats["text"]),
                (contribution.date, formats["date"]),
                (contribution.amount, formats["money"]),
                (self._coop_selection_label(contribution, "state"), formats["text"]),
                (contribution.payment_date, formats["date"]),
                (contribution.due_date, formats["date"]),
            ]
            for col, (value, cell_format) in enumerate(values):
                cell(sheet, row, col, value, cell_format)
        row += 2
        sheet.write(row, 0, self.env._("Share capital"), formats["bold"])
        sheet.write_number(row, 2, self.coop_share_capital, formats["money_total"])
        row += 1
        sheet.write(row, 0, self.env._("Entry fees paid"), formats["bold"])
        sheet.write_number(row, 2, self._coop_entry_fees_paid(), formats["money_total"])

        row += 2
        sheet.write(row, 0, self.env._("Membership history"), formats["title"])
        row += 1
        sheet.write_row(row, 0, history_headers, formats["header"])
        for event in self._coop_statement_history():
            row += 1
            values = [
                (event.date, formats["date"]),
                (self._coop_selection_label(event, "from_state"), formats["text"]),
                (self._coop_selection_label(event, "to_state"), formats["text"]),
                (event.reason, formats["text"]),
                (event.user_id.name, formats["text"]),
            ]
            for col, (value, cell_format) in enumerate(values):
                cell(sheet, row, col, value, cell_format)
        for col, width in enumerate([22, 14, 18, 40, 18, 14]):
            sheet.set_column(col, col, width)
        workbook.close()
        return buffer.getvalue()
