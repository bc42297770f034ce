"""Every user-facing string of the coop addons has a Russian translation in the repository.

The terms are exported from the running server with Odoo's own export wizard (as a translator
would from Settings > Translations > Export), so the check follows the code and the data as they
are installed, not a list kept by hand."""

import base64
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
ADDONS = ["coop_membership", "coop_cashback", "coop_partner_sync", "l10n_ru_coop"]


def exported_terms(admin, addon):
    module_ids = admin("ir.module.module", "search", [("name", "=", addon)])
    wizard = admin(
        "base.language.export",
        "create",
        {"lang": "__new__", "format": "po", "export_type": "module", "modules": module_ids},
    )
    admin("base.language.export", "act_getfile", [wizard])
    [data] = admin("base.language.export", "read", [wizard], fields=["data"])
    return polib.pofile(base64.b64decode(data["data"]).decode())


@pytest.mark.parametrize("addon", ADDONS)
def test_every_term_has_a_russian_translation(admin, addon):
    template = exported_terms(admin, addon)
    russian = polib.pofile(str(ROOT / addon / "i18n" / "ru.po"))
    translated = {e.msgid: e.msgstr for e in russian if e.msgstr and "fuzzy" not in e.flags}
    missing = sorted({e.msgid for e in template if e.msgid} - translated.keys())
    assert not missing, f"{addon}/i18n/ru.po lacks a Russian translation for: {missing}"
