from . import (
    test_access,
    test_birthday_bonus,
    test_birthdays,
    test_classes,
    test_dashboard,
    test_figures,
    test_history,
    test_person_history,
    test_person_notes,
    test_product_classes,
    test_reminders,
)
