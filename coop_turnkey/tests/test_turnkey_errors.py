from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import TurnkeyCase, example


@tagged("post_install", "-at_install")
class TestTurnkeyErrors(TurnkeyCase):
    """A bad file is refused with its file, line and key named, and nothing is created."""

    def line(self, text, start):
        """The number of the first line of ``text`` starting with ``start``."""
        lines = text.splitlines()
        return next(i for i, line in enumerate(lines, 1) if line.startswith(start))

    def assertRefused(self, text, pattern):
        before = self.counts()
        with self.assertRaisesRegex(UserError, pattern):
            self.apply(text, "ivanovo.toml")
        self.assertEqual(self.counts(), before, "nothing created")
        self.assertFalse(self.env.ref("coop_turnkey_data.tk-test_company", False))

    def test_toml_syntax(self):
        text = example(('city = "Иваново"', 'city = "Иваново'))
        line = self.line(text, "city = ")
        self.assertRefused(text, rf"^ivanovo\.toml, line {line}, cooperative\.city: ")

    def test_wrong_type(self):
        text = example(("amount = 500", 'amount = "500"'))
        line = self.line(text, 'amount = "500"')
        self.assertRefused(
            text,
            rf"^ivanovo\.toml, line {line}, fees\[2\]\.amount: '500' is not valid here "
            r"\(expected: a number\)",
        )

    def test_value_not_among_the_allowed_ones(self):
        """The expected values are written by coop_turnkey (in the reader's language), not
        copied from the schema checker's English."""
        text = example(('role = "cashier"', 'role = "boss"'))
        line = self.line(text, 'role = "boss"')
        self.assertRefused(
            text,
            rf"line {line}, staff\[1\]\.role: 'boss' is not valid here \(expected: one of "
            r'"cashier", "officer", "manager", "accountant"\)',
        )

    def test_unknown_key(self):
        text = example(("receipt_footer = ", 'colour = "red"\nreceipt_footer = '))
        line = self.line(text, "colour = ")
        self.assertRefused(text, rf"ivanovo\.toml, line {line}, stores\[1\]\.colour: unknown key")

    def test_missing_required(self):
        text = example(('role = "officer"\n', ""))
        header = text.splitlines().index("[[staff]]", text.splitlines().index("[[staff]]") + 1)
        self.assertRefused(text, rf"line {header + 1}, staff\[2\]\.role: this required value")

    def test_inn_with_a_wrong_check_digit(self):
        text = example(('inn = "3702001233"', 'inn = "3702001234"'))
        line = self.line(text, "inn = ")
        self.assertRefused(text, rf"line {line}, cooperative\.inn: the INN 3702001234 has a wrong")

    def test_ogrn_with_a_wrong_check_digit(self):
        text = example(('ogrn = "1023700123457"', 'ogrn = "1023700123458"'))
        line = self.line(text, "ogrn = ")
        self.assertRefused(text, rf"line {line}, cooperative\.ogrn: the OGRN")

    def test_rule_naming_a_category_that_does_not_exist(self):
        text = example(("percent = 5\n", 'percent = 5\ncategories = ["All / Nowhere"]\n'))
        line = self.line(text, "categories = ")
        self.assertRefused(
            text, rf"line {line}, cashback\.rules\[2\]\.categories: there is no product category"
        )

    def test_error_while_applying_rolls_everything_back(self):
        """A login taken by another user is found after the company and its chart were
        made: all of it is undone."""
        text = example(
            ('login = "tk_belova"', 'login = "coop_tk_manager"'),
            ('lang = "ru_RU"', 'lang = "en_US"'),
        )
        line = self.line(text, 'login = "coop_tk_manager"')
        self.assertRefused(text, rf"line {line}, staff\[2\]\.login: a user with the login")

    def test_only_a_manager_sets_up_a_cooperative(self):
        self.manager.groups_id = self.env.ref("base.group_user")
        self.assertFalse(self.manager.has_group("coop_membership.group_manager"))
        before = self.counts()
        with self.assertRaises(AccessError):
            self.apply(example())
        self.assertEqual(self.counts(), before)
