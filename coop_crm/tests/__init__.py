from . import test_access, test_classes, test_history
