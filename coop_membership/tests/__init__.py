from . import (
    test_accounting,
    test_exit_death,
    test_install,
    test_lifecycle,
    test_outcomes,
    test_phone_privacy,
    test_register,
    test_reports,
    test_security,
)
