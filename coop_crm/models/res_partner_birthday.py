"""Birthdays: the month and day of the birth date stored (indexed, so that a list of today's,
this week's or this month's birthdays is one indexed search whatever the year of birth), and
a search-only field that turns "today", "this week" (Monday to Sunday) or "this month" into a
domain on them, on the day of the search: it works in any domain (filters, mailings, RPC)."""

import calendar
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression

OFFICER = "coop_membership.group_officer"
PERIODS = [("today", "Today"), ("week", "This week"), ("month", "This month")]


class ResPartner(models.Model):
    _inherit = "res.partner"

    coop_birth_month = fields.Integer(
        string="Birth month", compute="_compute_coop_birth_day", store=True, index=True
    )
    coop_birth_day = fields.Integer(
        string="Birth day", compute="_compute_coop_birth_day", store=True
    )
    coop_birthday = fields.Selection(
        PERIODS,
        string="Birthday",
        compute="_compute_coop_birthday",
        search="_search_coop_birthday",
        groups=OFFICER,
        help="Search only: people whose birthday is today, this week or this month.",
    )
    coop_birthday_greeted_on = fields.Date(
        string="Greeted on birthday",
        copy=False,
        readonly=True,
        groups=OFFICER,
        help="The last birthday the cooperative greeted the person for (once a birthday).",
    )
    coop_birthday_percent = fields.Float(
        string="Birthday bonus (%)",
        digits=(5, 2),
        copy=False,
        readonly=True,
        groups=OFFICER,
        help="The percent of the next purchase at the till the last birthday greeting promised.",
    )
    coop_birthday_percent_until = fields.Date(
        string="Birthday bonus until",
        copy=False,
        readonly=True,
        groups=OFFICER,
        help="The first purchase at the till from the birthday to this date earns the birthday "
        "bonus percent (once).",
    )

    @api.depends("coop_birthdate")
    def _compute_coop_birth_day(self):
        for partner in self:
            birthdate = partner.coop_birthdate
            partner.coop_birth_month = birthdate and birthdate.month
            partner.coop_birth_day = birthdate and birthdate.day

    def _compute_coop_birthday(self):
        today = fields.Date.context_today(self)
        for partner in self:
            partner.coop_birthday = False
            for period, _label in PERIODS:
                if (partner.coop_birth_month, partner.coop_birth_day) in _days(today, period):
                    partner.coop_birthday = period
                    break

    def _search_coop_birthday(self, operator, value):
        if operator != "=" or value not in dict(PERIODS):
            raise UserError(
                self.env._(
                    "Search on Birthday with = and one of: today, week, month (got %(op)s "
                    "%(value)s).",
                    op=operator,
                    value=value,
                )
            )
        today = fields.Date.context_today(self)
        if value == "month":
            return [("coop_birth_month", "=", today.month)]
        return expression.OR(
            [
                [("coop_birth_month", "=", month), ("coop_birth_day", "=", day)]
                for month, day in sorted(_days(today, value))
            ]
        )


def _days(today, period):
    """The (month, day) pairs of ``period`` around ``today``; 29 February falls on 28 February
    in a year without it."""
    if period == "month":
        last = calendar.monthrange(today.year, today.month)[1]
        days = [today.replace(day=day) for day in range(1, last + 1)]
    elif period == "week":
        monday = today - timedelta(days=today.weekday())
        days = [monday + timedelta(days=n) for n in range(7)]
    else:
        days = [today]
    pairs = {(day.month, day.day) for day in days}
    if (2, 28) in pairs and not calendar.isleap(today.year):
        pairs.add((2, 29))
    return pairs
