"""What an expiry gave back has a kind of its own (``expiry_back``, "Expiry corrected").

The next run's correction of an expiry that took cashback a late sale had spent
(``expiry-back:<expiry id>``) was recorded as a manual adjustment: it becomes what it is, the
reversal of that expiry. Its amount, accounts and journal entry stay as they are (it was booked
against the same accounts as the expiry it reverses). Set-based, one statement.
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE coop_cashback_move SET kind = 'expiry_back'
         WHERE kind = 'adjustment' AND source_key LIKE 'expiry-back:%%'
        """
    )
