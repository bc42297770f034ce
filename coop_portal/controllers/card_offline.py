"""The card offline: once loaded, /my/coop/card opens without network (added to the home
screen). A web app manifest and a service worker scoped to the card page, which keeps that
page only, for the user who loaded it: a cache named by the user (another user's login
replaces it), emptied when the page answers that nobody is logged in (after logout)."""

import json

from odoo import http
from odoo.http import request

CARD_URL = "/my/coop/card"

SERVICE_WORKER = """\
const CACHE = "coop-card-" + new URL(self.location).searchParams.get("uid");
const CARD = "%(card)s";
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => {
    event.waitUntil(caches.keys().then((names) => Promise.all(
        names.filter((name) => name.startsWith("coop-card-") && name !== CACHE)
            .map((name) => caches.delete(name))
    )).then(() => self.clients.claim()));
});
self.addEventListener("fetch", (event) => {
    const url = new URL(event.request.url);
    if (event.request.method !== "GET" || url.pathname !== CARD) {
        return;
    }
    event.respondWith(fetch(event.request).then((response) => {
        if (response.redirected || !response.ok) {
            // logged out (sent to the login page): nothing of the card is kept
            return caches.delete(CACHE).then(() => response);
        }
        const copy = response.clone();
        return caches.open(CACHE).then((cache) => cache.put(CARD, copy)).then(() => response);
    }).catch(() => caches.open(CACHE).then((cache) => cache.match(CARD))
        .then((cached) => cached || Response.error())));
});
"""


class CoopCardOffline(http.Controller):
    @http.route(f"{CARD_URL}/manifest.webmanifest", type="http", auth="user")
    def coop_card_manifest(self):
        company = request.env.user.company_id
        manifest = {
            "name": request.env._("%(company)s: card", company=company.name),
            "short_name": request.env._("Card"),
            "start_url": CARD_URL,
            "scope": CARD_URL,
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": "#ffffff",
            "icons": [{"src": "/web/static/img/odoo-icon-192x192.png", "sizes": "192x192"}],
        }
        return request.make_response(
            json.dumps(manifest),
            headers=[("Content-Type", "application/manifest+json"), ("Cache-Control", "no-store")],
        )

    @http.route(f"{CARD_URL}/sw.js", type="http", auth="public")
    def coop_card_service_worker(self):
        return request.make_response(
            SERVICE_WORKER % {"card": CARD_URL},
            headers=[
                ("Content-Type", "text/javascript"),
                ("Service-Worker-Allowed", CARD_URL),
                ("Cache-Control", "no-cache"),
            ],
        )
