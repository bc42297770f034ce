from . import test_access, test_birthdays, test_classes, test_history, test_reminders
