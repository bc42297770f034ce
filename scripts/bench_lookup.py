"""Benchmark of finding and registering people at the entrance, among 100,000 people.

Run by ``scripts/bench.py`` (``make bench``, or ``.venv/bin/python scripts/bench.py --only
lookup`` after ``scripts/setup.sh``). In one run, on a fresh database ``coop_bench`` (dropped
first, created by ``coopctl.py ensure-db``: the demo cooperative with the coop addons):

1. registration (``coop_register_shopper``) of 200 new phones on the demo database;
2. 100,000 shoppers inserted in bulk with SQL, then ANALYZE;
3. ``coop_find_person`` for 200 existing phones in the usual human forms, 200 existing card
   barcodes and 50 unknown phones;
4. the same phone lookups with the indexes on ``coop_phone_normalized`` dropped inside a
   transaction that is rolled back (the baseline);
5. registration of the same 200 new phones among the 100,000 people.

Times are server times, in process: ``time.perf_counter()`` around each call, in an Odoo
environment of the admin user (uid 2), the ORM cache invalidated before each call. Returns its
section of BENCHMARKS.md. Databases touched: coop_bench only.
"""

import io
import random
import time
from contextlib import closing

from bench_common import Series, coopctl, ms
from bench_common import open_env as open_db_env

from odoo.tools import SQL

TITLE = "Finding and registering people at the entrance among 100,000 people"
DB = "coop_bench"

PEOPLE = 100_000
SAMPLE = 200  # existing phones, existing barcodes, new phones to register
UNKNOWN = 50  # phones nobody has
WARMUP = 5  # untimed calls before each series (other references than the timed ones)
TARGET_MS = 20.0  # the issue: lookup under 20 ms server time (median) among 100,000 people
SEED = 18


# --- database and environment ----------------------------------------------------------------


def create_database():
    """A fresh demo cooperative, created by the project's own code."""
    coopctl("drop-db", DB)
    coopctl("ensure-db", DB, "--lang", "en_US")


def open_env():
    """An Odoo environment of the admin user on the benchmark database (its own cursor)."""
    return open_db_env(DB)


def timed_calls(env, call, args, check, *, flush=False):
    """``call(arg)`` for each arg, timed alone; ``check(arg, result)`` says if it answered
    right. With ``flush``, the time includes writing the call's changes to the database and the
    pre-commit hooks (mail tracking), as a request does before its COMMIT."""
    times, correct = [], 0
    for arg in args:
        env.invalidate_all()
        start = time.perf_counter()
        result = call(arg)
        if flush:
            env.cr.flush()
        times.append((time.perf_counter() - start) * 1000)
        correct += bool(check(arg, result))
    return times, correct


# --- test data -------------------------------------------------------------------------------


def human(e164, form):
    """+79001234567 in one of the forms people give it: +7 900 123-45-67, 89001234567,
    9001234567."""
    national = e164[2:]
    if form == 0:
        return f"+7 {national[:3]} {national[3:6]}-{national[6:8]}-{national[8:]}"
    if form == 1:
        return "8" + national
    return national


def ean13(number):
    """An EAN-13 card number for in-store use (prefix 20) with its check digit."""
    digits = f"20{number:010d}"
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits))
    return digits + str((10 - total % 10) % 10)


