from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_compare

from odoo.addons.coop_membership.models.coop_state_event import COOP_STATES

# what a rule earns and for what: fixed once the rule was used for a purchase
TERMS = {
    "amount_type", "percent", "fixed_amount", "date_from", "date_to", "channel", "coop_state",
    "product_ids", "categ_ids", "excluded_categ_ids", "min_amount", "max_amount", "company_id",
    "active",
}  # fmt: skip
# what decides which purchases a rule covers
WINDOW = {"date_from", "date_to", "channel", "company_id"}


class CoopCashbackRule(models.Model):
    """How much cashback a purchase earns.

    How rules combine (one deterministic rule, the same at the till, for partner businesses
    and in the preview):

    1. Lines of a category the company never rewards (Settings) earn nothing.
    2. For each line, among the rules in force on the purchase date for the channel, the
       person's status and this company, whose minimum purchase the purchase reaches, the
       **most specific** rule applies: one naming the product, else one naming the line's
       category or its nearest parent, else a rule for all products; at the same level, a
       rule for this channel beats one for everywhere, then a rule for the person's status
       beats one for everyone. Remaining ties go to the lower sequence, then the older rule.
       Only that rule applies to the line.
    3. If that rule excludes the line's category, the line earns nothing.
    4. A percentage rule earns its percentage of the line's amount (taxes included); a fixed
       rule earns its amount once per purchase.
    5. What one rule earns in one purchase is capped at its cap, if it has one.
    6. The total is rounded to the currency once, at the end.
    """

    _name = "coop.cashback.rule"
    _description = "Cashback rule"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    channel = fields.Selection(
        [("all", "Everywhere"), ("pos", "The cooperative's store"),
         ("partner", "Partner businesses")],
        required=True,
        default="all",
    )  # fmt: skip
    coop_state = fields.Selection(
        [("any", "Everyone registered"), *COOP_STATES],
        string="For",
        required=True,
        default="any",
    )
    amount_type = fields.Selection(
        [("percent", "Percentage"), ("fixed", "Fixed amount per purchase")],
        required=True,
        default="percent",
    )
    percent = fields.Float(digits=(5, 2))
    fixed_amount = fields.Monetary(currency_field="currency_id")
    product_ids = fields.Many2many("product.product", string="Products")
    categ_ids = fields.Many2many(
        "product.category", "coop_cashback_rule_categ_rel", string="Categories"
    )
    excluded_categ_ids = fields.Many2many(
        "product.category", "coop_cashback_rule_excluded_categ_rel", string="Excluded categories"
    )
    date_from = fields.Date(string="Valid from")
    date_to = fields.Date(string="Valid until")
    min_amount = fields.Monetary(string="Minimum purchase", currency_field="currency_id")
    max_amount = fields.Monetary(
        string="Cap per purchase", currency_field="currency_id", help="0: no cap."
    )

    @api.constrains("amount_type", "percent", "fixed_amount", "date_from", "date_to",
                    "min_amount", "max_amount")  # fmt: skip
    def _check_values(self):
        for rule in self:
            if rule.amount_type == "percent" and not 0 < rule.percent <= 100:
                raise ValidationError(
                    self.env._("Rule %(rule)s: the percentage must be above 0 and at most 100.",
                               rule=rule.name)
                )  # fmt: skip
            if rule.amount_type == "fixed" and rule.fixed_amount <= 0:
                raise ValidationError(
                    self.env._("Rule %(rule)s: the fixed amount must be positive.", rule=rule.name)
                )
            if rule.date_from and rule.date_to and rule.date_from > rule.date_to:
                raise ValidationError(
                    self.env._("Rule %(rule)s: 'Valid until' is before 'Valid from'.",
                               rule=rule.name)
                )  # fmt: skip
            if rule.min_amount < 0 or rule.max_amount < 0:
                raise ValidationError(
                    self.env._("Rule %(rule)s: minimum and cap cannot be negative.",
                               rule=rule.name)
                )  # fmt: skip

    # ------------------------------------------------------------------ money terms

    @api.model_create_multi
    def create(self, vals_list):
        rules = super().create(vals_list)
        if not self.env.su:
            rules._coop_check_backdating()
        return rules

    def write(self, vals):
        if self.env.su:
            return super().write(vals)
        self.check_access("write")
        self._coop_check_terms_change(vals)
        unused = self
        if set(vals) & WINDOW:
            unused = self.filtered(lambda rule: not rule._coop_used())
        result = super().write(vals)
        unused._coop_check_backdating()
        return result

    def unlink(self):
        if not self.env.su:
            self.check_access("unlink")
            for rule in self:
                if rule._coop_used():
                    raise UserError(
                        self.env._(
                            "Cashback rule %(rule)s was already used for purchases and cannot "
                            "be deleted: the sales it computed are computed again with it. Set "
                            "its 'Valid until' to end it.",
                            rule=rule.display_name,
                        )
                    )
        return super().unlink()

    def _coop_check_backdating(self):
        """A rule does not start over sales already recorded before today: they were computed
        with other terms, which it would then seem to explain. A cooperative without sales
        may date its rules as it likes."""
        today = fields.Date.context_today(self)
        for rule in self:
            if (not rule.date_from or rule.date_from < today) and rule._coop_used(before=today):
                raise UserError(
                    self.env._(
                        "Cashback rule %(rule)s would start before today, over purchases "
                        "already recorded under other terms. Set its 'Valid from' to today or "
                        "later.",
                        rule=rule.display_name,
                    )
                )

    def _coop_check_terms_change(self, vals):
        """A used rule's money terms stay as they were: the close computes again the sales paid
        outside the till by the rule in force on the sale's day. Only ending it (an end date
        from today on) and its name stay editable."""
        terms = set(vals) & TERMS
        today = fields.Date.context_today(self)
        for rule in self:
            changed = [f for f in terms if not _same_value(rule, f, vals[f])]
            if "date_to" in changed and _ends_from(rule.date_to, vals["date_to"], today):
                changed.remove("date_to")
            if changed and rule._coop_used():
                raise UserError(
                    self.env._(
                        "Cashback rule %(rule)s was already used for purchases: its %(fields)s "
                        "cannot change, or the sales it computed would earn differently when "
                        "computed again. Set its 'Valid until' to end it and create a new rule "
                        "with the new terms.",
                        rule=rule.display_name,
                        fields=", ".join(
                            rule._fields[f]._description_string(self.env) for f in sorted(changed)
                        ),
                    )
                )

    def _coop_used(self, before=None):
        """Whether a purchase was computed with this rule: an accrual of its channel in its
        validity, or a paid sale of the store in it (the close may compute it); only those
        before the date ``before`` when given."""
        self.ensure_one()
        channels = ("pos", "partner") if self.channel == "all" else (self.channel,)
        dates = [("date", ">=", self.date_from)] if self.date_from else []
        dates += [("date", "<=", self.date_to)] if self.date_to else []
        dates += [("date", "<", before)] if before else []
        Move = self.env["coop.cashback.move"].sudo()
        if Move.search_count(
            [("company_id", "=", self.company_id.id), ("kind", "=", "accrual"),
             ("channel", "in", channels), *dates], limit=1,
        ):  # fmt: skip
            return True
        if "pos" not in channels:
            return False
        orders = [("date_order", ">=", self.date_from)] if self.date_from else []
        # a sale on the rule's last day is before the next day
        orders += (
            [("date_order", "<", self.date_to + relativedelta(days=1))] if self.date_to else []
        )
        orders += [("date_order", "<", before)] if before else []
        return bool(
            self.env["pos.order"].sudo().search_count(
                [("company_id", "=", self.company_id.id),
                 ("state", "in", ("paid", "done", "invoiced")), *orders], limit=1,
            )
        )  # fmt: skip

    # ------------------------------------------------------------------ computing

    def _specificity(self, product):
        """How specifically this rule names ``product``: (level, depth, channel-specific,
        status-specific); None if it does not apply to it."""
        self.ensure_one()
        narrower = (self.channel != "all", self.coop_state != "any")
        if self.product_ids:
            return (2, 0, *narrower) if product in self.product_ids else None
        if self.categ_ids:
            depth = 0
            categ = product.categ_id
            while categ:
                if categ in self.categ_ids:
                    return (1, -depth, *narrower)
                categ, depth = categ.parent_id, depth + 1
            return None
        return (0, 0, *narrower)

    @api.model
    def _coop_compute(self, partner, lines, channel, date=None, company=None, rules=None,
                      state=None):  # fmt: skip
        """Cashback earned by a purchase.

        :param partner: the person (their ``coop_state`` selects the rules)
        :param lines: list of ``(product.product, amount)``, amounts taxes included
        :param channel: ``"pos"`` or ``"partner"``
        :param rules: the company's rules for the channel, read once by a caller computing
            many purchases (an import); searched here when not given
        :param state: the person's status on the purchase date, when it is not today's (a
            sale computed again at the session's close); their status now when not given
        :return: ``{"total": float, "lines": [float per line], "rules": {rule: float}}``
        """
        company = company or self.env.company
        date = date or fields.Date.context_today(self)
        currency = company.currency_id
        state = partner.coop_state if state is None else state
        result_lines = [0.0] * len(lines)
        if not state or partner.coop_frozen:
            return {"total": 0.0, "lines": result_lines, "rules": {}}
        basket = sum(amount for _product, amount in lines)
        if rules is None:
            rules = self.sudo().search(
                [
                    ("company_id", "=", company.id),
                    ("channel", "in", ("all", channel)),
                    ("coop_state", "in", ("any", state)),
                    "|", ("date_from", "=", False), ("date_from", "<=", date),
                    "|", ("date_to", "=", False), ("date_to", ">=", date),
                ]
            )  # fmt: skip
        else:
            rules = rules.filtered(
                lambda r: (
                    r.company_id == company
                    and r.channel in ("all", channel)
                    and r.coop_state in ("any", state)
                    and (not r.date_from or r.date_from <= date)
                    and (not r.date_to or r.date_to >= date)
                )
            )
        rules = rules.filtered(lambda r: currency.compare_amounts(basket, r.min_amount) >= 0)
        excluded = company.coop_cashback_excluded_categ_ids
        earned = defaultdict(float)
        for index, (product, amount) in enumerate(lines):
            if _in_categories(product, excluded):
                continue
            ranked = [(r._specificity(product), r) for r in rules]
            ranked = [(spec, r) for spec, r in ranked if spec is not None]
            if not ranked:
                continue
            best = max(ranked, key=lambda item: (item[0], -item[1].sequence, -item[1].id))[1]
            if _in_categories(product, best.excluded_categ_ids):
                continue
            if best.amount_type == "percent":
                value = amount * best.percent / 100.0
                result_lines[index] = value
                earned[best] += value
            elif best not in earned:
                earned[best] = best.fixed_amount
        for rule, value in earned.items():
            if rule.max_amount and value > rule.max_amount:
                scale = rule.max_amount / value
                for index, (product, _amount) in enumerate(lines):
                    if result_lines[index] and _applies(rule, product, rules):
                        result_lines[index] *= scale
                earned[rule] = rule.max_amount
        total = currency.round(max(sum(earned.values()), 0.0))
        return {"total": total, "lines": result_lines, "rules": dict(earned)}

    @api.model
    def coop_preview(self, partner_id, lines, channel="pos", config_id=None):
        """What a basket would earn (the till, XML-RPC and the back office): ``lines`` is a
        list of ``[product_id, amount]``. At a till (``config_id``) the amounts are in the
        till's currency: converted to the company's at today's rate, line by line, as the
        sale's accrual will be. The total is in the company's currency (the ledger's).

        :return: ``{"total", "lines", "currency_id", "currency"}``
        """
        if not self.env.user.has_group("coop_membership.group_cashier"):
            raise AccessError(
                self.env._("Previewing cashback needs the Cooperative / Cashier group.")
            )
        partner = self.env["res.partner"].browse(partner_id).exists()
        if not partner:
            raise ValidationError(self.env._("Person %(id)s does not exist.", id=partner_id))
        partner.check_access("read")
        if partner.company_id and partner.company_id not in self.env.user.company_ids:
            raise AccessError(
                self.env._("Person %(id)s belongs to another cooperative.", id=partner_id)
            )
        products = self.env["product.product"].browse([p for p, _a in lines]).exists()
        by_id = {p.id: p for p in products}
        missing = [p for p, _a in lines if p not in by_id]
        if missing:
            raise ValidationError(self.env._("Unknown products: %(ids)s.", ids=missing))
        company = self.env.company
        basket = [(by_id[p], a) for p, a in lines]
        if config_id:
            config = self.env["pos.config"].browse(config_id).exists()
            if not config:
                raise ValidationError(self.env._("Till %(id)s does not exist.", id=config_id))
            company = self.env["res.partner"]._coop_pos_till_company(config)
            basket = self._coop_in_company_currency(basket, config.currency_id, company)
        result = self._coop_compute(partner, basket, channel, company=company)
        return {
            "total": result["total"],
            "lines": result["lines"],
            "currency_id": company.currency_id.id,
            "currency": company.currency_id.name,
        }

    @api.model
    def _coop_in_company_currency(self, lines, currency, company):
        """``lines`` in ``currency`` at today's rate, as ``pos.order._coop_accrue`` converts."""
        today = fields.Date.context_today(self)
        return [
            (product, currency._convert(amount, company.currency_id, company, today))
            for product, amount in lines
        ]


def _same_value(rule, fname, value):
    """Whether writing ``value`` leaves ``rule[fname]`` as it is."""
    field = rule._fields[fname]
    new = rule.new({fname: value})[fname]
    if field.type in ("many2many", "many2one"):
        return set(new.ids) == set(rule[fname].ids)
    if field.type == "float":
        return float_compare(new or 0.0, rule[fname] or 0.0, precision_digits=6) == 0
    return new == rule[fname]


def _ends_from(old, new, today):
    """A change of the end date that only ends the rule (or moves an end not reached yet)."""
    return (not old or old >= today) and (not new or fields.Date.to_date(new) >= today)


def _in_categories(product, categories):
    categ = product.categ_id
    while categ:
        if categ in categories:
            return True
        categ = categ.parent_id
    return False


def _applies(rule, product, rules):
    """Whether ``rule`` is the one chosen for ``product`` among ``rules``."""
    ranked = [(r._specificity(product), r) for r in rules]
    ranked = [(spec, r) for spec, r in ranked if spec is not None]
    return (
        bool(ranked)
        and max(ranked, key=lambda item: (item[0], -item[1].sequence, -item[1].id))[1] == rule
    )
