from . import (
    test_portal_access,
    test_portal_account,
    test_portal_apply,
    test_portal_card,
    test_portal_consent,
    test_portal_entry_fee,
    test_portal_invite,
    test_portal_ledger,
    test_portal_page,
    test_portal_partner_businesses,
    test_portal_tour,
)
