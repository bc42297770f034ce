"""Reminders: activities (``mail.activity``) created each day by four rules, for every
cooperative. Each rule finds its records for the whole company in one query, skips those
that already have a reminder of the rule (open, or done in the last ``REPEAT_DAYS`` days) and
creates the rest in one ``create``; a reminder whose condition no longer holds is left alone.

The membership offer and the call to an inactive member are advertising (Law 38-FZ art. 18):
only for people with a current consent to advertising messages. The council's decision and the
share refund are the cooperative's own duties under the law and its charter: no consent needed."""

import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.coop_membership.models.coop_format import coop_date, coop_money
from odoo.addons.coop_membership.models.coop_state_event import coop_company_env

OFFICER = "coop_membership.group_officer"
MANAGER = "coop_membership.group_manager"
COUNCIL_REMIND_DAYS = 25  # after the application date; the law's limit is 30
REFUND_REMIND_DAYS = 7  # before the refund is due
INACTIVE_DAYS = 90  # a member without a purchase for this long gets a call
REPEAT_DAYS = 30  # a reminder done this recently is not made again

_logger = logging.getLogger(__name__)

# Members of the company whose last purchase (till or partner business), or membership
# start when later or when they never bought, is on or before %(limit)s: one aggregate of
# their purchases, no query per person
INACTIVE_SQL = """
    WITH members AS (
        SELECT id, coop_member_since FROM res_partner
         WHERE company_id = %(company)s AND coop_state = 'member' AND active
    ), purchases AS (
        SELECT o.partner_id, (o.date_order AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date AS day
          FROM pos_order o JOIN members m ON m.id = o.partner_id
         WHERE o.state IN ('paid', 'done', 'invoiced') AND o.amount_total >= 0
        UNION ALL
        SELECT t.partner_id, (t.date AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date
          FROM coop_partner_transaction t JOIN members m ON m.id = t.partner_id
         WHERE t.state = 'matched' AND t.kind = 'sale'
    ), last AS (
        SELECT partner_id, MAX(day) AS day FROM purchases GROUP BY partner_id
    )
    SELECT m.id, last.day
      FROM members m LEFT JOIN last ON last.partner_id = m.id
     WHERE GREATEST(last.day, m.coop_member_since) <= %(limit)s
"""


