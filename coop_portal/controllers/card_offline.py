"""The card offline: once loaded, /my/coop/card opens without network (added to the home
screen). A web app manifest and a service worker scoped to the card page, which keeps that
page only, for the user who loaded it: a cache named by the user (another user's login
replaces it), emptied when the page sends to the login page or refuses (401, 403), not when
the server fails or the network is down (the card is needed then); and at logout the browser
is told to clear the site's caches and storage (a shared phone keeps no card)."""

import json

from odoo import http
from odoo.http import request

from odoo.addons.web.controllers.session import Session

CARD_URL = "/my/coop/card"

SERVICE_WORKER = """\
const CACHE = "coop-card-" + new URL(self.location).searchParams.get("uid");
const CARD = "%(card)s";
function keep(response) {
    // the user's card page only: not a login page it was sent to, not an error
    if (!response.ok || response.redirected || response.type !== "basic") {
        return Promise.resolve(response);
    }
    const copy = response.clone();
    return caches.open(CACHE).then((cache) => cache.put(CARD, copy)).then(() => response);
}
self.addEventListener("install", (event) => {
    // the page that registers the worker was loaded before it: keep the card now
    event.waitUntil(fetch(CARD, {credentials: "same-origin"}).then(keep)
        .catch(() => null).then(() => self.skipWaiting()));
});
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
        if (response.redirected || response.type === "opaqueredirect"
                || response.status === 401 || response.status === 403) {
            // logged out (sent to the login page) or refused: nothing of the card is kept
            return caches.delete(CACHE).then(() => response);
        }
        if (!response.ok) {
            // the server fails: the card kept answers instead
            return caches.open(CACHE).then((cache) => cache.match(CARD))
                .then((cached) => cached || response);
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


class CoopSession(Session):
    @http.route()
    def logout(self, redirect="/odoo"):
        """A portal user's logout also clears the card kept offline (a shared phone keeps no
        one's card). Never staff's: the till keeps its unsent orders in the browser's storage."""
        uid = request.session.uid  # the route is auth="none": no user in the environment
        portal = bool(uid) and request.env["res.users"].sudo().browse(uid)._is_portal()
        response = super().logout(redirect=redirect)
        if portal:
            response.headers["Clear-Site-Data"] = '"cache", "storage"'
        return response
