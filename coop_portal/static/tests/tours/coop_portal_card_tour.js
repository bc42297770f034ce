import { registry } from "@web/core/registry";

const CARD = "/my/coop/card";

function within(promise, ms, what) {
    let timer;
    const late = new Promise((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms);
    });
    return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

function drawn(img) {
    return img.complete && img.naturalWidth > 0;
}

// A person, on a phone, opens their card: the barcode and the QR code are drawn; the page
// registers its service worker, which, once it controls the page, keeps the card page in the
// user's cache for when the phone is offline.
registry.category("web_tour.tours").add("coop_portal_card", {
    url: CARD,
    steps: () => [
        {
            content: "the card's barcode is drawn",
            trigger: "#coop_card img.o_coop_card_barcode[src^='/report/barcode/']",
            async run() {
                await within(
                    new Promise((resolve, reject) => {
                        const check = () => (drawn(this.anchor) ? resolve() : null);
                        this.anchor.addEventListener("load", check);
                        this.anchor.addEventListener("error", () =>
                            reject(new Error("the barcode image did not load"))
                        );
                        check();
                    }),
                    5000,
                    "the barcode image"
                );
            },
        },
        {
            content: "the card's number and its QR code",
            trigger: "#coop_card #coop_card_value:not(:empty) ~ img.o_coop_card_qr[src^='/report/barcode/QR/']",
        },
        {
            content: "the service worker is ready and controls the card page",
            trigger: "#coop_card",
            async run() {
                if (!("serviceWorker" in navigator)) {
                    throw new Error("this browser has no service workers");
                }
                const registration = await within(
                    navigator.serviceWorker.ready,
                    10000,
                    "navigator.serviceWorker.ready"
                );
                const scope = new URL(registration.scope).pathname;
                if (scope !== CARD) {
                    throw new Error(`the service worker's scope is ${scope}, not ${CARD}`);
                }
                if (!navigator.serviceWorker.controller) {
                    await within(
                        new Promise((resolve) =>
                            navigator.serviceWorker.addEventListener("controllerchange", resolve)
                        ),
                        10000,
                        "the service worker taking control of the page"
                    );
                }
                // the page itself was fetched before the worker was there: load it again,
                // through the worker
                window.location.reload();
            },
            expectUnloadPage: true,
        },
        {
            content: "the card page is in the user's cache",
            trigger: "#coop_card",
            async run() {
                const uid = document.getElementById("coop_card_offline").dataset.uid;
                const value = document.querySelector("#coop_card_value").textContent.trim();
                const cached = await within(
                    (async () => {
                        let found;
                        while (!found) {
                            found = await caches.match(CARD, { cacheName: `coop-card-${uid}` });
                            if (!found) {
                                await new Promise((resolve) => setTimeout(resolve, 100));
                            }
                        }
                        return found;
                    })(),
                    5000,
                    `caches.match("${CARD}")`
                );
                const names = await caches.keys();
                if (names.some((name) => name.startsWith("coop-card-") && name !== `coop-card-${uid}`)) {
                    throw new Error(`another user's card is kept: ${names.join(", ")}`);
                }
                if (!(await cached.text()).includes(value)) {
                    throw new Error(`the cached card page does not show the card ${value}`);
                }
            },
        },
    ],
});
