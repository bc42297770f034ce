from odoo.addons.coop_membership.tests.common import CoopCase


class CoopMailingCase(CoopCase):
    """A cooperative with people who consent to advertising and people who do not, and a second
    cooperative with a consenting person; mailings are made by the officer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partner_model = cls.env.ref("base.model_res_partner")
        cls.anna = cls._person("+7 910 100-00-01", "Анна Мирова", "anna@example.com", True)
        cls.boris = cls._person("+7 910 100-00-02", "Борис Нетов", "boris@example.com", False)
        cls.vera = cls._person("+7 910 100-00-03", "Вера Отозвана", "vera@example.com", True)
        cls.vera.with_user(cls.officer).action_coop_withdraw_consent("marketing")
        cls.gleb = cls._person("+7 910 100-00-04", "Глеб Безмобильный", "gleb@example.com", True)
        cls.gleb.write({"phone": False, "mobile": False})
        cls.company2 = cls._coop_company("ПО «Другое»")
        cls.cashier2 = cls._coop_user(
            "coop_t_cashier2", "coop_membership.group_cashier", cls.company2
        )
        cls.officer2 = cls._coop_user(
            "coop_t_officer2", "coop_membership.group_officer", cls.company2
        )
        cls.dasha = cls._person(
            "+7 910 100-00-05", "Дарья Чужая", "dasha@example.com", True, user=cls.cashier2
        )

    @classmethod
    def _person(cls, phone, name, email, marketing, user=None):
        values = {"phone": phone, "name": name, "consent_processing": True}
        values["consent_marketing"] = marketing
        user = user or cls.cashier
        Partner = cls.env["res.partner"].with_user(user).with_company(user.company_id)
        result = Partner.coop_register_shopper(values)
        person = cls.env["res.partner"].browse(result["partner_id"])
        person.write({"email": email})
        return person

    def mailing(self, domain=None, mailing_type="mail", user=None, **values):
        user = user or self.officer
        values = {
            "subject": "Скидки недели",
            "body_html": "<p>Скидки недели</p>",
            "body_plaintext": "Скидки недели",
            "mailing_type": mailing_type,
            "mailing_model_id": self.partner_model.id,
            **values,
        }
        if domain is not None:  # else Odoo's: the default one or the favourite filter's
            values["mailing_domain"] = domain
        return self.as_user(user, "mailing.mailing").create(values)

    def traced(self, mailing):
        traces = self.env["mailing.trace"].search([("mass_mailing_id", "=", mailing.id)])
        return self.env[mailing.mailing_model_real].browse(traces.mapped("res_id"))
