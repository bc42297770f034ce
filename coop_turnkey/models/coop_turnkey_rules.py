"""The cashback rules of a file. A rule already used for purchases keeps its terms (the close
computes its sales again with them): new terms end it today and start a new rule tomorrow,
which takes over the rule's key; the ended rule stays, under the key ``KEY-YYYYMMDD`` (its
last day; the key shortened to stay a valid key)."""

from odoo import api, fields, models
from odoo.exceptions import UserError

from .coop_turnkey import DATA_MODULE
from .coop_turnkey_sync import _same, _written


def _ended_key(coop_key, key, day):
    """The stable key of rule ``key`` ended on ``day`` for new terms."""
    return f"{coop_key}_rule_{key[:21]}-{day.strftime('%Y%m%d')}"


class CoopTurnkey(models.AbstractModel):
    _inherit = "coop.turnkey"

    @api.model
    def _coop_rules(self, changes, company, coop_key, cashback):
        for rule in cashback.get("rules", []):
            vals = self._coop_rule_vals(company, rule)
            name = f"{coop_key}_rule_{rule['key']}"
            label = self.env._("Cashback rule %s", rule["name"])
            imd, record = self._coop_record("coop.cashback.rule", name, company)
            if not record:
                # a rule made by hand, exported as rule<id>: the same rule, taken over
                record = self._coop_adopt("coop.cashback.rule", rule["key"], "rule", company)
                if record:
                    self._coop_bind(imd, name, record)
                    imd = self._coop_record("coop.cashback.rule", name, company)[0]
            if record and self._coop_rule_followed(coop_key, rule["key"], record):
                # the rule that took over an ended one starts after it, whatever the file says
                starts = fields.Date.to_date(vals["date_from"])
                if record.date_from and (not starts or starts < record.date_from):
                    vals["date_from"] = record.date_from
            if record and self._coop_rule_renewed(record, vals):
                self._coop_rule_renew(changes, imd, (coop_key, rule["key"]), record, vals, label)
            else:
                self._coop_sync(changes, "coop.cashback.rule", name, vals, label)

    @api.model
    def _coop_rule_vals(self, company, rule):
        fixed = "fixed_amount" in rule
        return {
            "name": rule["name"],
            "company_id": company,
            "active": True,
            "channel": rule.get("channel", "all"),
            "coop_state": rule.get("for", "any"),
            "amount_type": "fixed" if fixed else "percent",
            "percent": rule.get("percent", 0.0),
            "fixed_amount": rule.get("fixed_amount", 0.0),
            "categ_ids": self._coop_categories(rule.get("categories")),
            "excluded_categ_ids": self._coop_categories(rule.get("excluded_categories")),
            "min_amount": rule.get("min_amount", 0.0),
            "max_amount": rule.get("max_amount", 0.0),
            "date_from": rule.get("date_from") or False,
            "date_to": rule.get("date_to") or False,
        }

    @api.model
    def _coop_rule_followed(self, coop_key, key, rule):
        """Whether ``rule`` (of key ``key``) took over from a rule ended for new terms the
        day before it starts."""
        if not rule.date_from:
            return False
        ended = fields.Date.add(rule.date_from, days=-1)
        return bool(
            self.env["ir.model.data"]
            .sudo()
            .search_count(
                [("module", "=", DATA_MODULE), ("name", "=", _ended_key(coop_key, key, ended))]
            )
        )

    @api.model
    def _coop_rule_renewed(self, rule, vals):
        """Whether ``vals`` change the terms of ``rule`` and it was used: only its name, and
        an end from today on, can change in place then."""
        today = fields.Date.context_today(self)
        if rule.date_from and rule.date_from > today:
            return False
        changed = {f for f, value in vals.items() if not _same(rule, f, value)} - {"name", "active"}
        if "date_to" in changed:
            old, new = rule.date_to, fields.Date.to_date(vals["date_to"])
            if (not old or old >= today) and (not new or new >= today):
                changed.remove("date_to")
        return bool(changed) and rule._coop_used()

    @api.model
    def _coop_rule_renew(self, changes, imd, keys, rule, vals, label):
        """End the used ``rule`` today and give its key to a new rule with ``vals`` from
        tomorrow on; the ended rule keeps a key of its own (``_ended_key`` of ``keys``: the
        cooperative's and the rule's)."""
        today = fields.Date.context_today(self)
        start = fields.Date.add(today, days=1)
        asked = fields.Date.to_date(vals["date_from"])
        start = max(start, asked) if asked else start
        ends = fields.Date.to_date(vals["date_to"])
        if ends and ends < start:
            raise UserError(
                self.env._(
                    "%(rule)s was used for purchases: its terms cannot change, and the new "
                    "terms would end on %(end)s, before %(start)s when they could start. Set "
                    "the rule's date_to to %(start)s or later, or give the new terms under a new "
                    "key.",
                    rule=label,
                    end=ends,
                    start=start,
                )
            )
        ended = today if not rule.date_to or rule.date_to > today else rule.date_to
        rule.write({"date_to": ended})
        self._coop_bind(None, _ended_key(*keys, ended), rule)
        empty = self.env["coop.cashback.rule"]
        new = empty.create(_written(empty, {**vals, "date_from": start}))
        self._coop_bind(imd, imd.name, new)
        changes.append(
            self.env._(
                "%(rule)s: used for purchases, so ended on %(end)s; new terms from %(start)s",
                rule=label,
                end=ended,
                start=start,
            )
        )
