from contextlib import closing
from unittest.mock import patch

from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.modules.registry import Registry
from odoo.sql_db import db_connect
from odoo.tests import BaseCase, new_test_user, tagged
from odoo.tests.common import get_db_name
from odoo.tools import mute_logger

LOGIN = "coop_ic_race_cashier"


@tagged("post_install", "-at_install")
class TestIntercoopLookupRace(BaseCase):
    """Two lookups of one cashier at once (two tills, or a script calling in parallel), in
    two real transactions of this database: each counts the lookups of the last minute,
    and both must not pass a limit that only one fits. The cashier is committed (a
    transaction of a test cannot be seen from another) and removed afterwards."""

    def setUp(self):
        super().setUp()
        self.dbname = get_db_name()
        with self.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            cashier = new_test_user(
                env, login=LOGIN, groups="base.group_user,coop_membership.group_cashier"
            )
            self.cashier_id, self.company_id = cashier.id, cashier.company_id.id
        self.addCleanup(self.remove_cashier)

    def cursor(self):
        """A transaction of its own, committed when the block ends without error."""
        return db_connect(self.dbname).cursor()

    def remove_cashier(self):
        with self.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            cashier = env["res.users"].with_context(active_test=False).browse(self.cashier_id)
            env["coop.intercoop.lookup"].search([("user_id", "=", self.cashier_id)]).unlink()
            partner = cashier.partner_id
            cashier.unlink()
            partner.unlink()

    def count(self, cr):
        """One lookup of the cashier in the transaction of ``cr``."""
        env = api.Environment(cr, self.cashier_id, {})
        env["coop.intercoop.lookup"]._coop_count(env["res.company"].browse(self.company_id))

    def test_two_lookups_at_once_do_not_pass_the_limit_together(self):
        # fails on main: _coop_count counts, then inserts; the second transaction (begun
        # before the first committed) counts on its snapshot, sees none and passes too:
        # one lookup a minute allowed, two made. A lock taken before the count would not
        # do either: the second would wait for it, then count on the same old snapshot
        Lookup = Registry(self.dbname)["coop.intercoop.lookup"]
        with (
            closing(self.cursor()) as first,
            closing(self.cursor()) as second,
            patch.object(Lookup, "_coop_limit", return_value=1),
        ):
            first.execute("SELECT 1")  # both calls begun: their snapshots taken
            second.execute("SELECT 1")
            self.count(first)
            first.commit()
            with self.assertRaises(SerializationFailure), mute_logger("odoo.sql_db"):
                self.count(second)  # the server retries such a call...
            second.rollback()
            with self.assertRaisesRegex(UserError, "lookups a minute"):
                self.count(second)  # ...and the retry sees the first lookup
            second.rollback()
