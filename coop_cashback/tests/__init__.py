from . import (
    test_check,
    test_close_edges,
    test_expiry,
    test_ledger,
    test_pos_cashback,
    test_pos_fee_tour,
    test_pos_lookup_tour,
    test_pos_money,
    test_pos_properties,
    test_pos_tour,
    test_rules,
    test_session_close,
)
