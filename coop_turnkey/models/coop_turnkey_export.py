"""A running cooperative's configuration as its file (docs/coop.toml) and products CSV: the
pattern a cooperative hands to the next one. Applying the file to a database without it gives
a cooperative whose configuration exports to the same file."""

import csv
import io

from odoo import api, models
from odoo.exceptions import UserError

from .coop_turnkey import DATA_MODULE
from .coop_turnkey_products import COLUMNS
from .coop_turnkey_staff import ROLES
from .coop_turnkey_stores import METHOD_KINDS
from .toml_write import dumps

KINDS = ("cash", "card", "cashback")


def _some(**values):
    """``values`` without the empty ones (the file leaves them out)."""
    return {key: value for key, value in values.items() if value not in (None, False, "", [])}


class CoopTurnkey(models.AbstractModel):
    _inherit = "coop.turnkey"

    @api.model
    def coop_export_file(self, company, products="products.csv"):
        """The file of cooperative ``company`` (its id or name): ``{"toml": text,
        "products_csv": text or False, "logo": {"name": file name, "data": base64 text} or
        False}``, the products file named ``products`` in the TOML; the logo (when the company
        has its own) to save beside the TOML under its name.
        For a manager who works in that cooperative."""
        company = self._coop_export_company(company)
        self._coop_check_access(company)
        # texts in the caller's language, as coop_apply_file writes them
        this = self.sudo().with_company(company).with_context(active_test=True)
        return this._coop_export(company, products)

    @api.model
    def _coop_export_company(self, ref):
        Company = self.env["res.company"].sudo()
        if isinstance(ref, int) or (isinstance(ref, str) and ref.isdigit()):
            company = Company.browse(int(ref)).exists()
        else:
            company = Company.search([("name", "=", ref)])
        if len(company) != 1:
            raise UserError(
                self.env._("There is no cooperative %s (give its id or its exact name).", str(ref))
            )
        return company

    @api.model
    def _coop_export(self, company, products_name):
        key = self._coop_key_of(company, "", "_company") or f"coop{company.id}"
        csv_text = self._coop_export_products(company)
        data = {}
        if csv_text:
            data["products"] = products_name
        data["cooperative"] = self._coop_export_cooperative(company, key)
        logo = self._coop_export_logo(company)
        if logo:
            data["cooperative"]["logo"] = logo[0]
        data["fees"] = [
            {
                "kind": fee.kind,
                "amount": fee.amount,
                "date_from": fee.date_from,
                "meeting_ref": fee.meeting_ref,
            }
            for fee in self.env["coop.fee.version"].search(
                [("company_id", "=", company.id)], order="kind, date_from, id"
            )
        ]
        data["cashback"] = self._coop_export_cashback(company, key)
        data["stores"] = self._coop_export_stores(company, key)
        data["staff"] = self._coop_export_staff(company)
        data["partners"] = self._coop_export_partners(company, key)
        data = {name: value for name, value in data.items() if value}
        return {
            "toml": dumps(data),
            "products_csv": csv_text or False,
            "logo": {"name": logo[0], "data": logo[1]} if logo else False,
        }

    @api.model
    def _coop_key_of(self, record, prefix, suffix=""):
        """The key a file gave ``record`` (its external id is ``prefix``KEY``suffix``)."""
        names = (
            self.env["ir.model.data"]
            .search(
                [
                    ("module", "=", DATA_MODULE),
                    ("model", "=", record._name),
                    ("res_id", "=", record.id),
                ]
            )
            .mapped("name")
        )
        for name in sorted(names):
            if name.startswith(prefix) and name.endswith(suffix):
                return name[len(prefix) : len(name) - len(suffix)]
        return None

    @api.model
    def _coop_export_cooperative(self, company, key):
        partner = company.partner_id
        return _some(
            key=key,
            name=company.name,
            legal_form=company.coop_legal_form,
            inn=company.vat,
            kpp=company.coop_kpp,
            ogrn=company.company_registry,
            street=company.street,
            city=company.city,
            zip=company.zip,
            phone=company.phone,
            email=company.email,
            currency=company.currency_id.name,
            lang=partner.lang,
            tz=partner.tz,
        )

    @api.model
    def _coop_export_cashback(self, company, key):
        rules = []
        for rule in self.env["coop.cashback.rule"].search(
            [("company_id", "=", company.id)], order="id"
        ):
            amount = (
                {"fixed_amount": rule.fixed_amount}
                if rule.amount_type == "fixed"
                else {"percent": rule.percent}
            )
            rules.append(
                _some(
                    key=self._coop_key_of(rule, f"{key}_rule_") or f"rule{rule.id}",
                    name=rule.name,
                    **{"for": rule.coop_state},
                    channel=rule.channel,
                    **amount,
                    categories=sorted(rule.categ_ids.mapped("complete_name")),
                    excluded_categories=sorted(rule.excluded_categ_ids.mapped("complete_name")),
                    min_amount=rule.min_amount,
                    max_amount=rule.max_amount,
                    date_from=rule.date_from,
                    date_to=rule.date_to,
                )
            )
        never = company.coop_cashback_excluded_categ_ids.mapped("complete_name")
        cashback = {
            "hold_days": company.coop_cashback_hold_days,
            "expiry_days": company.coop_cashback_expiry_days,
            "refund_days": company.coop_refund_days,
            "never_earn_categories": sorted(never),
        }
        return {**cashback, "rules": rules} if rules else cashback

    @api.model
    def _coop_export_stores(self, company, key):
        stores = []
        for config in self.env["pos.config"].search([("company_id", "=", company.id)], order="id"):
            methods = config.payment_method_ids
            kinds = {kind: methods.filtered(METHOD_KINDS[kind]) for kind in KINDS}
            stores.append(
                _some(
                    key=self._coop_key_of(config, f"{key}_store_") or f"store{config.id}",
                    name=config.name,
                    payment_methods=[kind for kind in KINDS if kinds[kind]],
                    receipt_header=config.receipt_header,
                    receipt_footer=config.receipt_footer,
                )
            )
        return stores

    @api.model
    def _coop_export_staff(self, company):
        """The users working in this cooperative (it is their company) with exactly a
        role's groups (not its API users, nor anyone given more)."""
        staff = []
        users = self.env["res.users"].search(
            [("company_id", "=", company.id), ("share", "=", False)], order="login"
        )
        for user in users:
            role = next((r for r in ROLES if self._coop_has_role(user, r)), None)
            if role and user.company_ids == company:
                staff.append(_some(login=user.login, name=user.name, role=role, email=user.email))
        return staff

    @api.model
    def _coop_export_partners(self, company, key):
        businesses = []
        agreements = self.env["coop.partner.agreement"].search(
            [("company_id", "=", company.id)], order="id"
        )
        for agreement in agreements:
            percent = agreement.cashback_percent if agreement.cashback_mode == "percent" else None
            business = {
                "key": self._coop_key_of(agreement, f"{key}_partner_", "_agreement")
                or f"partner{agreement.id}",
                "name": agreement.partner_id.name,
                "inn": agreement.partner_id.vat or "",
                "cashback_percent": percent,
                "commission_percent": agreement.commission_percent,
                "date_from": agreement.date_from,
                "date_to": agreement.date_to,
                # an archived API user (the business was dropped) is not the file's any more
                "api_login": agreement.api_user_id.filtered("active").login,
            }
            businesses.append(
                {k: v for k, v in business.items() if k == "inn" or v not in (None, False)}
            )
        return businesses

    @api.model
    def _coop_export_products(self, company):
        """The products CSV of the cooperative's products that have a key (internal
        reference), or None when none has."""
        products = self.env["product.template"].search(
            [("company_id", "=", company.id), ("default_code", "!=", False)],
            order="default_code, id",
        )
        if not products:
            return None
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["key", *(column for column, _required in COLUMNS[1:])])
        for product in products:
            writer.writerow(
                [
                    product.default_code,
                    product.name,
                    product.categ_id.complete_name,
                    f"{product.list_price:.2f}",
                    product.barcode or "",
                    product.uom_id.with_context(lang="en_US").name,
                    product.taxes_id[:1].with_context(lang="en_US").name or "",
                    "true" if product.available_in_pos else "false",
                ]
            )
        return out.getvalue()