def make_phones(env, rng, count):
    """``count`` distinct valid Russian mobile numbers in E.164 (normalised by the project's
    own ``_coop_normalize_phone``), none of them already in the database."""
    env.cr.execute(
        "SELECT coop_phone_normalized FROM res_partner WHERE coop_phone_normalized != ''"
    )
    taken = {row[0] for row in env.cr.fetchall()}
    company = env.company
    partner = env["res.partner"]
    phones = []
    # 920 000-00-00 .. 999 999-99-99: clear of the demo people's 910 numbers
    for national in rng.sample(range(9_200_000_000, 10_000_000_000), count + count // 50):
        e164 = partner._coop_normalize_phone(f"+7{national}", company, raise_exception=False)
        if e164 and e164 == f"+7{national}" and e164 not in taken:
            phones.append(e164)
            if len(phones) == count:
                return phones
    raise SystemExit("not enough valid phone numbers drawn")


# --- measurements ----------------------------------------------------------------------------


def measure_registration(env, phones, label):
    """coop_register_shopper for each new phone (time includes flushing its writes), rolled
    back afterwards so that the database is unchanged."""
    partner = env["res.partner"]

    def register(e164):
        return partner.coop_register_shopper(
            {
                "phone": human(e164, 0),
                "name": f"Новый покупатель {e164[-4:]}",
                "consent_processing": True,
                "channel": "till",
            }
        )

    def created(_e164, result):
        return result["created"] and result["coop_state"] == "shopper"

    timed_calls(env, register, phones[:WARMUP], created, flush=True)
    times, correct = timed_calls(env, register, phones[WARMUP:], created, flush=True)
    env.cr.rollback()
    return Series(label, times, correct)


def populate(env, phones, rng):
    """Insert one shopper per phone with SQL (COPY into a staging table, then one INSERT ...
    SELECT into res_partner), every other one with a card barcode; the columns not specific to
    a person are copied from a template partner created through the ORM, so that every column
    (NOT NULL ones included) holds what the ORM gives a new person. Returns
    ``{e164: (partner_id, barcode or None)}``."""
    cr = env.cr
    company = env.company
    start = time.perf_counter()
    template = env["res.partner"].create(
        {
            "name": "bench template",
            "phone": human(phones[0], 0),
            "company_id": company.id,
            "country_id": company.country_id.id,
        }
    )
    env.flush_all()
    cr.execute(
        "CREATE TEMP TABLE bench_people (id integer DEFAULT nextval('res_partner_id_seq'), "
        "name varchar, phone varchar, e164 varchar, barcode varchar) ON COMMIT DROP"
    )
    data = io.StringIO()
    for i, e164 in enumerate(phones, 1):
        barcode = ean13(i) if i % 2 else r"\N"
        data.write(f"Покупатель {i:06d}\t{human(e164, 0)}\t{e164}\t{barcode}\n")
    data.seek(0)
    cr.copy_expert("COPY bench_people (name, phone, e164, barcode) FROM STDIN", data)

    own = {  # column -> value from bench_people (p) for each person
        "id": "p.id",
        "commercial_partner_id": "p.id",
        "name": "p.name",
        "complete_name": "p.name",
        "phone": "p.phone",
        "phone_sanitized": "p.e164",
        "coop_phone_normalized": "p.e164",
        "barcode": "CASE WHEN p.barcode IS NOT NULL "
        "THEN jsonb_build_object(t.company_id::text, p.barcode) END",
        "coop_state": "'shopper'",
        "company_id": "t.company_id",
    }
    cr.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_schema = 'public' AND table_name = 'res_partner' ORDER BY ordinal_position"
    )
    copied = [name for (name,) in cr.fetchall() if name not in own]
    columns = SQL(", ").join(SQL.identifier(name) for name in [*own, *copied])
    values = SQL(", ").join(
        [*(SQL(value) for value in own.values()), *(SQL.identifier("t", c) for c in copied)]
    )
    cr.execute(
        SQL(
            "INSERT INTO res_partner (%s) SELECT %s FROM bench_people p, res_partner t "
            "WHERE t.id = %s",
            columns,
            values,
            template.id,
        )
    )
    inserted = cr.rowcount
    cr.execute("SELECT e164, id, barcode FROM bench_people")
    people = {e164: (pid, barcode) for e164, pid, barcode in cr.fetchall()}
    template.unlink()
    cr.commit()
    cr.execute("ANALYZE res_partner")
    cr.commit()
    seconds = time.perf_counter() - start
    if inserted != len(phones):
        raise SystemExit(f"inserted {inserted} people instead of {len(phones)}")
    check_populated(env, people, rng)
    print(
        f"[bench] {inserted} people inserted with SQL and analysed in {seconds:.1f} s", flush=True
    )
    return people, seconds


def check_populated(env, people, rng):
    """The ORM agrees with what was inserted: phone normalised as it computes it, barcode read
    back through the company-dependent field, every NOT NULL column filled."""
    partner = env["res.partner"]
    for e164 in rng.sample(sorted(people), 50):
        pid, barcode = people[e164]
        person = partner.browse(pid)
        number = person.mobile or person.phone
        if person._coop_normalize_phone(number, raise_exception=False) != e164:
            raise SystemExit(f"partner {pid}: {number} does not normalise to {e164}")
        if (person.barcode or None) != barcode or person.company_id != env.company:
            raise SystemExit(f"partner {pid}: barcode or company not read back by the ORM")
    env.cr.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' "
        "AND table_name = 'res_partner' AND is_nullable = 'NO'"
    )
    for (column,) in env.cr.fetchall():
        env.cr.execute(
            SQL("SELECT count(*) FROM res_partner WHERE %s IS NULL", SQL.identifier(column))
        )
        if env.cr.fetchone()[0]:
            raise SystemExit(f"res_partner.{column} is NOT NULL but empty for some rows")
    env.invalidate_all()


