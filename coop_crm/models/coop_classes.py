"""The customer classes: the rule tables and the set-based SQL that computes them.

RFM segments from the recency (R) and frequency (F) scores, 1 (worst) to 5 (best), the
usual R/F grid; the first rule that matches names the segment:

    R \\ F   1                 2                 3         4          5
    5       new               promising         loyal     champions  champions
    4       new               promising         loyal     champions  champions
    3       promising         promising         loyal     loyal      loyal
    2       needs attention   needs attention   at risk   at risk    at risk
    1       lost              lost              at risk   at risk    at risk

A person who bought before the period and not in it is *lost* too, without scores.
"""

SEGMENTS = [
    ("champions", "Champions"),
    ("loyal", "Loyal"),
    ("promising", "Promising"),
    ("new", "New"),
    ("needs_attention", "Needs attention"),
    ("at_risk", "At risk"),
    ("lost", "Lost"),
]

# (segment, condition on the scores r and f), in the order they are tried
SEGMENT_RULES = [
    ("champions", "r >= 4 AND f >= 4"),
    ("loyal", "r >= 3 AND f >= 3"),
    ("new", "r >= 4 AND f = 1"),
    ("promising", "r >= 3"),
    ("at_risk", "f >= 3"),
    ("needs_attention", "r = 2"),
    ("lost", "TRUE"),
]

# the person's fields the computation writes
CLASS_FIELDS = [
    "coop_rfm_recency",
    "coop_rfm_frequency",
    "coop_rfm_monetary",
    "coop_rfm_r",
    "coop_rfm_f",
    "coop_rfm_m",
    "coop_rfm_segment",
    "coop_abc",
    "coop_xyz",
    "coop_rfm_date",
]

ABC = [("a", "A"), ("b", "B"), ("c", "C")]
XYZ = [("x", "X"), ("y", "Y"), ("z", "Z")]

SEGMENT_CASE = "CASE {} END".format(
    " ".join(f"WHEN {condition} THEN '{segment}'" for segment, condition in SEGMENT_RULES)
)

# Every purchase of the company's people up to the day of the computation, on the company's
# calendar: paid till orders (a refund is an order with a negative total: it lowers the spend
# and is no visit) and matched partner business transactions (a refund likewise).
PURCHASES = """
    SELECT o.partner_id, (o.date_order AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date AS day,
           o.amount_total AS amount, o.amount_total >= 0 AS visit
      FROM pos_order o
     WHERE o.company_id = %(company)s AND o.state IN ('paid', 'done', 'invoiced')
       AND o.partner_id IS NOT NULL AND o.date_order < %(until)s
    UNION ALL
    SELECT t.partner_id, (t.date AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date,
           CASE WHEN t.kind = 'refund' THEN -t.amount ELSE t.amount END, t.kind = 'sale'
      FROM coop_partner_transaction t
     WHERE t.company_id = %(company)s AND t.state = 'matched'
       AND t.partner_id IS NOT NULL AND t.date < %(until)s
"""

# A score 1-5 by quintile of x among the people scored, by value: people with equal figures
# get the same score, the one of the middle of their group (with distinct figures, as ntile(5);
# ten people with the same figure all get 3, not 1 to 5 by their id).
QUINTILE = (
    "LEAST(5, 1 + floor(5 * (rank() OVER (ORDER BY {x}) - 1"
    " + COUNT(*) OVER (PARTITION BY {x}) / 2.0) / COUNT(*) OVER ()))::int"
)

