from . import (
    test_mailing_access,
    test_mailing_consent,
    test_mailing_records,
    test_mailing_segments,
    test_mailing_unsubscribe,
    test_unsubscribe_cooperative,
)
