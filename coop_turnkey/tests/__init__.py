from . import (
    test_turnkey_apply,
    test_turnkey_demo,
    test_turnkey_errors,
    test_turnkey_export,
    test_turnkey_keys,
    test_turnkey_logo,
    test_turnkey_partners,
    test_turnkey_products,
    test_turnkey_rule_renewal,
    test_turnkey_security,
    test_turnkey_staff,
    test_turnkey_unlisted,
)
