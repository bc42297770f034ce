from . import (
    test_turnkey_apply,
    test_turnkey_errors,
    test_turnkey_keys,
    test_turnkey_security,
    test_turnkey_staff,
)
