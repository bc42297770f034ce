from . import test_turnkey_apply, test_turnkey_errors
