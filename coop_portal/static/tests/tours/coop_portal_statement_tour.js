import { registry } from "@web/core/registry";

// A member, on a phone, opens their page from /my: their member number, and the member
// statement link to /my/coop/statement, which downloads their own statement.
registry.category("web_tour.tours").add("coop_portal_statement", {
    url: "/my",
    steps: () => [
        {
            content: "the card to the person's page on /my",
            trigger: ".o_portal_index_card a[href='/my/coop']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "a member, with their member number",
            trigger: "#coop_status #coop_member_number:not(:empty)",
        },
        {
            content: "no steps left to become a member",
            trigger: "#coop_contributions",
            run() {
                if (document.querySelector("#coop_steps")) {
                    throw new Error("a member is shown steps to become a member");
                }
            },
        },
        {
            content: "the statement link downloads the member's own statement",
            trigger: "#coop_contributions a#coop_statement_link[href='/my/coop/statement']",
            async run() {
                const number = document.querySelector("#coop_member_number").textContent.trim();
                const response = await fetch(this.anchor.href);
                const kind = response.headers.get("Content-Type") || "";
                if (response.status !== 200) {
                    throw new Error(`the statement answers ${response.status}`);
                }
                if (!/attachment/.test(response.headers.get("Content-Disposition") || "")) {
                    throw new Error("the statement is not sent as a download");
                }
                if (kind.startsWith("application/pdf")) {
                    const head = new Uint8Array(await response.arrayBuffer()).slice(0, 4);
                    if (String.fromCharCode(...head) !== "%PDF") {
                        throw new Error("the statement is not a PDF");
                    }
                } else if (!(await response.text()).includes(number)) {
                    // tests render reports as HTML: then the member's number is in it
                    throw new Error(`the statement does not name member ${number}`);
                }
            },
        },
    ],
});
