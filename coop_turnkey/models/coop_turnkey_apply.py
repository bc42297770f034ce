from odoo import Command, api, fields, models
from odoo.exceptions import AccessError

from .coop_turnkey_unlisted import fee_key

CHART = "ru_coop"


class CoopTurnkey(models.AbstractModel):
    _inherit = "coop.turnkey"

    @api.model
    def _coop_apply(self, config):
        """Create or bring up to date the cooperative of ``config`` (from ``_coop_load``), all
        or nothing. Returns the list of changes, in the reader's language."""
        config = dict(config)
        source = config.pop("_source", None)
        products = config.pop("_products", None)
        logo = config.pop("_logo", None)
        coop = config["cooperative"]
        _imd, existing = self._coop_record("res.company", f"{coop['key']}_company")
        self._coop_check_access(existing)
        changes = []
        with self.env.cr.savepoint():
            this = self.sudo()
            this._coop_lang(changes, coop, source)
            this._coop_product_categories(changes, products)
            company = this._coop_company(changes, coop, config.get("cashback", {}), source)
            this._coop_logo(changes, company, logo)
            this = this.with_company(company).with_context(tracking_disable=True)
            this._coop_chart(changes, company)
            this._coop_products(changes, company, coop["key"], products)
            this._coop_fees(changes, company, coop["key"], config.get("fees", []), source)
            this._coop_rules(changes, company, coop["key"], config.get("cashback", {}))
            this._coop_stores(changes, company, coop["key"], config.get("stores", []))
            this._coop_staff(changes, company, coop, config.get("staff", []), source)
            this._coop_partners(changes, company, coop["key"], config.get("partners", []), source)
            this._coop_unlisted(changes, company, coop["key"], config, source)
            if not existing and not self.env.is_superuser():
                self.env.user.sudo().write({"company_ids": [Command.link(company.id)]})
                changes.append(self.env._("You can now work in %s.", company.name))
        return changes or [self.env._("Unchanged: the cooperative is as the file describes.")]

    def _coop_check_access(self, company):
        """Only a cooperative's manager sets one up, and updates only a cooperative they work
        in (the rest is then done as the system: companies, charts and users)."""
        if self.env.is_superuser():
            return
        if not self.env.user.has_group("coop_membership.group_manager"):
            raise AccessError(
                self.env._("Only a cooperative's manager can set up a cooperative from a file.")
            )
        if company and company not in self.env.user.company_ids:
            raise AccessError(
                self.env._(
                    "The file describes %s, a cooperative you do not work in: ask its manager "
                    "to load it.",
                    company.name,
                )
            )

    # ------------------------------------------------------------------ the company

    def _coop_company(self, changes, coop, cashback, source):
        key = f"{coop['key']}_company"
        names = cashback.get("never_earn_categories", [])
        vals = {
            "name": coop["name"],
            "coop_legal_form": coop.get("legal_form") or False,
            "vat": coop["inn"],
            "coop_kpp": coop.get("kpp") or False,
            "company_registry": coop.get("ogrn") or False,
            "street": coop.get("street") or False,
            "city": coop.get("city") or False,
            "zip": coop.get("zip") or False,
            "phone": coop.get("phone") or False,
            "email": coop.get("email") or False,
            "coop_cashback_hold_days": cashback.get("hold_days", 0),
            "coop_cashback_expiry_days": cashback.get("expiry_days", 0),
            "coop_refund_days": cashback.get("refund_days", 90),
            "coop_cashback_excluded_categ_ids": self._coop_categories(names),
        }
        _imd, existing = self._coop_record("res.company", key)
        if not existing:
            Company = self.env["res.company"].with_context(active_test=False)
            if Company.search_count([("name", "=", coop["name"])]):
                raise self._coop_error(
                    source,
                    ["cooperative", "name"],
                    self.env._(
                        "a company %(name)s already exists and was not made from this file "
                        "(its key is not %(key)s). Give the cooperative another name.",
                        name=coop["name"],
                        key=coop["key"],
                    ),
                )
            rub = self.env.ref("base.RUB").with_context(active_test=False)
            rub.active = True
            create_vals = {"country_id": self.env.ref("base.ru").id, "currency_id": rub.id}
            if "iap_enrich_auto_done" in Company._fields:
                # the file is the truth: no look-up of the company on Odoo's servers
                create_vals["iap_enrich_auto_done"] = True
        else:
            create_vals = None
        label = self.env._("Cooperative %s", coop["name"])
        company = self._coop_sync(changes, "res.company", key, vals, label, create_vals)
        partner_vals = {"lang": coop.get("lang", "ru_RU"), "tz": coop.get("tz", "Europe/Moscow")}
        if existing:
            self._coop_update(changes, company.partner_id, partner_vals, label)
        else:
            company.partner_id.write(partner_vals)
        return company

    def _coop_categories(self, names):
        categories = self.env["product.category"]
        for name in names or ():
            categories |= self._coop_category(name)
        return categories

    def _coop_lang(self, changes, coop, source):
        """The cooperative's language, active with its translations."""
        code = coop.get("lang", "ru_RU")
        lang = self.env["res.lang"].with_context(active_test=False).search([("code", "=", code)])
        if not lang:
            raise self._coop_error(
                source,
                ["cooperative", "lang"],
                self.env._("Odoo has no language %s. Use a code such as ru_RU.", code),
            )
        if not lang.active:
            lang.active = True
            installed = self.env["ir.module.module"].search([("state", "=", "installed")])
            installed._update_translations([code])
            changes.append(self.env._("Language %s loaded.", lang.name))

    def _coop_chart(self, changes, company):
        """The cooperative's chart of accounts, with its accounts and journal (loading it
        sets them up: coop_membership's account.chart.template)."""
        if not company.chart_template:
            self.env["account.chart.template"].try_loading(CHART, company, install_demo=False)
            changes.append(self.env._("%s: chart of accounts loaded.", company.name))
        company._coop_setup()

    # ------------------------------------------------------------------ fees and rules

    def _coop_fees(self, changes, company, coop_key, fees, source=None):
        Version = self.env["coop.fee.version"]
        kinds = dict(Version._fields["kind"]._description_selection(self.env))
        today = fields.Date.context_today(self)
        listed = {(fee["kind"], fee["date_from"]) for fee in fees}
        # the kinds of fee the cooperative had an amount of before this file
        had = set(Version.search([("company_id", "=", company.id)]).mapped("kind"))
        for index, fee in enumerate(fees):
            name = fee_key(coop_key, fee)
            imd, version = self._coop_record("coop.fee.version", name, company)
            dated = self._coop_fee_dated(company, fee)
            if self._coop_fee_taken_over(fee, version, dated, listed):
                continue
            if not version.active and (dated.active or not version):
                # the amount of that day now (one set by hand after the file's was archived)
                version = dated
            label = self.env._(
                "%(kind)s from %(date)s", kind=kinds[fee["kind"]], date=fee["date_from"]
            )
            vals = {"amount": fee["amount"], "meeting_ref": fee["meeting_ref"], "active": True}
            if (not version or not version.active) and fee["kind"] in had:
                self._coop_fee_check_past(fee, label, source, ["fees", index, "date_from"])
            if not version:
                version = Version.create(
                    {
                        **vals,
                        "kind": fee["kind"],
                        "date_from": fee["date_from"],
                        "company_id": company.id,
                    }
                )
                changes.append(self.env._("%s: created", label))
            elif version.date_from > today or not version.active:
                # not in force yet, or archived before it came into force (listed again):
                # nothing was charged under it, it changes in place
                self._coop_update(changes, version, vals, label)
            elif version.amount != fee["amount"] or version.meeting_ref != fee["meeting_ref"]:
                version = self._coop_fee_new_version(changes, version, vals, label)
            self._coop_bind(imd, name, version)

    def _coop_fee_dated(self, company, fee):
        """The version of ``company`` from the first day of ``fee``: the active one (one
        at most), else the latest archived (archived ones never came into force, and
        several may share the day)."""
        return (
            self.env["coop.fee.version"]
            .with_context(active_test=False)
            .search(
                [
                    ("company_id", "=", company.id),
                    ("kind", "=", fee["kind"]),
                    ("date_from", "=", fee["date_from"]),
                ],
                order="active desc, id desc",
                limit=1,
            )
        )

    def _coop_fee_check_past(self, fee, label, source, path):
        """A new amount (or one archived and listed again) of a fee the cooperative already
        has starts today at the earliest: the amount in force on a past day is history (what
        was charged then, under the council's decision), a file does not rewrite it."""
        today = fields.Date.context_today(self)
        if fields.Date.to_date(fee["date_from"]) >= today:
            return
        raise self._coop_error(
            source,
            path,
            self.env._(
                "%(fee)s would change the amount in force on past days, which is history "
                "(what was charged then). A new amount starts today at the earliest: set "
                "date_from = %(today)s or later.",
                fee=label,
                today=today,
            ),
        )

    def _coop_fee_taken_over(self, fee, version, dated, listed):
        """Whether ``fee`` describes, as it is, the version ``dated`` that the version of its
        key (``version``, made for a new amount) took over from, and the file lists that one
        too under its own date: an exported file, giving what was and what is in force.
        Applied back, it changes nothing (else the old amount would come back tomorrow)."""
        return bool(
            version
            and dated.active
            and version.date_from != dated.date_from
            and (fee["kind"], fields.Date.to_string(version.date_from)) in listed
            and dated.amount == fee["amount"]
            and dated.meeting_ref == fee["meeting_ref"]
        )

    def _coop_fee_new_version(self, changes, version, vals, label):
        """A new amount of a fee in force: a new version from today (or from tomorrow, when
        the one in force started today); the old one stays for what was charged under it."""
        today = fields.Date.context_today(self)
        date_from = today if version.date_from < today else fields.Date.add(today, days=1)
        new = version.copy({**vals, "date_from": date_from})
        changes.append(
            self.env._(
                "%(fee)s: new amount %(amount)s in force from %(date)s (the previous amount is "
                "kept for what was charged under it)",
                fee=label,
                amount=vals["amount"],
                date=date_from,
            )
        )
        return new
