"""Birthday greetings: each day, every cooperative greets the people whose birthday it is (in
its own time zone; 29 February on 28 February in a year without it) by e-mail, SMS or both,
from its templates, in each person's language, and may give them a cashback bonus through the
ledger's one entry point (``coop.cashback.move._coop_record``), booked at once: Dr cashback
expense / Cr cashback liability, the person on both lines. The bonus is an amount given with the
greeting, or a percent of the person's first purchase at the till from the birthday to the date
the greeting gives (kept on the person, earned when the order is paid: pos_order_birthday.py).

A greeting with a bonus is advertising (Law 38-FZ art. 18): only people with a current consent
to advertising messages, not frozen, expelled or deceased. Each person is greeted once a
birthday (``coop_birthday_greeted_on``) and the bonus is keyed
``birthday:<company>:<person>:<year>``: a second run the same day gives nothing twice. A run
missed catches up the birthdays of the last ``CATCHUP_DAYS`` days."""

import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.osv import expression

from odoo.addons.coop_membership.models.coop_format import coop_date, coop_percent
from odoo.addons.coop_membership.models.coop_state_event import coop_company_env

from .res_partner_birthday import _days

OFFICER = "coop_membership.group_officer"
CATCHUP_DAYS = 3  # a run missed: the birthdays of this many days before today are still greeted

_logger = logging.getLogger(__name__)


