from datetime import date

from freezegun import freeze_time
from lxml import etree

from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import ClassesCase


@tagged("post_install", "-at_install")
class TestBirthdays(ClassesCase):
    """Cooperative > People > Birthdays, as an officer, on Wednesday 30.12.2026: the week runs
    from Monday 28.12.2026 to Sunday 03.01.2027."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        born = {
            "Сегодня": date(1990, 12, 30),
            "Неделя": date(1985, 1, 2),  # this week, next year's January
            "Начало месяца": date(1970, 12, 1),
            "Прошлая неделя": date(1980, 12, 27),
            "Январь": date(1975, 1, 5),
            "Високосный": date(2000, 2, 29),
        }
        cls.people = {}
        for n, (name, birthdate) in enumerate(born.items()):
            person = cls.person(name, f"+7 910 500-00-{n + 10}")
            person.coop_birthdate = birthdate
            cls.people[name] = person
        cls.stranger = cls.person("Чужой", "+7 910 500-00-99", user=cls.other_cashier)
        cls.stranger.coop_birthdate = date(1990, 12, 30)

    def birthdays(self, user=None):
        """{filter: names} of the action's birthday filters, searched as ``user``."""
        action = self.env.ref("coop_crm.res_partner_action_coop_birthdays")
        Partner = self.env["res.partner"].with_user(user or self.officer).with_company(self.company)
        search = Partner.get_views([(action.search_view_id.id, "search")])["views"]["search"]
        filters = {
            node.get("name"): safe_eval(node.get("domain"))
            for node in etree.fromstring(search["arch"]).iter("filter")
            if node.get("name", "").startswith("filter_coop_birthday_")
        }
        domain = safe_eval(action.domain)
        return {
            name.removeprefix("filter_coop_birthday_"): set(
                Partner.search(domain + filter_domain).mapped("name")
            )
            for name, filter_domain in filters.items()
        }

    @freeze_time("2026-12-30 09:00:00")
    def test_filters(self):
        """Today, this week (across the new year) and this month give exactly their people;
        another cooperative's person born today is not listed."""
        self.assertEqual(
            self.birthdays(),
            {
                "today": {"Сегодня"},
                "week": {"Сегодня", "Неделя"},
                "month": {"Сегодня", "Начало месяца", "Прошлая неделя"},
            },
        )

    @freeze_time("2027-02-28 09:00:00")
    def test_leap_day_on_28_february(self):
        """Born on 29 February: listed on 28 February in a year without it."""
        self.assertEqual(self.birthdays()["today"], {"Високосный"})

    def test_views_by_role(self):
        """The Birthdays list opens for an officer with the birth dates, sorted by day of the
        year; a cashier's people search opens without the birthday filters."""
        action = self.env.ref("coop_crm.res_partner_action_coop_birthdays")
        views = [(v.view_id.id, v.view_mode) for v in action.view_ids]
        Partner = self.env["res.partner"].with_user(self.officer).with_company(self.company)
        arch = Partner.get_views(views)["views"]["list"]["arch"]
        self.assertIn('name="coop_birthdate"', arch)
        self.assertIn('default_order="coop_birth_month, coop_birth_day, name"', arch)
        Partner = self.env["res.partner"].with_user(self.cashier).with_company(self.company)
        search = Partner.get_views([(action.search_view_id.id, "search")])["views"]["search"]
        self.assertIn("filter_coop_member_since", search["arch"])
        self.assertNotIn("filter_coop_birthday", search["arch"])

    def test_menu_for_officers_only(self):
        """Birthdays is under People for officers; a cashier keeps People, without it."""
        menu = self.env.ref("coop_crm.res_partner_menu_coop_birthdays")
        people = self.env.ref("coop_crm.res_partner_menu_coop_people_all")
        for user, shown in ((self.officer, True), (self.cashier, False)):
            visible = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
            with self.subTest(user=user.login):
                self.assertEqual(menu.id in visible, shown)
                self.assertIn(people.id, visible)
        self.assertEqual(
            menu.parent_id, self.env.ref("coop_membership.res_partner_menu_coop_people")
        )
