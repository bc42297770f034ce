import json

from odoo.tests import tagged

from .common import CoopCase


@tagged("post_install", "-at_install")
class TestCardBarcode(CoopCase):
    """A card barcode typed with spaces around it is kept without them, so that the till finds
    the card scanned (or typed) as printed; those stored before are stripped at the update."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # an officer who edits contacts (Odoo's Contacts group) gives the cards
        cls.editor = cls._coop_user(
            "coop_t_officer_cards", "base.group_partner_manager,coop_membership.group_officer"
        )

    def find(self, ref):
        return self.as_user(self.cashier, "res.partner").coop_find_person(ref)

    def test_a_barcode_typed_with_spaces_is_found_at_the_till(self):
        person, _result = self.register("89001112244", "Анна Картова")
        person.with_user(self.editor).with_company(self.company).write(
            {"barcode": " 2000000000022 "}
        )
        self.assertEqual(person.with_company(self.company).barcode, "2000000000022")
        self.assertEqual(self.find("2000000000022")["partner_id"], person.id)
        other, _result = self.register("89001112255", "Борис Картов")
        self.as_user(self.editor, "res.partner").browse(other.id).barcode = "\t"
        self.assertFalse(other.with_company(self.company).barcode)

    def test_barcodes_stored_with_spaces_are_stripped_once(self):
        person, _result = self.register("89001112266", "Вера Картова")
        self.env.flush_all()
        stored = json.dumps({str(self.company.id): " 2000000000039\n"})
        self.env.cr.execute(
            "UPDATE res_partner SET barcode = %s WHERE id = %s", [stored, person.id]
        )
        self.env.invalidate_all()
        self.assertFalse(self.find("2000000000039"))
        Partner = self.env["res.partner"]
        Partner._coop_strip_barcodes()
        self.assertEqual(self.find("2000000000039")["partner_id"], person.id)
        Partner._coop_strip_barcodes()  # again: nothing changes
        self.assertEqual(person.with_company(self.company).barcode, "2000000000039")
