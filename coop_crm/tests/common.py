from datetime import date, datetime, time, timedelta

from odoo.addons.coop_membership.tests.common import CoopCase

AS_OF = date(2026, 11, 30)
# mid-month day offsets: the period of 365 days is cut in 12 months of 365/12 days counted
# back from AS_OF, month k = the days d ago with 12 * d // 365 == k
MID = [15, 45, 76, 106, 137, 167, 197, 228, 258, 289, 319, 350]


class ClassesCase(CoopCase):
    """A cooperative with a till and a partner business, and a second cooperative; purchases
    are stored with the ORM in the states the classes read (paid till orders, matched partner
    transactions) on dates counted back from AS_OF."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.session = cls._coop_session(cls.company)
        business = cls.env["res.partner"].create(
            {"name": "ООО «Сантехника»", "is_company": True, "company_id": cls.company.id}
        )
        cls.agreement = cls.env["coop.partner.agreement"].create(
            {"partner_id": business.id, "company_id": cls.company.id}
        )
        cls.other = cls._coop_company("ПО «Другое»")
        cls.other_session = cls._coop_session(cls.other)
        cls.other_cashier = cls._coop_user(
            "coop_t_cashier_other", "coop_membership.group_cashier", company=cls.other
        )

    @classmethod
    def _coop_session(cls, company):
        config = (
            cls.env["pos.config"].with_company(company).create({"name": f"Till {company.name}"})
        )
        return cls.env["pos.session"].with_company(company).create({"config_id": config.id})

    @classmethod
    def person(cls, name, phone, user=None):
        values = {"phone": phone, "name": name, "consent_processing": True}
        Partner = cls.env["res.partner"].with_user(user or cls.cashier)
        result = Partner.with_company(Partner.env.user.company_id).coop_register_shopper(values)
        return cls.env["res.partner"].browse(result["partner_id"])

    @classmethod
    def at(cls, days_ago, on=AS_OF):
        return datetime.combine(on - timedelta(days=days_ago), time(12, 0))

    @classmethod
    def buy(cls, person, days_ago, amount, state="paid", session=None, on=AS_OF):
        """A till order (a refund: a negative amount) of ``amount``, ``days_ago`` days before
        ``on``."""
        session = session or cls.session
        return cls.env["pos.order"].create(
            {
                "session_id": session.id,
                "partner_id": person.id,
                "date_order": cls.at(days_ago, on),
                "amount_total": amount,
                "amount_tax": 0.0,
                "amount_paid": amount,
                "amount_return": 0.0,
                "state": state,
            }
        )

    @classmethod
    def partner_sale(cls, person, days_ago, amount, kind="sale", refund_of=None):
        """A matched transaction of the partner business."""
        Transaction = cls.env["coop.partner.transaction"]
        return Transaction.create(
            {
                "agreement_id": cls.agreement.id,
                "company_id": cls.company.id,
                "external_id": f"T{Transaction.search_count([]) + 1}",
                "member_ref": person.phone,
                "partner_id": person.id,
                "amount": amount,
                "date": cls.at(days_ago),
                "kind": kind,
                "refund_of_id": refund_of and refund_of.id,
                "state": "matched",
            }
        )

    def classes(self, person, user=None):
        """What the person's form shows of the classes, read by a manager."""
        values = person.with_user(user or self.manager).read(
            [
                "coop_rfm_recency",
                "coop_rfm_frequency",
                "coop_rfm_monetary",
                "coop_rfm_r",
                "coop_rfm_f",
                "coop_rfm_m",
                "coop_rfm_segment",
                "coop_abc",
                "coop_xyz",
            ]
        )[0]
        values.pop("id")
        return tuple(values.values())
