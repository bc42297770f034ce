from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date
from odoo.tools.barcode import check_barcode_encoding

# what a person may give or withdraw on their own page; processing is changed at the desk
PORTAL_CONSENTS = ("marketing", "partner_transfer")


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _coop_portal_amount(self, kind):
        """The amount of ``kind`` (entry_fee, mandatory_share) in force today for this
        person's cooperative, or False when the general meeting has set none."""
        company = self.company_id or self.env.company
        today = fields.Date.context_today(self)
        try:
            return self.env["coop.fee.version"]._coop_amount(kind, today, company)
        except UserError:  # none set: the page says so instead of failing
            return False

    def _coop_portal_steps(self):
        """What is left for this person to become a member, with the amounts in force:
        ``[{"key", "name", "done", "amount", "note"}]``; empty once a member."""
        self.ensure_one()
        if self.coop_state not in ("shopper", "former", "applicant", "admitted"):
            return []
        joining = self.coop_state in ("applicant", "admitted")
        start = joining and self._coop_application_date()
        paid = self.coop_contribution_ids.filtered(
            lambda c: start and c.date >= start and c.state == "paid"
        )
        return [
            self._coop_portal_fee_step(paid.filtered(lambda c: c.kind == "entry_fee")[:1]),
            self._coop_portal_council_step(),
            self._coop_portal_share_step(paid.filtered(lambda c: c.kind == "mandatory_share")[:1]),
        ]

    def _coop_portal_fee_step(self, fee):
        step = {"key": "entry_fee", "name": self.env._("Entry fee"), "done": bool(fee)}
        if fee:
            note = self.env._(
                "Paid on %(date)s", date=format_date(self.env, fee.payment_date or fee.date)
            )
            return {**step, "amount": fee.amount, "note": note}
        amount = self._coop_portal_amount("entry_fee")
        note = self.env._("Pay it at the desk or at the till.")
        if (
            amount
            and self.coop_entry_fee_due
            and not self.coop_frozen
            and self.coop_cashback_balance >= amount
        ):
            note = self.env._("Your cashback covers it: pay it from cashback here or at the till.")
            step["action"] = ("/my/coop/entry-fee", self.env._("Pay from cashback"))
        return {**step, "amount": amount, "note": note}

    def _coop_portal_council_step(self):
        apps = self.coop_application_ids
        admitted = apps.filtered(lambda a: a.state == "admitted").sorted("decision_date")[-1:]
        submitted = apps.filtered(lambda a: a.state == "submitted")[:1]
        step = {"key": "council", "name": self.env._("Council decision"), "amount": False}
        if self.coop_state == "admitted" and admitted:
            note = self.env._(
                "Admitted on %(date)s", date=format_date(self.env, admitted.decision_date)
            )
            return {**step, "done": True, "note": note}
        if submitted:
            note = self.env._(
                "Application %(name)s of %(date)s: the council decides by %(deadline)s.",
                name=submitted.name,
                date=format_date(self.env, submitted.date),
                deadline=format_date(self.env, submitted.deadline),
            )
        else:
            note = self.env._(
                "Fill in the membership application at the desk (full name, birth date, "
                "residence, declaration); the council decides within %(days)s days.",
                days=(self.company_id or self.env.company).coop_council_deadline_days,
            )
            if self._coop_portal_can_apply():
                note = self.env._(
                    "Fill in the membership application here or at the desk; the council "
                    "decides within %(days)s days.",
                    days=(self.company_id or self.env.company).coop_council_deadline_days,
                )
                step["action"] = ("/my/coop/apply", self.env._("Apply for membership"))
        return {**step, "done": False, "note": note}

    def _coop_portal_share_step(self, share):
        step = {
            "key": "mandatory_share",
            "name": self.env._("Mandatory share"),
            "done": bool(share),
        }
        if share:
            note = self.env._(
                "Paid on %(date)s", date=format_date(self.env, share.payment_date or share.date)
            )
            return {**step, "amount": share.amount, "note": note}
        if self.coop_state == "admitted":
            note = self.env._("Pay it at the desk: membership starts once it is paid.")
        else:
            note = self.env._(
                "Paid once admitted: membership starts then. It is refunded on leaving."
            )
        return {**step, "amount": self._coop_portal_amount("mandatory_share"), "note": note}

    def _coop_portal_on_hold(self):
        """The cashback on hold, by the day it becomes available: ``[(date, amount)]``."""
        self.ensure_one()
        groups = self.env["coop.cashback.move"]._read_group(
            [
                ("partner_id", "=", self.id),
                ("kind", "=", "accrual"),
                ("available_date", ">", fields.Date.context_today(self)),
            ],
            ["available_date:day"],
            ["amount:sum"],
            order="available_date:day",
        )
        return [(day, amount) for day, amount in groups]

    def _coop_portal_next_expiry(self):
        """What of the person's cashback expires next and when: ``(date, amount)``, or False
        when nothing left of their credits expires. Each credit expires on its own date; what
        is left of each comes from the expiry's own computation (what was used taken from
        the credits expiring soonest), capped at what the person has available."""
        self.ensure_one()
        company = self.company_id or self.env.company
        left_by_person = self.env["coop.cashback.check"]._coop_cashback_left(company, self.ids)
        currency = company.currency_id
        left = [
            (expiry, amount)
            for _id, expiry, _on, amount in left_by_person.get(self.id, [])
            if expiry and currency.compare_amounts(amount, 0) > 0
        ]
        if not left:
            return False
        first = min(expiry for expiry, _amount in left)
        amount = sum(amount for expiry, amount in left if expiry == first)
        available = self._coop_cashback_sums(company).get(self.id, (0.0,))[0]
        amount = min(amount, max(available, 0.0))
        return (first, amount) if currency.compare_amounts(amount, 0) > 0 else False

    def _coop_portal_consents(self):
        """Each kind of consent with the person's latest entry of it (or False):
        ``[(kind, label, consent)]``."""
        self.ensure_one()
        latest = {}
        for consent in self.coop_consent_ids.sorted(lambda c: (c.date, c.id)):
            latest[consent.kind] = consent
        kinds = self.env["coop.consent"]._fields["kind"]._description_selection(self.env)
        return [(kind, label, latest.get(kind, False)) for kind, label in kinds]

    def _coop_portal_card(self):
        """The person's card: ``{"value", "type"}`` (EAN-13 when the barcode is one), or
        False when no card was given."""
        self.ensure_one()
        code = (self.barcode or "").strip()
        if not code:
            return False
        return {
            "value": code,
            "type": "EAN13" if check_barcode_encoding(code, "ean13") else "Code128",
        }
