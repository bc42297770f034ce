from . import (
    test_access,
    test_birthdays,
    test_classes,
    test_figures,
    test_history,
    test_person_history,
    test_person_notes,
    test_reminders,
)
