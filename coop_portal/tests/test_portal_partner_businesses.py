from datetime import date

from odoo.tests import tagged

from .common import CoopPortalCase


@tagged("post_install", "-at_install")
class TestPortalPartnerBusinesses(CoopPortalCase):
    """The partner businesses of the person's cooperative where cashback is earned, with
    their rates: active agreements in force only, none of another cooperative."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plumbing = cls._coop_agreement("Сантехника «Кран»", cashback_percent=5.0)
        cls._coop_agreement("Аптека «Здоровье»", cashback_mode="rules")
        cls.env["coop.cashback.rule"].with_user(cls.manager).with_company(cls.company).create(
            {
                "name": "Partner businesses",
                "company_id": cls.company.id,
                "channel": "partner",
                "amount_type": "percent",
                "percent": 2.5,
            }
        )
        cls._coop_agreement("Старый магазин", active=False)
        cls._coop_agreement("Будущий магазин", date_from=date(2099, 1, 1))
        cls.other = cls._coop_company("ПО «Другое»")
        cls._coop_agreement("Чужой магазин", company=cls.other)

    @classmethod
    def _coop_agreement(cls, name, company=None, **values):
        company = company or cls.company
        business = cls.env["res.partner"].create(
            {"name": name, "is_company": True, "company_id": company.id}
        )
        return (
            cls.env["coop.partner.agreement"]
            .with_company(company)
            .create(
                {
                    "partner_id": business.id,
                    "company_id": company.id,
                    "cashback_mode": "percent",
                    "commission_percent": 2.0,
                    **values,
                }
            )
        )

    def test_the_persons_cooperatives_businesses_with_rates(self):
        self.login(self.anna_user)
        doc = self.page("/my/coop")
        rows = doc.xpath("//li[hasclass('o_coop_partner_business')]")
        shown = {
            row.xpath("./span")[0].text_content().strip(): " ".join(
                row.xpath("./span")[1].text_content().split()
            )
            for row in rows
        }
        self.assertEqual(shown, {"Аптека «Здоровье»": "2.50 %", "Сантехника «Кран»": "5 %"})
        # commissions and API users are not shown
        self.assertNotIn("2.00", self.text(doc, "coop_partner_businesses"))

    def test_another_cooperatives_person_sees_its_own(self):
        cashier = self._coop_user("coop_t_cashier_2", "coop_membership.group_cashier", self.other)
        _person, user = self._coop_portal_person(
            "+7 900 100-00-09", "Олег Другой", self.other, cashier
        )
        self.login(user)
        doc = self.page("/my/coop")
        rows = doc.xpath("//li[hasclass('o_coop_partner_business')]")
        self.assertEqual(
            [r.xpath("./span")[0].text_content().strip() for r in rows], ["Чужой магазин"]
        )
        self.assertNotIn("Сантехника", doc.text_content())
