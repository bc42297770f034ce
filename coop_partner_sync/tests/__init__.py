from . import (
    test_file_import,
    test_import,
    test_install,
    test_rejections,
    test_settlement,
    test_story,
)