class ResCompany(models.Model):
    _inherit = "res.company"

    coop_crm_reminder_user_id = fields.Many2one(
        "res.users",
        string="Reminders go to",
        domain="[('share', '=', False), ('company_ids', 'in', id)]",
        help="Gets the cooperative's reminders (membership offers, council decisions due, share "
        "refunds due, members without purchases). Empty: the first officer of the cooperative "
        "(the first manager for share refunds).",
    )

    @api.constrains("coop_crm_reminder_user_id")
    def _check_coop_crm_reminder_user(self):
        for company in self:
            user = company.sudo().coop_crm_reminder_user_id
            if user and not company._coop_reminder_user_ok(user, OFFICER):
                raise ValidationError(
                    self.env._(
                        "%(company)s: Reminders go to: %(user)s must be an active internal user "
                        "allowed in this company and in the Cooperative / Officer group (choose "
                        "another user in Settings > Cooperative > Reminders, or empty the field).",
                        company=company.name,
                        user=user.name,
                    )
                )

    def _coop_reminder_user_ok(self, user, group):
        """May ``user`` get this cooperative's reminders of ``group``?"""
        self.ensure_one()
        return bool(
            user.active and not user.share and self in user.company_ids and user.has_group(group)
        )

    def _coop_cron_reminders(self):
        """Scheduled, daily (as the superuser): the reminders of every cooperative, each apart."""
        return self._coop_each_cooperative(lambda company: company._coop_remind(), "reminders")

    def _coop_remind(self, today=None):
        """Create this cooperative's reminders of ``today``; returns the activities created."""
        self.ensure_one()
        tz = self.partner_id.tz
        today = today or fields.Date.context_today(self.with_context(tz=tz) if tz else self)
        for model in ("coop.cashback.move", "pos.order", "coop.partner.transaction"):
            self.env[model].flush_model()
        book = coop_company_env(self, self)
        vals_list = []
        for rule in (
            self._coop_remind_fee,
            self._coop_remind_council,
            self._coop_remind_refund,
            self._coop_remind_inactive,
        ):
            vals_list += rule(today, book)
        unassigned = [vals for vals in vals_list if not vals["user_id"]]
        if unassigned:
            self._coop_report_unassigned(unassigned, book)
        Activity = self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True)
        return Activity.create([vals for vals in vals_list if vals["user_id"]])

    # ------------------------------------------------------------------ the rules

    def _coop_remind_fee(self, today, book):
        """A shopper whose cashback available reaches the entry fee in force: offer membership."""
        try:
            fee = self.env["coop.fee.version"]._coop_amount("entry_fee", today, self)
        except UserError:  # no fee in force: nothing to offer
            return []
        # the cashback available as the till computes it (coop_cashback), in one query
        shoppers = (
            self.env["res.partner"]
            .sudo()
            .search([("company_id", "=", self.id), ("coop_state", "=", "shopper")])
        )
        sums = shoppers._coop_cashback_sums(self, today=today)
        cashback = {pid: sums[pid][0] for pid in sums if sums[pid][0] >= fee}
        people = self._coop_advertising_allowed(self.env["res.partner"].browse(cashback))

        def money(amount):
            return coop_money(book, amount, self.currency_id)

        return self._coop_reminders(
            "coop_crm.mail_activity_type_offer_membership",
            people,
            today,
            lambda person: (
                today,
                book._(
                    "Offer membership: cashback %(cashback)s covers the entry fee %(fee)s",
                    cashback=money(cashback[person.id]),
                    fee=money(fee),
                ),
            ),
        )

    def _coop_remind_council(self, today, book):
        """A submitted application without the council's decision 25 days after its date (the
        cooperative's own duty: no consent needed)."""
        apps = (
            self.env["coop.membership.application"]
            .sudo()
            .search(
                [
                    ("company_id", "=", self.id),
                    ("state", "=", "submitted"),
                    ("date", "<=", today - timedelta(days=COUNCIL_REMIND_DAYS)),
                ]
            )
        )
        return self._coop_reminders(
            "coop_crm.mail_activity_type_council_decision",
            apps,
            today,
            lambda app: (
                app.deadline or today,
                book._(
                    "Council decision on application %(app)s of %(person)s (%(date)s) due by "
                    "%(deadline)s",
                    app=app.name,
                    person=app.partner_id.name,
                    date=coop_date(book, app.date),
                    deadline=coop_date(book, app.deadline),
                ),
            ),
        )

    def _coop_remind_refund(self, today, book):
        """A share refund not paid out yet, due within 7 days (or overdue): the cooperative's
        own duty, no consent needed."""
        refunds = (
            self.env["coop.contribution"]
            .sudo()
            .search(
                [
                    ("company_id", "=", self.id),
                    ("kind", "=", "share_refund"),
                    ("state", "=", "posted"),
                    ("due_date", "<=", today + timedelta(days=REFUND_REMIND_DAYS)),
                ]
            )
        )
        return self._coop_reminders(
            "coop_crm.mail_activity_type_share_refund",
            refunds,
            today,
            lambda refund: (
                refund.due_date,
                book._(
                    "Pay the share refund of %(amount)s to %(payee)s by %(due)s",
                    amount=coop_money(book, refund.amount, refund.currency_id),
                    payee=(refund.payee_id or refund.partner_id).name,
                    due=coop_date(book, refund.due_date),
                ),
            ),
            group=MANAGER,
        )

    def _coop_remind_inactive(self, today, book):
        """A member without a purchase (till or partner business) for 90 days: call them."""
        limit = today - timedelta(days=INACTIVE_DAYS)
        tz = self.partner_id.tz or "UTC"
        self.env.cr.execute(INACTIVE_SQL, {"company": self.id, "limit": limit, "tz": tz})
        last = dict(self.env.cr.fetchall())
        people = self._coop_advertising_allowed(self.env["res.partner"].browse(last))

        def text(person):
            if day := last[person.id]:
                return book._(
                    "Call the member: no purchase since %(date)s", date=coop_date(book, day)
                )
            return book._(
                "Call the member: no purchase since joining on %(date)s",
                date=coop_date(book, person.coop_member_since),
            )

        return self._coop_reminders(
            "coop_crm.mail_activity_type_inactive_member",
            people,
            today,
            lambda person: (today, text(person)),
        )

    # ------------------------------------------------------------------ shared

    def _coop_advertising_allowed(self, people):
        """Those of ``people`` with a current consent to advertising messages, as coop_membership
        decides it (their latest marketing consent entry is a consent given)."""
        return people.sudo().filtered("coop_consent_marketing").with_env(self.env)

    def _coop_reminders(self, type_xmlid, records, today, deadline_and_summary, group=OFFICER):
        """The values of the activities of type ``type_xmlid`` to create on ``records``: not on
        those with one open, or done in the last REPEAT_DAYS days (one query); ``user_id``
        False when nobody may get them (``_coop_remind`` reports it)."""
        if not records:
            return []
        user = self._coop_reminder_user(group)
        kind = self.env.ref(type_xmlid)
        existing = (
            self.env["mail.activity"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("activity_type_id", "=", kind.id),
                    ("res_model", "=", records._name),
                    ("res_id", "in", records.ids),
                    "|",
                    ("active", "=", True),
                    ("date_done", ">=", today - timedelta(days=REPEAT_DAYS)),
                ]
            )
        )
        model_id = self.env["ir.model"]._get_id(records._name)
        vals_list = []
        for record in records.browse(sorted(set(records.ids) - set(existing.mapped("res_id")))):
            deadline, summary = deadline_and_summary(record)
            vals_list.append(
                {
                    "activity_type_id": kind.id,
                    "res_model_id": model_id,
                    "res_id": record.id,
                    "user_id": user.id or False,
                    "date_deadline": deadline,
                    "summary": summary,
                }
            )
        return vals_list

    def _coop_reminder_user(self, group):
        """Whom the reminders go to: the setting while it is still valid (an active internal
        user of this cooperative with the officer group), else the first such user of ``group``
        (never the administrator or the superuser by default); none: an empty recordset."""
        setting = self.sudo().coop_crm_reminder_user_id
        if setting and self._coop_reminder_user_ok(setting, OFFICER):
            return setting
        if setting:
            _logger.warning(
                "%s (company %s): Reminders go to %s (user %s) is no longer an active officer "
                "of the company; the reminders go to the first user of %s instead",
                self.name,
                self.id,
                setting.login,
                setting.id,
                group,
            )
        admin = self.env.ref("base.user_admin", raise_if_not_found=False)
        users = (
            self.env.ref(group)
            .sudo()
            .users.filtered(
                lambda u: (
                    u != admin and not u._is_superuser() and self._coop_reminder_user_ok(u, group)
                )
            )
        )
        return users.sorted("id")[:1]

    def _coop_report_unassigned(self, vals_list, book):
        """Nobody may get some reminders: log it and tell the cooperative on its contact."""
        kinds = self.env["mail.activity.type"].browse(
            {vals["activity_type_id"] for vals in vals_list}
        )
        names = ", ".join(kinds.with_env(book).mapped("name"))
        _logger.warning(
            "%s (company %s): %s reminders (%s) not created: no active officer of the company "
            "to give them to",
            self.name,
            self.id,
            len(vals_list),
            names,
        )
        self.partner_id.sudo().message_post(
            body=book._(
                "%(count)s reminders (%(kinds)s) were not created: the company has no active "
                "internal user who may get them (Cooperative / Officer; Manager for share "
                "refunds). Set Settings > Cooperative > Reminders go to, or give a user that "
                "group.",
                count=len(vals_list),
                kinds=names,
            ),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
