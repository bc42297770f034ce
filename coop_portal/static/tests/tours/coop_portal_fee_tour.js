import { registry } from "@web/core/registry";

// A shopper whose cashback covers the entry fee, on a phone, opens their page from /my,
// follows the offer to pay the fee from cashback, says yes and sees the result; a second
// visit to the offer offers nothing. The person has exactly 100.00 more than the fee.
registry.category("web_tour.tours").add("coop_portal_fee", {
    url: "/my",
    steps: () => [
        {
            content: "the card to the person's page on /my",
            trigger: ".o_portal_index_card a[href='/my/coop']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "the steps offer the entry fee from cashback",
            trigger: "#coop_step_entry_fee_action[href='/my/coop/entry-fee']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "the offer: what is left after paying",
            trigger: "#coop_fee_offer #coop_fee_left:contains('100.00')",
        },
        {
            content: "yes, pay the entry fee from my cashback",
            trigger: "#coop_fee_form button#coop_fee_confirm[name='confirm'][value='yes']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "done: the fee is paid",
            trigger: "#coop_done:contains('entry fee is paid')",
        },
        {
            content: "the step is paid",
            trigger: "#coop_step_entry_fee:contains('Paid on')",
        },
        {
            content: "the cashback left",
            trigger: "#coop_cashback_available:contains('100.00')",
        },
        {
            content: "the steps offer the fee no more; visit the offer again",
            trigger: "#coop_steps:not(:has(#coop_step_entry_fee_action))",
            run() {
                window.location.assign("/my/coop/entry-fee");
            },
            expectUnloadPage: true,
        },
        {
            content: "a second visit: already paid, nothing to confirm",
            trigger: "#coop_fee_unavailable:contains('already paid')",
        },
        {
            content: "no form to pay again",
            trigger: "#coop_fee_offer:not(:has(#coop_fee_left))",
            run() {
                if (document.querySelector("#coop_fee_form, #coop_fee_confirm")) {
                    throw new Error("the entry fee is offered again after it was paid");
                }
            },
        },
    ],
});