def lookup_series(env, refs, label):
    """coop_find_person for each ``(ref, expected partner id or False)``."""
    expected = dict(refs)
    partner = env["res.partner"]

    def find(ref):
        return partner.coop_find_person(ref)

    def right(ref, result):
        return (result and result["partner_id"]) == expected[ref]

    timed_calls(env, find, [ref for ref, _pid in refs[:WARMUP]], right)
    times, correct = timed_calls(env, find, [ref for ref, _pid in refs[WARMUP:]], right)
    return Series(label, times, correct)


def measure_lookups(env, refs):
    return {kind: lookup_series(env, kind_refs, kind) for kind, kind_refs in refs.items()}


def phone_indexes(env):
    """The indexes of res_partner that involve coop_phone_normalized (with the constraint each
    backs, if any): the single-column index of the field and any other that could serve the
    phone search."""
    env.cr.execute(
        "SELECT i.indexname, c.conname FROM pg_indexes i "
        "LEFT JOIN pg_constraint c "
        "ON c.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass "
        "WHERE i.schemaname = 'public' AND i.tablename = 'res_partner' "
        "AND (i.indexdef LIKE '%coop_phone_normalized%' "
        "OR i.indexname = 'res_partner_coop_card_barcode_idx') ORDER BY i.indexname"
    )
    indexes = env.cr.fetchall()
    if not indexes:
        raise SystemExit("no index on res_partner.coop_phone_normalized")
    return indexes


def measure_baseline(env, refs):
    """The lookups again with every index on coop_phone_normalized and the card barcode index
    dropped inside the transaction, then ROLLBACK: the database keeps its indexes."""
    indexes = phone_indexes(env)
    plans = {"with index": search_plan(env, "coop_phone_normalized", refs["phone"][0][0])}
    for index, constraint in indexes:
        if constraint:
            env.cr.execute(
                SQL("ALTER TABLE res_partner DROP CONSTRAINT %s", SQL.identifier(constraint))
            )
        else:
            env.cr.execute(SQL("DROP INDEX %s", SQL.identifier(index)))
    plans["without index"] = search_plan(env, "coop_phone_normalized", refs["phone"][0][0])
    baseline = {
        kind: lookup_series(env, refs[kind], kind) for kind in ("phone", "barcode", "unknown phone")
    }
    env.cr.rollback()
    if phone_indexes(env) != indexes:
        raise SystemExit("the phone indexes were not restored by the rollback")
    return baseline, [index for index, _constraint in indexes], plans


def search_plan(env, field, ref):
    """The access path PostgreSQL chooses for coop_find_person's search on ``field``."""
    partner = env["res.partner"].sudo()
    if field == "barcode":  # coop_find_person's own SQL for the company-dependent barcode
        env.cr.execute(
            SQL(
                "EXPLAIN SELECT id FROM res_partner WHERE company_id = %s AND coop_state IS NOT "
                "NULL AND barcode IS NOT NULL AND (barcode ->> company_id::text) = %s LIMIT 1",
                env.company.id,
                ref,
            )
        )
    else:
        ref = partner._coop_normalize_phone(ref, env.company)
        domain = [
            ("company_id", "=", env.company.id),
            ("coop_state", "!=", False),
            (field, "=", ref),
        ]
        query = partner._search(domain, limit=1, order="id")  # as coop_find_person does
        env.cr.execute(SQL("EXPLAIN %s", query.select()))
    lines = [row[0].strip().lstrip("-> ") for row in env.cr.fetchall()]
    return " → ".join(line for line in lines if "cost=" in line)


# --- report ----------------------------------------------------------------------------------


def target_line(lookups):
    """Whether every kind of lookup meets the issue's target, with the medians."""
    under = [f"{s.label} {ms(s.median)} ms" for s in lookups.values() if s.median < TARGET_MS]
    over = [f"{s.label} {ms(s.median)} ms" for s in lookups.values() if s.median >= TARGET_MS]
    verdict = "MET" if not over else "MISSED"
    details = [
        f"over {TARGET_MS:g} ms: {', '.join(over)}" if over else "",
        f"under {TARGET_MS:g} ms: {', '.join(under)}" if under else "",
    ]
    return (
        f"Target (lookup under {TARGET_MS:g} ms server time, median, among {PEOPLE:,} people): "
        f"{verdict} ({'; '.join(d for d in details if d)})."
    )


