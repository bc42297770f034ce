import json

from odoo.tests import tagged

from .common import CoopPortalCase


@tagged("post_install", "-at_install")
class TestPortalCardOffline(CoopPortalCase):
    """The card page links its web app manifest and registers a service worker scoped to it,
    which keeps the card page only, in a cache named by the user."""

    def test_the_card_page_links_the_manifest_and_the_worker(self):
        self.login(self.anna_user)
        doc = self.page("/my/coop/card")
        self.assertEqual(
            doc.xpath("//link[@rel='manifest']/@href"), ["/my/coop/card/manifest.webmanifest"]
        )
        script = doc.xpath("//script[@id='coop_card_offline']")[0]
        self.assertEqual(script.get("data-uid"), str(self.anna_user.id))
        self.assertIn('scope: "/my/coop/card"', script.text)

    def test_the_manifest_starts_at_the_card(self):
        self.login(self.anna_user)
        response = self.url_open("/my/coop/card/manifest.webmanifest")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/manifest+json")
        manifest = json.loads(response.text)
        self.assertEqual(manifest["start_url"], "/my/coop/card")
        self.assertEqual(manifest["scope"], "/my/coop/card")
        self.assertEqual(manifest["display"], "standalone")

    def test_the_worker_keeps_the_card_page_only(self):
        response = self.url_open("/my/coop/card/sw.js?uid=7")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "text/javascript")
        self.assertEqual(response.headers["Service-Worker-Allowed"], "/my/coop/card")
        self.assertIn('const CARD = "/my/coop/card";', response.text)
        self.assertIn("url.pathname !== CARD", response.text)
        self.assertIn("caches.delete(CACHE)", response.text)

    def test_the_manifest_needs_a_login(self):
        response = self.url_open("/my/coop/card/manifest.webmanifest", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))

    def test_the_manifest_is_fetched_with_the_login_cookie(self):
        self.login(self.anna_user)
        doc = self.page("/my/coop/card")
        self.assertEqual(doc.xpath("//link[@rel='manifest']/@crossorigin"), ["use-credentials"])

    def test_logout_clears_the_card_kept_offline(self):
        self.login(self.anna_user)
        response = self.url_open("/web/session/logout", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertEqual(response.headers.get("Clear-Site-Data"), '"cache", "storage"')

    def test_the_worker_keeps_the_card_when_the_server_fails(self):
        text = self.url_open("/my/coop/card/sw.js?uid=7").text
        self.assertIn('response.type === "opaqueredirect"', text)
        self.assertIn("response.status === 401 || response.status === 403", text)
        self.assertNotIn("!response.ok) {\n            // logged out", text)
