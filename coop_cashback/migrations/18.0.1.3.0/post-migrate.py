"""Each credit gets its own expiry date (coop.cashback.move.expiry_date).

Existing credits (every positive entry) expire on their date plus their cooperative's expiry
period (none when its cashback does not expire); a birthday bonus on its date plus the
cooperative's bonus validity plus one (valid through its last day, as a new bonus), when
coop_crm is installed. The expiry job's progress (the limit of the last run, of a run under
way) was a date of earning: it becomes the expiry date it stands for (plus the period).
Set-based, one statement each.
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE coop_cashback_move m
           SET expiry_date = m.date + c.coop_cashback_expiry_days
          FROM res_company c
         WHERE c.id = m.company_id AND m.amount > 0 AND m.expiry_date IS NULL
           AND c.coop_cashback_expiry_days > 0
        """
    )
    cr.execute(
        """
        SELECT 1 FROM information_schema.columns
         WHERE table_name = 'res_company' AND column_name = 'coop_crm_birthday_bonus_days'
        """
    )
    if cr.fetchone():
        cr.execute(
            """
            UPDATE coop_cashback_move m
               SET expiry_date = m.date + c.coop_crm_birthday_bonus_days + 1
              FROM res_company c
             WHERE c.id = m.company_id AND m.amount > 0 AND m.kind = 'accrual'
               AND m.source_key LIKE 'birthday:%%' AND c.coop_crm_birthday_bonus_days > 0
            """
        )
    cr.execute(
        """
        UPDATE res_company
           SET coop_cashback_expired_until
                   = coop_cashback_expired_until + coop_cashback_expiry_days,
               coop_cashback_expiry_limit = coop_cashback_expiry_limit + coop_cashback_expiry_days
         WHERE coop_cashback_expiry_days > 0
        """
    )