def report(lookups, baseline, indexes, plans, reg_empty, reg_full, populate_seconds):
    dropped = ", ".join(f"`{name}`" for name in indexes)
    dropped = ("indexes " if len(indexes) > 1 else "index ") + dropped
    rows = []
    for kind, series in lookups.items():
        base = baseline.get(kind)
        rows.append(
            (
                f"`coop_find_person`, {kind}",
                series,
                f"{ms(base.median)} / {ms(base.p95)} ({dropped} dropped)" if base else "—",
                f"{base.median / series.median:.1f}× slower without" if base else "—",
            )
        )
    rows.append(
        (
            f"`coop_register_shopper`, new phone, {PEOPLE:,} people",
            reg_full,
            f"{ms(reg_empty.median)} / {ms(reg_empty.p95)} (demo database, no extra people)",
            f"{reg_full.median / reg_empty.median:.2f}× (100k / demo)",
        )
    )
    lines = [
        "Drops and recreates the database `coop_bench` (the demo cooperative with the coop "
        "addons, `coopctl.py ensure-db`).",
        "",
        "Server time in process (`time.perf_counter()` around the call, admin user, ORM cache "
        f"invalidated before each call, {WARMUP} untimed warm-up calls before each series), in "
        "milliseconds; p95 by nearest rank. Registration time includes flushing the call's "
        "writes and the pre-commit hooks (mail tracking), not the COMMIT; registrations are "
        "rolled back. Baseline: median / p95.",
        "",
        "| measurement | calls | right answers | median ms | p95 ms | baseline ms | ratio |",
        "| --- | ---: | ---: | ---: | ---: | --- | --- |",
        *(
            f"| {label} | {s.n} | {s.correct}/{s.n} | {ms(s.median)} | {ms(s.p95)} | {base} "
            f"| {ratio} |"
            for label, s, base, ratio in rows
        ),
        "",
        f"**{target_line(lookups)}**",
        "",
        f"Query plans of the searches in `coop_find_person` (`search(..., limit=1)`, ordered by "
        f"`{plans['order']}`):",
        "",
        f"- phone, with the indexes: `{plans['with index']}`",
        f"- phone, without them (barcode index dropped too): `{plans['without index']}`",
        f"- barcode: `{plans['barcode']}`",
        "",
        "`coop_find_person` searches the phone, then the member number, then the barcode, so a "
        "barcode or an unknown phone also runs the searches before it.",
        "",
        f"People: {PEOPLE:,} shoppers of the main company were inserted in bulk with SQL (COPY "
        "into a staging table, then one INSERT ... SELECT into res_partner, with every column "
        "not specific to a person copied from a partner created through the ORM, then ANALYZE; "
        f"{populate_seconds:.0f} s), not through the ORM, which is too slow for 100,000: each "
        "has a unique Russian mobile phone (`+7 9xx xxx-xx-xx`) with `coop_phone_normalized` "
        "and `phone_sanitized` in E.164 as the ORM computes them, and every other one a card "
        "barcode (EAN-13, company-dependent jsonb); they have no consent or history records.",
        "",
        "Phones are looked up in the three usual forms in turn (`+7 9xx xxx-xx-xx`, "
        "`89xxxxxxxxx`, `9xxxxxxxxx`); unknown phones are valid numbers nobody has.",
        "",
    ]
    return "\n".join(lines)


# --- run -------------------------------------------------------------------------------------


def run():
    """Run the benchmark; returns its section of BENCHMARKS.md and the target's verdict."""
    rng = random.Random(SEED)
    create_database()
    env = open_env()
    with closing(env.cr):
        phones = make_phones(env, rng, PEOPLE + UNKNOWN + WARMUP + SAMPLE + WARMUP)
        people_phones = phones[:PEOPLE]
        unknown = phones[PEOPLE : PEOPLE + UNKNOWN + WARMUP]
        new = phones[PEOPLE + UNKNOWN + WARMUP :]

        reg_empty = measure_registration(env, new, "registration, demo database")
        people, populate_seconds = populate(env, people_phones, rng)

        picked = rng.sample(people_phones, SAMPLE + WARMUP)
        with_card = rng.sample([e for e in people_phones if people[e][1]], SAMPLE + WARMUP)
        refs = {
            "phone": [(human(e, i % 3), people[e][0]) for i, e in enumerate(picked)],
            "barcode": [(people[e][1], people[e][0]) for e in with_card],
            "unknown phone": [(human(e, i % 3), False) for i, e in enumerate(unknown)],
        }
        lookups = measure_lookups(env, refs)
        baseline, indexes, plans = measure_baseline(env, refs)
        plans["barcode"] = search_plan(env, "barcode", refs["barcode"][0][0])
        plans["order"] = "id"
        reg_full = measure_registration(env, new, f"registration, {PEOPLE:,} people")
        env.cr.rollback()

    text = report(lookups, baseline, indexes, plans, reg_empty, reg_full, populate_seconds)
    return text, [target_line(lookups)]
