from . import (
    test_accounting,
    test_install,
    test_lifecycle,
    test_register,
    test_reports,
    test_security,
)
