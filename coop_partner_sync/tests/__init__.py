from . import (
    test_agreement_company,
    test_file_import,
    test_import,
    test_import_bulk,
    test_install,
    test_rejection_tour,
    test_rejections,
    test_review_s11,
    test_settlement,
    test_story,
)
