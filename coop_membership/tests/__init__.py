from . import test_accounting, test_install, test_lifecycle, test_register, test_security
