import base64
import io

from PIL import Image

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import TurnkeyCase, example, files
from .test_turnkey_export import renamed

# docs/coop.toml names docs/logo.png: these name another file, or none
WITH_LOGO = ('logo = "logo.png"', 'logo = "img/logo.png"')
WITHOUT_LOGO = ('logo = "logo.png"', '# logo = "logo.png"')
SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>'


def png():
    out = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


@tagged("post_install", "-at_install")
class TestTurnkeyLogo(TurnkeyCase):
    """``logo`` of [cooperative]: an image beside the file, checked, set as the company's
    logo; the export gives it back beside the exported file."""

    def apply_logo(self, content, name="img/logo.png", text=None):
        turnkey = self.env["coop.turnkey"].with_user(self.manager)
        text = text or example((WITH_LOGO[0], WITH_LOGO[1].replace("img/logo.png", name)))
        return turnkey.coop_apply_file(text, "coop.toml", {**files(), name: content})

    def test_logo_set_applied_again_and_exported(self):
        image = png()
        changes = self.apply_logo(image)
        company = self.env.ref("coop_turnkey_data.tk-test_company")
        self.assertEqual(base64.b64decode(company.logo), image)
        self.assertIn(f"{company.name}: logo set", changes)
        before = self.counts()
        again = self.apply_logo(image)
        self.assertEqual(again, ["Unchanged: the cooperative is as the file describes."])
        self.assertEqual(self.counts(), before)
        # export -> apply as another cooperative -> export: the same file and logo
        Turnkey = self.env["coop.turnkey"].with_user(self.manager)
        first = Turnkey.coop_export_file(company.id)
        self.assertIn('logo = "logo.png"', first["toml"])
        self.assertEqual(first["logo"]["name"], "logo.png")
        self.assertEqual(base64.b64decode(first["logo"]["data"]), image)
        text = renamed(first["toml"])
        given = {"products.csv": first["products_csv"], "logo.png": first["logo"]["data"]}
        Turnkey.coop_apply_file(text, "copy.toml", given)
        copy = self.env.ref("coop_turnkey_data.tk-copy_company")
        second = Turnkey.coop_export_file(copy.id)
        self.assertEqual(second["toml"], text)
        self.assertEqual(second["logo"], first["logo"])

    def test_svg_logo(self):
        """An SVG can carry scripts: a manager's is refused (nothing made), as Odoo refuses
        SVG uploads to anyone but its administrators; the administrator's is set."""
        before = self.counts()
        with self.assertRaisesRegex(UserError, "only the system administrator may set"):
            self.apply_logo(SVG.decode(), "logo.svg")
        self.assertEqual(self.counts(), before)
        self.manager.groups_id += self.env.ref("base.group_system")
        self.apply_logo(SVG.decode(), "logo.svg")
        company = self.env.ref("coop_turnkey_data.tk-test_company")
        self.assertEqual(base64.b64decode(company.logo), SVG)
        exported = self.env["coop.turnkey"].with_user(self.manager).coop_export_file(company.id)
        self.assertEqual(exported["logo"]["name"], "logo.svg")

    def test_no_logo_key_keeps_the_default_and_exports_none(self):
        self.apply(example(WITHOUT_LOGO))
        company = self.env.ref("coop_turnkey_data.tk-test_company")
        self.assertTrue(company.uses_default_logo)
        exported = self.env["coop.turnkey"].with_user(self.manager).coop_export_file(company.id)
        self.assertFalse(exported["logo"])
        self.assertNotIn("logo =", exported["toml"])

    def test_a_bad_logo_is_refused_with_its_key(self):
        cases = (
            (b"GIF89a not ours", "logo.png", "is not a PNG, JPEG or SVG image"),
            (png() + b"\0" * (1024 * 1024), "logo.png", "is larger than 1024 KB"),
            (png(), "../logo.png", "is not a path beside the cooperative's file"),
        )
        for content, name, message in cases:
            with (
                self.subTest(name=name, message=message),
                self.assertRaisesRegex(UserError, rf"line \d+, cooperative\.logo: .*{message}"),
            ):
                self.apply_logo(content, name)
        text = example(WITH_LOGO)
        with self.assertRaisesRegex(UserError, "cooperative.logo: the logo file img/logo.png was"):
            self.env["coop.turnkey"].with_user(self.manager).coop_apply_file(
                text, "coop.toml", files()
            )
        self.assertFalse(self.env.ref("coop_turnkey_data.tk-test_company", False))

    def test_the_wizard_takes_the_uploaded_logo(self):
        image = png()
        wizard = (
            self.env["coop.turnkey.wizard"]
            .with_user(self.manager)
            .create(
                {
                    "config_file": base64.b64encode(example(WITH_LOGO).encode()),
                    "config_filename": "coop.toml",
                    "products_file": base64.b64encode(files()["products.csv"].encode()),
                    "logo_file": base64.b64encode(image),
                    "logo_filename": "my logo.png",
                }
            )
        )
        wizard.action_apply()
        company = self.env.ref("coop_turnkey_data.tk-test_company")
        self.assertEqual(base64.b64decode(company.logo), image)
        self.assertFalse(wizard.logo_file, "the uploaded logo is not kept")
