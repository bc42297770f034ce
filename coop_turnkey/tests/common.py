import re
from pathlib import Path

from odoo.tests import TransactionCase, new_test_user

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "coop.toml"
PRODUCTS = EXAMPLE.parent / "products.csv"
LOGO = EXAMPLE.parent / "logo.png"  # its `logo`
# What a file makes, counted to show that a run made nothing more (or nothing at all).
MODELS = (
    "res.company",
    "res.users",
    "res.partner",
    "account.account",
    "account.journal",
    "coop.fee.version",
    "coop.cashback.rule",
    "coop.partner.agreement",
    "product.template",
    "product.category",
    "pos.config",
    "pos.payment.method",
    "ir.model.data",
)


def example(*replacements):
    """docs/coop.toml for a cooperative of its own (key, name and logins that no demo record
    has), with ``(old, new)`` replacements of its text (each must occur)."""
    text = EXAMPLE.read_text(encoding="utf-8")
    text = text.replace('key = "ivanovo"', 'key = "tk-test"')
    text = text.replace("«Народный магазин»", "«Тест файла»")
    text = re.sub(r'^(api_login|login) = "', r'\1 = "tk_', text, flags=re.M)
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def files(products=None):
    """The files docs/coop.toml names: docs/products.csv (or the CSV text ``products``) and
    docs/logo.png (bytes), as scripts/new_coop.py reads them beside it."""
    return {
        "products.csv": PRODUCTS.read_text(encoding="utf-8") if products is None else products,
        "logo.png": LOGO.read_bytes(),
    }


class TurnkeyCase(TransactionCase):
    """A manager of a cooperative, who sets up new ones from files."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            login="coop_tk_manager",
            groups="base.group_user,coop_membership.group_manager",
        )
        cls.turnkey = cls.env["coop.turnkey"].with_user(cls.manager)

    @classmethod
    def apply_example(cls):
        """docs/coop.toml applied by the manager: the cooperative ``cls.company`` (tk-test)
        made; returns the changes."""
        turnkey = cls.env["coop.turnkey"].with_user(cls.manager)
        changes = turnkey.coop_apply_file(example(), "coop.toml", files())
        cls.company = cls.env.ref("coop_turnkey_data.tk-test_company")
        return changes

    def fee_amount(self, kind, day=None, company=None):
        """The amount of ``kind`` in force on ``day`` (today) for ``company`` (the file's
        cooperative), as the desk and the till read it."""
        Version = self.env["coop.fee.version"].with_user(self.manager)
        return Version._coop_amount(kind, day, company or self.company)

    def apply(self, text, filename="coop.toml", products=None):
        """Apply ``text`` as the manager, with docs/products.csv (or the CSV ``products``)."""
        turnkey = self.env["coop.turnkey"].with_user(self.manager)
        return turnkey.coop_apply_file(text, filename, files(products))

    def counts(self):
        return {
            model: self.env[model].sudo().with_context(active_test=False).search_count([])
            for model in MODELS
        }
