from datetime import timedelta

from odoo.tests import tagged

from .common import AS_OF
from .test_classes import ClassesDataset


@tagged("post_install", "-at_install")
class TestSegmentHistory(ClassesDataset):
    def history(self, person):
        return [
            (h.date, h.old_segment, h.new_segment)
            for h in person.with_user(self.officer).coop_rfm_history_ids.sorted("id")
        ]

    def test_first_classes_recorded(self):
        """The first computation records everyone's first segment; nobody without one."""
        self.company._coop_compute_classes(AS_OF)
        self.assertEqual(self.history(self.people["P1"]), [(AS_OF, False, "champions")])
        self.assertEqual(self.history(self.people["P11"]), [(AS_OF, False, "lost")])
        self.assertEqual(self.history(self.people["P12"]), [])
        self.assertFalse(self.stranger.coop_rfm_history_ids)

    def test_unchanged_not_recorded_changed_recorded(self):
        """Computed again with the same purchases: no new row. Then P2 buys ten times: P2 is
        a champion now (R 5, F 4), P4 drops to F 1 (new), P5 to F 2 (promising); those three
        changes are recorded, nobody else's."""
        History = self.env["coop.rfm.history"]
        self.company._coop_compute_classes(AS_OF)
        first = History.search_count([])
        self.company._coop_compute_classes(AS_OF)
        self.assertEqual(History.search_count([]), first)
        for _i in range(10):
            self.buy(self.people["P2"], 1, 10)
        self.company._coop_compute_classes(AS_OF)
        rows = History.search([], order="id desc", limit=3)
        self.assertEqual(
            {(h.partner_id, h.old_segment, h.new_segment) for h in rows},
            {
                (self.people["P2"], "new", "champions"),
                (self.people["P4"], "promising", "new"),
                (self.people["P5"], "loyal", "promising"),
            },
        )
        self.assertEqual(History.search_count([]), first + 3)
        self.assertEqual(len(self.history(self.people["P1"])), 1)

    def test_lost_when_no_purchase_in_period(self):
        """A year after P10's last purchase, P10 is lost without scores; recorded."""
        later = AS_OF + timedelta(days=70)  # P10's last purchase 370 days before
        self.company._coop_compute_classes(AS_OF)
        self.company._coop_compute_classes(later)
        p10 = self.people["P10"]
        self.assertEqual(self.classes(p10)[:7], (370, 0, 0.0, 0, 0, 0, "lost"))
        self.assertEqual(self.history(p10)[-1], (later, "at_risk", "lost"))
