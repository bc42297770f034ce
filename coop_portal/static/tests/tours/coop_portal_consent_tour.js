import { registry } from "@web/core/registry";

// A shopper, on a phone, opens their page from /my, reads their cashback and withdraws
// their consent to advertising messages.
registry.category("web_tour.tours").add("coop_portal_consent", {
    url: "/my",
    steps: () => [
        {
            content: "the card to the person's page on /my",
            trigger: ".o_portal_index_card a[href='/my/coop']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "the cashback available",
            trigger: "#coop_cashback_available:contains('200.50')",
        },
        {
            content: "advertising messages: given, withdraw",
            trigger: "#coop_consent_marketing:contains('Given on') .o_coop_consent_withdraw",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "recorded: withdrawn, and can be given again",
            trigger: "#coop_consent_marketing:contains('Withdrawn on') .o_coop_consent_give",
        },
        {
            content: "the other consents stay",
            trigger: "#coop_consent_processing:contains('Given on')",
        },
    ],
});
