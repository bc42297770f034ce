"""The birthday bonus as a percent of the next purchase (res_company_birthday.py): the greeting
keeps the percent and the last day on the person; their first purchase at the till paid from
the birthday to that day earns that percent of what it paid (not with cashback, nor for the
categories that never earn cashback) as an extra accrual, through the ledger's entry point,
keyed ``birthday:<company>:<person>:<year>`` as the amount bonus is: once a birthday, whichever
kind. It is booked at once in its own journal entry (Dr cashback expense / Cr cashback
liability, the person on both lines): the session's close books only its orders' own
``:accrual`` and ``:spend`` entries. A refund of that order takes it back in proportion, as
it takes back the order's cashback."""

from odoo import fields, models

from odoo.addons.coop_cashback.models.coop_cashback_rule import _in_categories
from odoo.addons.coop_membership.models.coop_format import coop_percent
from odoo.addons.coop_membership.models.coop_state_event import coop_company_env


class PosOrder(models.Model):
    _inherit = "pos.order"

    def _coop_cashback_sync(self):
        result = super()._coop_cashback_sync()
        for order in self:
            if order.state not in ("paid", "done", "invoiced"):
                continue
            if order.refunded_order_id:
                order._coop_birthday_reverse(order.refunded_order_id)
            elif order.amount_total > 0:
                order._coop_birthday_earn()
        return result

    def _coop_birthday_person(self):
        """The order's person, read as the till's server step reads them (the greeting's
        fields are the officers'), when they are a registered person of its cooperative."""
        self.ensure_one()
        person = self.partner_id
        if not person.coop_state or person.company_id != self.company_id:
            return self.env["res.partner"]
        return person.sudo()

    def _coop_birthday_day(self):
        return fields.Date.context_today(self, self.date_order)

    def _coop_birthday_earn(self):
        """The birthday percent of this purchase, when it is the person's first one from
        their birthday to the date their greeting gave."""
        person = self._coop_birthday_person()
        day = self._coop_birthday_day()
        greeted, until = person.coop_birthday_greeted_on, person.coop_birthday_percent_until
        percent = person.coop_birthday_percent
        if not (person and greeted and until and percent > 0 and greeted <= day <= until):
            return
        company = self.company_id
        key = f"birthday:{company.id}:{person.id}:{greeted.year}"
        Move = self.env["coop.cashback.move"]
        if Move.sudo().search_count(
            [("company_id", "=", company.id), ("source_key", "=", key)], limit=1
        ):
            return  # earned by an earlier purchase (or given on the birthday)
        amount = company.currency_id.round(self._coop_birthday_base(day) * percent / 100.0)
        if amount <= 0:
            return  # a purchase that earns nothing leaves the bonus for the next one
        reader = person.with_context(lang=person.lang or company.partner_id.lang)
        entry = Move._coop_record(
            person, "accrual", amount, key, company=company, channel="pos", date=day,
            source_ref=f"pos.order,{self.id}",
            reason=reader.env._("Birthday bonus: %(percent)s %% of %(order)s",
                                percent=coop_percent(reader.env, percent), order=self.name),
        )  # fmt: skip
        self._coop_birthday_book(entry, day)

    def _coop_birthday_base(self, day):
        """What the purchase paid other than with cashback, for the products that may earn
        cashback, in the cooperative's currency."""
        paid = max(self.amount_total - max(self._coop_paid_cashback(), 0.0), 0.0)
        share = paid / self.amount_total
        company = self.company_id
        excluded = company.coop_cashback_excluded_categ_ids
        total = sum(
            line.price_subtotal_incl * share
            for line in self.lines
            if line.price_subtotal_incl > 0 and not _in_categories(line.product_id, excluded)
        )
        return self.currency_id._convert(total, company.currency_id, company, day)

    def _coop_birthday_reverse(self, original):
        """A refund of the purchase that earned the birthday bonus takes it back in proportion
        to what it refunds, never more than it earned; what was spent of it meanwhile is taken
        back all the same (an overdraft, as for the order's own cashback)."""
        Move = self.env["coop.cashback.move"].sudo()
        company = self.company_id
        earned = Move.search(
            [
                ("company_id", "=", company.id),
                ("source_ref", "=", f"pos.order,{original.id}"),
                ("source_key", "=like", "birthday:%"),
                ("kind", "=", "accrual"),
            ],
            limit=1,
        )
        if not earned or not original.amount_total:
            return
        before = Move.search(
            [("company_id", "=", company.id),
             ("source_key", "=like", f"{earned.source_key}-reversal:%")]
        )  # fmt: skip
        proportion = min(-self.amount_total / original.amount_total, 1.0)
        amount = min(earned.amount * proportion, earned.amount + sum(before.mapped("amount")))
        key = f"{earned.source_key}-reversal:{self.uuid or self.id}"
        if company.currency_id.compare_amounts(amount, 0.0) <= 0 or key in before.mapped(
            "source_key"
        ):
            return
        person = earned.partner_id
        reader = person.with_context(lang=person.lang or company.partner_id.lang)
        entry = self.env["coop.cashback.move"]._coop_record(
            person, "reversal", -amount, key, overdraft=True, company=company, channel="pos",
            date=self._coop_birthday_day(), source_ref=f"pos.order,{self.id}",
            reason=reader.env._("Birthday bonus taken back: %(order)s", order=self.name),
        )  # fmt: skip
        if entry.overdraft_amount:
            self._coop_notify_overdraft(entry)
        self._coop_birthday_book(entry, self._coop_birthday_day())

    def _coop_birthday_book(self, entry, day):
        """The birthday entry in a journal entry of its own, in the cooperative's language."""
        if not entry or entry.account_move_id:
            return
        company = self.company_id
        book = coop_company_env(self, company)
        company._coop_post_cashback_moves(
            entry, ref=book._("Birthday bonus: %(order)s", order=self.name), date=day
        )
