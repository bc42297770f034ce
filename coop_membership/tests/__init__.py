from . import (
    test_accounting,
    test_exit_death,
    test_forms,
    test_install,
    test_language,
    test_lifecycle,
    test_lookup,
    test_outcomes,
    test_phone_privacy,
    test_register,
    test_reports,
    test_security,
)