# One row per person with a purchase: the raw figures, the scores, the classes.
CLASSES = f"""
    CREATE TEMP TABLE coop_crm_classes ON COMMIT DROP AS
    WITH purchases AS (
        SELECT b.* FROM ({PURCHASES}) b
          JOIN res_partner p ON p.id = b.partner_id
         WHERE p.company_id = %(company)s AND p.coop_state IS NOT NULL AND b.day <= %(as_of)s
    ), people AS (
        SELECT partner_id, MAX(day) FILTER (WHERE visit) AS last_day,
               COUNT(*) FILTER (WHERE visit AND day >= %(start)s) AS visits,
               COALESCE(SUM(amount) FILTER (WHERE day >= %(start)s), 0) AS spend
          FROM purchases GROUP BY partner_id
    ), months AS (
        -- the period cut in months of equal length, counted back from as_of
        SELECT partner_id, SUM(amount) AS spend FROM purchases WHERE day >= %(start)s
         GROUP BY partner_id, ((%(as_of)s::date - day) * %(months)s) / %(period)s
    ), squares AS (
        SELECT partner_id, SUM(spend * spend) AS squares FROM months GROUP BY partner_id
    ), scored AS (
        SELECT a.*, s.squares,
               {QUINTILE.format(x="last_day")} AS r,
               {QUINTILE.format(x="visits")} AS f,
               {QUINTILE.format(x="spend")} AS m,
               COALESCE(SUM(GREATEST(spend, 0)) OVER (ORDER BY spend DESC, partner_id
                   ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS spend_before,
               SUM(GREATEST(spend, 0)) OVER () AS spend_total
          FROM people a JOIN squares s USING (partner_id)
         WHERE a.visits > 0
    ), classed AS (
        SELECT *, spend / %(months)s AS mean FROM scored
    )
    SELECT partner_id, %(as_of)s::date - last_day AS recency, visits, spend, r, f, m,
           {SEGMENT_CASE} AS segment,
           CASE WHEN spend <= 0 THEN 'c'
                WHEN spend_before < %(abc_a)s * spend_total THEN 'a'
                WHEN spend_before < %(abc_b)s * spend_total THEN 'b'
                ELSE 'c' END AS abc,
           CASE WHEN mean <= 0 THEN 'z'
                WHEN SQRT(GREATEST(squares / %(months)s - mean * mean, 0)) < %(xyz_x)s * mean
                    THEN 'x'
                WHEN SQRT(GREATEST(squares / %(months)s - mean * mean, 0)) < %(xyz_y)s * mean
                    THEN 'y'
                ELSE 'z' END AS xyz
      FROM classed
    UNION ALL
    SELECT partner_id, %(as_of)s::date - last_day, 0, spend, NULL, NULL, NULL, 'lost', NULL, NULL
      FROM people WHERE visits = 0 AND last_day IS NOT NULL
"""

# The people of the company whose segment changes, with the old and the new one.
HISTORY = """
    INSERT INTO coop_rfm_history
           (partner_id, company_id, date, old_segment, new_segment,
            create_uid, create_date, write_uid, write_date)
    SELECT p.id, p.company_id, %(as_of)s, p.coop_rfm_segment, c.segment,
           %(uid)s, NOW() AT TIME ZONE 'UTC', %(uid)s, NOW() AT TIME ZONE 'UTC'
      FROM res_partner p LEFT JOIN coop_crm_classes c ON c.partner_id = p.id
     WHERE p.company_id = %(company)s AND p.coop_state IS NOT NULL
       AND p.coop_rfm_segment IS DISTINCT FROM c.segment
"""

# Every person of the company with classes now or before: the classes computed, or none.
UPDATE = """
    UPDATE res_partner p
       SET coop_rfm_recency = c.recency, coop_rfm_frequency = c.visits,
           coop_rfm_monetary = c.spend, coop_rfm_r = c.r, coop_rfm_f = c.f, coop_rfm_m = c.m,
           coop_rfm_segment = c.segment, coop_abc = c.abc, coop_xyz = c.xyz,
           coop_rfm_date = %(as_of)s
      FROM res_partner q LEFT JOIN coop_crm_classes c ON c.partner_id = q.id
     WHERE p.id = q.id AND q.company_id = %(company)s AND q.coop_state IS NOT NULL
       AND (c.partner_id IS NOT NULL OR p.coop_rfm_segment IS NOT NULL)
"""
