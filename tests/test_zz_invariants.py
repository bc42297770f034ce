"""Runs last: after every scenario of the suite on the demo cooperative (registrations, till
sales, concurrent spends, partner imports, refunds, late matching...), the cooperative's
books still agree (`make check` runs the same method on any database)."""


def test_the_books_agree_after_every_scenario(admin):
    company = admin("res.users", "read", [2], fields=["company_id"])[0]["company_id"][0]
    # what partner imports earned is booked by the hourly job: book it now, as it would
    admin(
        "coop.partner.agreement",
        "action_post_cashback",
        [admin("coop.partner.agreement", "search", [])[0]],
    )
    result = admin("coop.cashback.check", "coop_invariants", company)
    assert result["problems"] == []
    assert result["ok"] is True
    assert result["figures"]["people"] > 0
