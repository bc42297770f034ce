from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import formatLang

from odoo.addons.coop_membership.models.coop_state_event import coop_company_env

# what a paid order's cashback and books follow from
LOCKED_FIELDS = (
    "amount_total", "amount_paid", "amount_tax", "amount_return", "lines", "payment_ids",
    "session_id", "company_id", "currency_id", "currency_rate", "date_order",
)  # fmt: skip


def _unlocked(env):
    """The ids of the orders created or paid in this transaction (the cursor's)."""
    return env.cr.cache.setdefault("coop_pos_orders_unlocked", set())


class PosOrder(models.Model):
    _inherit = "pos.order"

    coop_cashback_earned = fields.Monetary(
        string="Cashback earned",
        compute="_compute_coop_cashback_earned",
        currency_field="currency_id",
    )

    coop_cashback_balance_after = fields.Monetary(
        string="Cashback balance",
        compute="_compute_coop_cashback_earned",
        currency_field="currency_id",
        help="The person's cashback available now (printed on the receipt).",
    )

    def _compute_coop_cashback_earned(self):
        # one query for all the orders read (the till reads them in batches)
        refs = [f"pos.order,{order_id}" for order_id in self.ids]
        groups = (
            self.env["coop.cashback.move"]
            .sudo()
            ._read_group(
                [("source_ref", "in", refs), ("source_key", "like", "%:accrual%")],
                ["source_ref"],
                ["amount:sum"],
            )
        )
        earned = dict(groups)  # {"pos.order,<id>": amount}
        for order in self:
            # the accrual of a sale, or the (negative) reversal of a refund
            order.coop_cashback_earned = earned.get(f"pos.order,{order.id}", 0.0)
            order.coop_cashback_balance_after = (
                order.partner_id.sudo().coop_cashback_balance
                if order.partner_id.coop_state
                else 0.0
            )

    def _coop_key(self, what):
        self.ensure_one()
        return f"pos.order:{self.uuid or self.id}:{what}"

    @api.model
    def _process_order(self, order, existing_order):
        """The server decides cashback when the order is saved paid: what is paid with
        cashback is taken from the balance (a sale that happened is recorded even when the
        balance moved meanwhile: an overdraft, see ``_coop_record_spend``), then cashback is
        accrued, or reversed for a refund. Each once per order, however often the POS sends
        it. A payload no honest till sends (cashback with no customer, or for someone who
        holds no cashback here) is refused, naming the order."""
        self._coop_check_payload(order, existing_order)
        till = self.with_context(coop_till_sync=True)
        order_id = super(PosOrder, till)._process_order(order, existing_order)
        till.browse(order_id)._coop_cashback_sync()
        return order_id

    @api.model_create_multi
    def create(self, vals_list):
        cache = self.env.cr.cache
        creating = cache.get("coop_pos_orders_creating")
        if creating is None:
            # the orders of this create are those above the last one this transaction sees
            self.env.cr.execute("SELECT COALESCE(MAX(id), 0) FROM pos_order")
            cache["coop_pos_orders_creating"] = self.env.cr.fetchone()[0]
        try:  # the new orders' lines and payments are written while they are created
            orders = super().create(vals_list)
        finally:
            cache["coop_pos_orders_creating"] = creating
        _unlocked(self.env).update(orders.ids)
        # an order created paid (the till's sync does, so may a direct call): its cashback now
        orders.filtered(lambda o: o.state != "draft")._coop_cashback_sync()
        return orders

    def action_pos_order_paid(self):
        """However an order becomes paid (the till's sync, the back office, a direct call),
        its cashback is recorded then."""
        result = super().action_pos_order_paid()
        if not self.env.context.get("coop_till_sync"):
            # the till's sync records it once the order is saved (_process_order), where a
            # refusal reaches the till instead of Odoo's log of an order not fully processed
            self._coop_cashback_sync()
        return result

    def write(self, vals):
        if not self.env.su:
            self.check_access("write")
            locked = self._coop_locked()
            locked._coop_check_money_change(vals)
            if "partner_id" in vals:
                paid = self.filtered(lambda o: o.state != "draft")
                paid._coop_check_partner_change(vals["partner_id"])
        if vals.get("state", "draft") != "draft":
            # paid in this transaction (the till's sync, a payment): still being written
            _unlocked(self.env).update(self.filtered(lambda o: o.state == "draft").ids)
        return super().write(vals)

    def _coop_locked(self):
        """The orders paid before this transaction: their money is in the ledger and the
        books (or will be at the close) and changes only by a refund. Those the till's sync
        or a payment is saving now are still being written (their totals, payments, state)."""
        unlocked = _unlocked(self.env)
        # while orders are created, theirs (not an older order named by a command) are written
        above = self.env.cr.cache.get("coop_pos_orders_creating")
        return self.filtered(
            lambda o: (
                o.state != "draft"
                and o.id not in unlocked
                and not (above is not None and isinstance(o.id, int) and o.id > above)
            )
        )

    def _coop_check_money_change(self, vals):
        """A paid order's amounts, lines, payments, session and date stay; its state only
        moves on (done at the close, invoiced with its invoice)."""
        for order in self:
            fields_changed = [f for f in LOCKED_FIELDS if f in vals]
            state = vals.get("state", order.state)
            invoiced = vals.get("account_move", order.account_move)
            if state != order.state and not (
                (order.state, state) == ("paid", "done")
                or (state == "invoiced" and order.state in ("paid", "done") and invoiced)
            ):
                fields_changed.append("state")
            if fields_changed:
                raise UserError(
                    self.env._(
                        "Order %(order)s is paid: its %(fields)s cannot change (its cashback "
                        "and its books follow from them). Refund the order and sell it again "
                        "instead.",
                        order=order.name,
                        fields=", ".join(
                            order._fields[f]._description_string(self.env) for f in fields_changed
                        ),
                    )
                )

    def _coop_check_partner_change(self, partner_id):
        """The person of a paid order stays the same when its cashback is in the ledger (the
        ledger and the liability account are per person), and a registered person is never
        set on a paid order (the close would earn them its cashback)."""
        changed = self.filtered(lambda o: o.partner_id.id != partner_id)
        if not changed:
            return
        refs = [f"pos.order,{order.id}" for order in changed]
        recorded = (
            self.env["coop.cashback.move"]
            .sudo()
            .search_count([("source_ref", "in", refs)], limit=1)
        )
        person = self.env["res.partner"].sudo().browse(partner_id).exists()
        if recorded or person.coop_state:
            raise UserError(
                self.env._(
                    "The customer of %(orders)s cannot change: the cashback of a paid order "
                    "belongs to the person it was sold to. Refund the order and sell it again "
                    "to the right person instead.",
                    orders=", ".join(changed.mapped("name")),
                )
            )

    @api.model
    def _coop_check_payload(self, order, existing_order):
        """Refuse a cashback payment for no person or a person of another cooperative before
        Odoo reads the order (the person may not even be readable by this till)."""
        methods = {
            cmd[2].get("payment_method_id")
            for cmd in order.get("payment_ids") or []
            if cmd and cmd[0] == 0 and cmd[2].get("amount")
        }
        cashback = self.env["pos.payment.method"].browse(methods - {None}).exists()
        if not cashback.filtered("coop_is_cashback"):
            return
        partner = self.env["res.partner"].sudo().browse(order.get("partner_id") or []).exists()
        session = self.env["pos.session"].browse(order.get("session_id")).exists()
        company = session.company_id or self.env.company
        if partner.company_id and partner.company_id != company:
            raise UserError(
                self.env._(
                    "Order %(order)s pays with cashback, but person #%(id)s belongs to another "
                    "cooperative. Take the cashback payment off the order or pay another way.",
                    order=order.get("name") or order.get("uuid"),
                    id=partner.id,
                )
            )
        if not partner:
            raise UserError(
                self.env._(
                    "Order %(order)s pays with cashback, but it has no customer: choose the "
                    "person paying with cashback, or pay another way.",
                    order=order.get("name") or order.get("uuid"),
                )
            )

    def _coop_paid_cashback(self):
        self.ensure_one()
        payments = self.payment_ids.filtered("payment_method_id.coop_is_cashback")
        return self.currency_id.round(sum(payments.mapped("amount")))

    def _coop_check_cashback_payload(self, amount=None):
        """Cashback is paid by a registered person of the order's cooperative only."""
        self.ensure_one()
        amount = abs(self._coop_paid_cashback()) if amount is None else amount
        partner = self.partner_id
        why = None
        if not partner:
            why = self.env._("it has no customer: choose the person paying with cashback")
        elif not partner.coop_state:
            why = self.env._("%(person)s is not registered in the cooperative and holds no "
                             "cashback", person=partner.display_name)  # fmt: skip
        elif partner.company_id and partner.company_id != self.company_id:
            why = self.env._(
                "%(person)s belongs to another cooperative (%(company)s)",
                person=partner.display_name,
                company=partner.company_id.name,
            )
        elif partner.coop_frozen and not self.env.context.get("coop_till_sync"):
            # a sale made offline before the account was frozen is recorded (and flagged)
            why = self.env._("the cashback of %(person)s is frozen", person=partner.display_name)
        elif self._coop_paid_cashback() < 0:
            why = self._coop_check_cashback_return()
        if why:
            raise UserError(
                self.env._("Order %(order)s pays %(amount)s with cashback, but %(why)s. Take "
                           "the cashback payment off the order or pay another way.",
                           order=self.pos_reference or self.name,
                           amount=self._coop_format(amount), why=why)
            )  # fmt: skip

    def _coop_check_cashback_return(self):
        """A refund gives back cashback only to the person who paid the refunded order with
        it, never more than that order paid with it. Returns why not, or None."""
        original = self.refunded_order_id
        if not original:
            return self.env._("it refunds no order: cashback is given back only by a refund")
        if original.partner_id != self.partner_id:
            return self.env._(
                "the refunded order %(original)s was not paid by %(person)s",
                original=original.name,
                person=self.partner_id.display_name,
            )
        keys = [original._coop_key("spend")]
        refunds = original.lines.refund_orderline_ids.order_id - self
        keys += [refund._coop_key("spend-return") for refund in refunds]
        Move = self.env["coop.cashback.move"].sudo()
        moves = Move.search([("company_id", "=", self.company_id.id), ("source_key", "in", keys)])
        left = -sum(moves.mapped("amount"))
        if self.currency_id.compare_amounts(-self._coop_paid_cashback(), left) > 0:
            return self.env._(
                "order %(original)s has only %(left)s of cashback left to give back",
                original=original.name,
                left=self._coop_format(max(left, 0.0)),
            )
        return None

    def _coop_format(self, amount):
        return formatLang(self.env, amount, currency_obj=self.currency_id)

    def _coop_cashback_sync(self):
        for order in self:
            if order.state not in ("paid", "done", "invoiced"):
                continue
            paid_cashback = order._coop_paid_cashback()
            if paid_cashback:
                order._coop_check_cashback_payload()
            original = order.refunded_order_id
            if not (original or order).partner_id.coop_state:
                continue
            common = {
                "channel": "pos",
                "source_ref": f"pos.order,{order.id}",
                "date": fields.Date.context_today(self, order.date_order),
                "company": order.company_id,
            }
            if paid_cashback:
                order._coop_record_spend(paid_cashback, common)
            if original:
                order._coop_reverse_accrual(original, common)
            elif order.amount_total > 0:
                order._coop_accrue(paid_cashback, common)
            if order.session_id.state == "closed":
                order._coop_book_after_close()

    def _coop_book_after_close(self):
        """Cashback of an order recorded once its session closed (the session's entry is
        posted without it): booked at once by a journal entry of its own, Dr cashback expense
        / Cr cashback liability, the person on both lines, in the cooperative's journal."""
        self.ensure_one()
        Move = self.env["coop.cashback.move"].sudo()
        entries = Move.search(
            [("company_id", "=", self.company_id.id),
             ("source_ref", "=", f"pos.order,{self.id}"), ("account_move_id", "=", False),
             ("pos_session_id", "=", False), ("source_key", "like", ":accrual")]
        )  # fmt: skip
        if not entries:
            return
        company = self.company_id
        label = coop_company_env(self, company)._(
            "Cashback of %(order)s, recorded after its session %(session)s closed",
            order=self.name,
            session=self.session_id.name,
        )
        company._coop_post_cashback_moves(entries, ref=label)

    def _coop_record_spend(self, paid_cashback, common):
        """The cashback paid (or given back by a refund) in the ledger. The till checked the
        balance online; if it moved meanwhile the sale is recorded all the same, the balance
        goes below zero and a manager is told."""
        Move = self.env["coop.cashback.move"]
        if paid_cashback > 0:
            key = self._coop_key("spend")
            known = Move.sudo().search_count(
                [("company_id", "=", self.company_id.id), ("source_key", "=", key)]
            )
            # beyond the balance: recorded for a sale the till made, refused in the back office
            till = bool(self.env.context.get("coop_till_sync"))
            entry = Move._coop_record(self.partner_id, "spend", -paid_cashback, key,
                                      reason=self.name, overdraft=till, **common)  # fmt: skip
            if (entry.overdraft_amount or self.partner_id.coop_frozen) and not known:
                self._coop_notify_overdraft(entry)
        else:  # a refund gives back the cashback spent
            entry = Move._coop_record(self.partner_id, "reversal", -paid_cashback,
                                      self._coop_key("spend-return"), reason=self.name,
                                      **common)  # fmt: skip
        self._coop_link_spend_to_payment(entry)

    def _coop_link_spend_to_payment(self, entry):
        """An invoiced order's cashback is booked by its own payment entry (``pos.payment``):
        the ledger entry points at it."""
        booked = self.payment_ids.filtered("payment_method_id.coop_is_cashback").account_move_id
        if entry and booked and not entry.account_move_id:
            entry.sudo().write({"account_move_id": booked[:1].id})

    def _coop_spend_entry(self):
        """The ledger entry of the cashback this order paid (or gave back), if recorded."""
        self.ensure_one()
        keys = [self._coop_key("spend"), self._coop_key("spend-return")]
        return (
            self.env["coop.cashback.move"]
            .sudo()
            .search([("company_id", "=", self.company_id.id), ("source_key", "in", keys)], limit=1)
        )

    def _prepare_aml_values_list_per_nature(self):
        """An order invoiced after its session closed: Odoo reverses what the session's entry
        booked for it; for cashback that was the liability, not the receivable."""
        values = super()._prepare_aml_values_list_per_nature()
        liability = self.company_id.coop_cashback_liability_account_id
        receivable = self.partner_id.property_account_receivable_id
        for payment in self.payment_ids.filtered("payment_method_id.coop_is_cashback"):
            for line in values["payment_terms"]:
                if (
                    line["account_id"] == receivable.id
                    and not line.get("coop_cashback")
                    and self.currency_id.is_zero(line["amount_currency"] - payment.amount)
                ):
                    line.update(account_id=liability.id, partner_id=self.partner_id.id)
                    line["coop_cashback"] = True
                    break
        for line in values["payment_terms"]:
            line.pop("coop_cashback", None)
        return values

    def _coop_notify_overdraft(self, entry):
        """A manager of the cooperative gets an activity on the person."""
        company = self.company_id
        managers = (
            self.env.ref("coop_membership.group_manager")
            .sudo()
            .users.filtered(lambda u: company in u.company_ids and not u.share)
        )
        manager = company.coop_cashback_overdraft_user_id or managers.sorted("id")[:1]
        if not manager:
            return  # nobody to tell: the check lists it (coop_invariants' overdrafts)
        person = entry.partner_id.sudo()
        order = self.with_context(lang=manager.lang or company.partner_id.lang)
        values = {
            "order": self.pos_reference or self.name,
            "amount": order._coop_format(-entry.amount),
            "overdraft": order._coop_format(entry.overdraft_amount),
        }
        if entry.kind == "reversal":
            note = order.env._(
                "Refund %(order)s takes back %(amount)s of cashback its sale earned; the person "
                "had already spent %(overdraft)s of it. The balance is below zero; later "
                "cashback covers it first.",
                **values,
            )
        elif not entry.overdraft_amount:
            note = order.env._(
                "Order %(order)s was paid %(amount)s with cashback of an account frozen since "
                "(the till was offline): check it with the heirs' file.",
                **values,
            )
        else:
            note = order.env._(
                "Order %(order)s was paid %(amount)s with cashback; when it reached the server "
                "the person had %(overdraft)s less than that (another till or a till offline). "
                "The sale is recorded and the balance is below zero; later cashback covers it "
                "first.",
                **values,
            )
        person.activity_schedule(
            "mail.mail_activity_data_todo",
            user_id=manager.id,
            summary=order.env._("Cashback overdraft: %(person)s", person=person.display_name),
            note=note,
        )

    def _coop_accrue(self, paid_cashback, common):
        """What was paid with cashback earns no cashback. A till selling in another currency
        earns in the company's, the ledger's (at the rate of the sale's day)."""
        share = max(self.amount_total - max(paid_cashback, 0.0), 0.0) / self.amount_total
        company = self.company_id
        lines = [
            (line.product_id, self.currency_id._convert(
                line.price_subtotal_incl * share, company.currency_id, company, common["date"]))
            for line in self.lines
            if line.price_subtotal_incl > 0
        ]  # fmt: skip
        # the rules in force on the sale's day for the person's status that day: the same at
        # the till and when the close computes again a sale paid outside it
        earned = self.env["coop.cashback.rule"]._coop_compute(
            self.partner_id, lines, "pos", date=common["date"], company=self.company_id,
            state=self.partner_id._coop_state_on(common["date"]),
        )["total"]  # fmt: skip
        if earned > 0:
            self.env["coop.cashback.move"]._coop_record(
                self.partner_id, "accrual", earned, self._coop_key("accrual"),
                reason=self.name, **common,
            )  # fmt: skip

    def _coop_reverse_accrual(self, original, common):
        """Take back the cashback the original sale earned from its person, in proportion to
        what is refunded, never more than it earned. What they already spent of it is taken
        back all the same: their balance goes below zero, recorded as an overdraft."""
        Move = self.env["coop.cashback.move"].sudo()
        earned = sum(
            Move.search([("source_key", "=", original._coop_key("accrual"))]).mapped("amount")
        )
        if not earned or not original.amount_total:
            return
        reversed_before = -sum(
            Move.search(
                [("source_key", "like", f"{original._coop_key('accrual')}-reversal:%")]
            ).mapped("amount")
        )
        proportion = min(-self.amount_total / original.amount_total, 1.0)
        amount = min(earned * proportion, earned - reversed_before)
        if amount <= 0:
            return
        key = f"{original._coop_key('accrual')}-reversal:{self.uuid or self.id}"
        known = Move.search_count(
            [("company_id", "=", self.company_id.id), ("source_key", "=", key)]
        )
        entry = self.env["coop.cashback.move"]._coop_record(
            original.partner_id, "reversal", -amount, key, reason=self.name, overdraft=True,
            **common,
        )  # fmt: skip
        if entry.overdraft_amount and not known:
            self._coop_notify_overdraft(entry)
