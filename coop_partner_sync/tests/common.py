from odoo.addons.coop_membership.tests.common import CoopCase


class PartnerSyncCase(CoopCase):
    """A cooperative with one partner business (5 % cashback, 2 % commission) and its API
    user, who imports as its system would."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.business = cls._coop_business("ООО «Сантехника»")
        cls.agreement, cls.api_user = cls._coop_agreement(cls.business, "shop-api")

    @classmethod
    def _coop_business(cls, name):
        return cls.env["res.partner"].create(
            {"name": name, "is_company": True, "company_id": cls.company.id}
        )

    @classmethod
    def _coop_agreement(cls, business, login, **values):
        agreement = (
            cls.env["coop.partner.agreement"]
            .with_user(cls.manager)
            .with_company(cls.company)
            .create(
                {
                    "partner_id": business.id,
                    "company_id": cls.company.id,
                    "cashback_mode": "percent",
                    "cashback_percent": 5.0,
                    "commission_percent": 2.0,
                    **values,
                }
            )
        )
        result = agreement.coop_create_api_user(login, password="shop-api-password")
        return agreement, cls.env["res.users"].browse(result["user_id"])

    def send(self, rows, dry_run=False, user=None):
        user = user or self.api_user
        return (
            self.env["coop.partner.transaction"]
            .with_user(user)
            .with_company(user.company_id)
            .import_transactions(rows, dry_run=dry_run)
        )

    def sale(self, external_id, ref, amount, date="2026-11-20", **values):
        return {"external_id": external_id, "member_ref": ref, "amount": amount, "date": date,
                **values}  # fmt: skip

    def txn(self, external_id, agreement=None):
        return self.env["coop.partner.transaction"].search(
            [
                ("agreement_id", "=", (agreement or self.agreement).id),
                ("external_id", "=", external_id),
            ]
        )
