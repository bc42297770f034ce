import { registry } from "@web/core/registry";

// A shopper, on a phone, opens their page from /my, reads their cashback and its ledger, withdraws
// their consent to advertising messages and applies for membership.
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
            content: "the cashback ledger",
            trigger: "a[href='/my/coop/ledger']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "its entries, with their amounts",
            trigger: ".o_coop_ledger_line .o_coop_ledger_amount:contains('120.00')",
        },
        {
            content: "back to the person's page",
            trigger: ".o_portal_submenu a[href='/my/coop']",
            run: "click",
            expectUnloadPage: true,
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
        {
            content: "apply for membership from the steps",
            trigger: "#coop_step_council_action",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "the birth date",
            trigger: "#coop_apply_form #coop_birthdate",
            run() {
                this.anchor.value = "1980-05-17";
            },
        },
        {
            content: "the place of residence",
            trigger: "#coop_residence",
            run: "edit Иваново, ул. Ленина, 1",
        },
        {
            content: "the declaration",
            trigger: "#coop_declaration",
            run: "click",
        },
        {
            content: "file the application",
            trigger: "#coop_apply_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "filed: the council decides by its deadline",
            trigger: "#coop_done:contains('application is filed')",
        },
        {
            content: "the steps name the application",
            trigger: "#coop_step_council:contains('the council decides by')",
        },
    ],
});