class ResCompany(models.Model):
    _inherit = "res.company"

    coop_crm_birthday_greeting = fields.Boolean(
        string="Birthday greeting",
        help="Each day, greet the people whose birthday it is (only those with a current "
        "consent to advertising messages).",
    )
    coop_crm_birthday_channel = fields.Selection(
        [("email", "E-mail"), ("sms", "SMS"), ("both", "E-mail and SMS")],
        string="Greeting by",
        default="email",
        required=True,
    )
    coop_crm_birthday_mail_template_id = fields.Many2one(
        "mail.template",
        string="Greeting e-mail",
        domain="[('model', '=', 'res.partner')]",
        default=lambda self: self.env.ref(
            "coop_crm.mail_template_coop_birthday", raise_if_not_found=False
        ),
    )
    coop_crm_birthday_sms_template_id = fields.Many2one(
        "sms.template",
        string="Greeting SMS",
        domain="[('model', '=', 'res.partner')]",
        default=lambda self: self.env.ref(
            "coop_crm.sms_template_coop_birthday", raise_if_not_found=False
        ),
    )
    coop_crm_birthday_bonus_kind = fields.Selection(
        [("amount", "An amount on the birthday"), ("percent", "A percent of the next purchase")],
        string="Birthday bonus kind",
        default="amount",
        required=True,
        help="An amount of cashback given with the greeting, or a percent of the person's "
        "first purchase at the till within the days the bonus is valid.",
    )
    coop_crm_birthday_bonus = fields.Monetary(
        string="Birthday bonus",
        currency_field="currency_id",
        help="Cashback given on the birthday with the greeting; 0: none.",
    )
    coop_crm_birthday_bonus_percent = fields.Float(
        string="Birthday bonus (%)",
        digits=(5, 2),
        help="Extra cashback, in percent of the first purchase at the till from the birthday "
        "to the date the greeting gives; 0: none.",
    )
    coop_crm_birthday_bonus_days = fields.Integer(
        string="Bonus valid (days)",
        default=30,
        help="The greeting says the bonus is valid this many days.",
    )

    @api.constrains(
        "coop_crm_birthday_bonus",
        "coop_crm_birthday_bonus_kind",
        "coop_crm_birthday_bonus_percent",
        "coop_crm_birthday_bonus_days",
    )
    def _check_coop_crm_birthday_bonus(self):
        for company in self:
            if company.coop_crm_birthday_bonus < 0 or company.coop_crm_birthday_bonus_days < 1:
                raise ValidationError(
                    self.env._(
                        "%(company)s: the birthday bonus cannot be negative (0: none) and is "
                        "valid 1 day or more (Settings > Cooperative > Birthday greeting).",
                        company=company.name,
                    )
                )
            if not 0 <= company.coop_crm_birthday_bonus_percent <= 100:
                raise ValidationError(
                    self.env._(
                        "%(company)s: the birthday bonus percent is from 0 (none) to 100 "
                        "(Settings > Cooperative > Birthday greeting).",
                        company=company.name,
                    )
                )

    @api.model
    def _coop_cron_birthdays(self):
        """Scheduled, daily (as the superuser): every cooperative's birthday greetings."""
        return self._coop_each_cooperative(
            lambda company: company._coop_birthday_greet(), "birthday greetings"
        )

    def _coop_birthday_greet(self, today=None):
        """Greet this cooperative's people whose birthday is ``today`` (its time zone) or was in
        the last CATCHUP_DAYS days and who were not greeted for it; returns them."""
        self.ensure_one()
        self._coop_birthday_check_access()
        if not self.coop_crm_birthday_greeting:
            return self.env["res.partner"]
        tz = self.partner_id.tz
        today = today or fields.Date.context_today(self.with_context(tz=tz) if tz else self)
        greeted = self.env["res.partner"]
        bonuses = self.env["coop.cashback.move"]
        for back in range(CATCHUP_DAYS, -1, -1):
            day = today - timedelta(days=back)
            people = self._coop_birthday_people(day)
            for person in people:
                bonuses |= self._coop_birthday_greet_person(person, day, today)
            greeted |= people
        bonuses = bonuses.filtered(lambda move: not move.account_move_id)
        if bonuses:  # the day's bonuses in one journal entry
            book = coop_company_env(self, self)
            ref = book._("Birthday bonuses of %(date)s", date=coop_date(book, today))
            self._coop_post_cashback_moves(bonuses, ref=ref, date=today)
        return greeted

    def _coop_birthday_check_access(self):
        """The scheduler, or an officer of this cooperative."""
        user = self.env.user
        if self.env.su or (user.has_group(OFFICER) and self in user.company_ids):
            return
        raise AccessError(
            self.env._(
                "Birthday greetings of %(company)s: only an officer of that cooperative may send "
                "them (Cooperative / Officer group, the company among the user's companies).",
                company=self.name,
            )
        )

    def _coop_birthday_people(self, day):
        """The people of this cooperative born on ``day`` (29 February on 28 February of a
        year without it), not greeted for it yet, with a current consent to advertising, not
        frozen, leaving or gone, expelled or deceased; greeted once a year (a birth date
        corrected after the greeting does not greet again)."""
        born = expression.OR(
            [
                [("coop_birth_month", "=", month), ("coop_birth_day", "=", d)]
                for month, d in sorted(_days(day, "today"))
            ]
        )
        domain = expression.AND(
            [
                born,
                [
                    ("company_id", "=", self.id),
                    ("coop_state", "!=", False),
                    ("coop_state", "not in", ("leaving", "former")),
                    ("coop_frozen", "=", False),
                    ("coop_exit_kind", "not in", ("expulsion", "death")),
                    "|",
                    ("coop_birthday_greeted_on", "=", False),
                    ("coop_birthday_greeted_on", "<", day.replace(month=1, day=1)),
                ],
            ]
        )
        people = self.env["res.partner"].sudo().search(domain, order="id")
        return self._coop_advertising_allowed(people).sudo()

    def _coop_birthday_greet_person(self, person, day, today):
        """The bonus (once per birthday), then the greeting, for ``person``'s birthday on
        ``day``; returns the bonus entry (none when the bonus is 0 or a percent of the next
        purchase: that one is earned by the purchase, pos_order_birthday.py)."""
        person.coop_birthday_greeted_on = day
        lang = person.lang or self.partner_id.lang
        until = today + timedelta(days=self.coop_crm_birthday_bonus_days)
        context = self._coop_birthday_offer(person, until)
        bonus = self.env["coop.cashback.move"]
        if self.coop_crm_birthday_bonus_kind == "amount":
            bonus = self._coop_birthday_bonus(person.with_context(lang=lang), day, today)
            context["coop_birthday_bonus"] = bonus and bonus.amount
        if context.get("coop_birthday_bonus") or context.get("coop_birthday_percent"):
            context["coop_birthday_valid_until"] = coop_date(
                person.with_context(lang=lang).env, until
            )
        if (
            self.coop_crm_birthday_channel in ("email", "both")
            and person.email
            and not (
                person.is_blacklisted  # who asked for no mail at all gets none, consent or not
            )
        ):
            template = self._coop_birthday_template("mail")
            if template:
                template.with_context(**context).send_mail(person.id)
        if self.coop_crm_birthday_channel in ("sms", "both"):
            self._coop_birthday_sms(person, context)
        return bonus

    def _coop_birthday_sms(self, person, context):
        """The greeting by SMS to ``person``'s mobile when it is a valid number."""
        template = self._coop_birthday_template("sms")
        number = person._sms_get_recipients_info()[person.id]["sanitized"]
        if not template or not number or person.phone_sanitized_blacklisted:
            return
        body = template.with_context(**context)._render_field(
            "body", person.ids, compute_lang=True
        )[person.id]
        person._message_sms(
            body,
            partner_ids=person.ids,
            sms_pid_to_number={person.id: number},
            put_in_queue=True,  # sent by the SMS queue, not one by one in this job
        )

    def _coop_birthday_offer(self, person, until):
        """A percent of the next purchase: what the greeting promises ``person``, kept on them
        until ``until`` (the till's payment reads it); else no offer. Returns the greeting's
        context."""
        percent = self.coop_crm_birthday_bonus_percent
        if self.coop_crm_birthday_bonus_kind != "percent" or percent <= 0:
            person.write({"coop_birthday_percent": 0.0, "coop_birthday_percent_until": False})
            return {"coop_birthday_bonus": 0}
        person.write({"coop_birthday_percent": percent, "coop_birthday_percent_until": until})
        lang = person.lang or self.partner_id.lang
        text = coop_percent(person.with_context(lang=lang).env, percent)
        return {"coop_birthday_bonus": 0, "coop_birthday_percent": text}

    def _coop_birthday_template(self, kind):
        """The cooperative's greeting template of ``kind`` (mail, sms), else coop_crm's."""
        template = self[f"coop_crm_birthday_{kind}_template_id"] or self.env.ref(
            f"coop_crm.{kind}_template_coop_birthday", raise_if_not_found=False
        )
        return template and template.sudo()

    def _coop_birthday_bonus(self, person, day, today):
        """The birthday bonus of ``person`` for the birthday ``day`` in the ledger (once:
        keyed by the year), labelled in the person's language; booked by the caller."""
        amount = self.coop_crm_birthday_bonus
        if self.currency_id.compare_amounts(amount, 0.0) <= 0:
            return self.env["coop.cashback.move"]
        # once per source key: a key already counted gives back its entry
        return self.env["coop.cashback.move"]._coop_record(
            person,
            "accrual",
            amount,
            f"birthday:{self.id}:{person.id}:{day.year}",
            company=self,
            channel="manual",
            date=today,
            available_date=today,
            # its own expiry: the greeting says "yours until" today + the bonus days, that
            # day included, so what is left of it expires the day after
            expiry_date=today + timedelta(days=self.coop_crm_birthday_bonus_days + 1),
            source_ref=f"res.partner,{person.id}",
            reason=person.env._("Birthday bonus"),
        )


class CoopCashbackMove(models.Model):
    _inherit = "coop.cashback.move"

    @api.model
    def _selection_source_ref(self):
        # the birthday bonus: its source is the person whose birthday it is
        return [*super()._selection_source_ref(), ("res.partner", "Person (birthday)")]
