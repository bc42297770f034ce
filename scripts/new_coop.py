"""Create or update a cooperative from its file (docs/coop.toml) in a database with the coop addons.

    .venv/bin/python scripts/new_coop.py CONFIG [--db DB] [--lang LANG]

Prints what changed (new staff users' passwords appear there once, and nowhere else); the same
file again prints "Unchanged". On a bad file, prints the error (file, line and key) and exits 1,
nothing changed. Installs coop_turnkey in DB first when it is missing.
"""

import argparse
import sys
import tomllib
from contextlib import closing
from pathlib import Path, PurePosixPath, PureWindowsPath

import coopctl

ADDON = "coop_turnkey"


def ensure_addon(odoo, name):
    registry = odoo.modules.registry.Registry(name)
    with closing(registry.cursor()) as cr:
        cr.execute("SELECT state FROM ir_module_module WHERE name = %s", [ADDON])
        row = cr.fetchone()
    if row and row[0] == "installed":
        return
    odoo.sql_db.close_db(name)
    rc = coopctl.odoo_run(
        name,
        "-i",
        ADDON,
        "--stop-after-init",
        "--no-http",
        log=coopctl.LOG_DIR / f"{name}-turnkey.log",
    )
    if rc:
        raise SystemExit(f"installing {ADDON} in {name!r} failed (exit {rc})")


def beside(name):
    """True when ``name`` is a path relative to the cooperative's file that stays beside it
    (no absolute path, no ".."): nothing else is read from the operator's machine; the server
    then names the key of a path it refuses."""
    path = PurePosixPath(name.replace("\\", "/"))
    return not path.is_absolute() and ".." not in path.parts and not PureWindowsPath(name).drive


def named_files(path, text):
    """The files the cooperative's file names (its products CSV, its logo), read beside it:
    {the name it gives: text for the CSV, bytes for the logo}. A file that cannot be read is
    left out (the error then names its line)."""
    try:
        config = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return {}  # the server names the line of the error
    files = {}
    name = config.get("products")
    if isinstance(name, str) and beside(name):
        try:
            files[name] = (path.parent / name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            pass
    coop = config.get("cooperative")
    logo = coop.get("logo") if isinstance(coop, dict) else None
    if isinstance(logo, str) and beside(logo):
        try:
            files[logo] = (path.parent / logo).read_bytes()
        except OSError:
            pass
    return files


def apply(path, name, lang):
    """Apply the file at ``path`` to database ``name``; the changes, or exit 1 on an error."""
    odoo = coopctl.odoo_config()
    if not coopctl.db_exists(odoo, name):
        raise SystemExit(
            f"database {name!r} does not exist: create it with "
            f"`scripts/coopctl.py ensure-db {name}`"
        )
    ensure_addon(odoo, name)
    text = Path(path).read_text(encoding="utf-8")
    files = named_files(Path(path), text)
    # a registry loaded before the addons were installed (by another process) is stale
    odoo.modules.registry.Registry.delete(name)
    registry = odoo.modules.registry.Registry(name)
    with closing(registry.cursor()) as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"lang": lang})
        try:
            changes = env["coop.turnkey"].coop_apply_file(text, str(path), files)
        except (odoo.exceptions.UserError, odoo.exceptions.ValidationError) as error:
            cr.rollback()
            print(f"[new-coop] {error.args[0]}", file=sys.stderr)
            return 1
        cr.commit()
    for change in changes:
        print(f"[new-coop] {change}")
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("config", help="the cooperative's file (TOML), e.g. docs/coop.toml")
    parser.add_argument("--db", default="coop", help="database (default: coop)")
    parser.add_argument("--lang", default="en_US", help="language of the report (default en_US)")
    args = parser.parse_args(argv)
    return apply(args.config, args.db, args.lang)


if __name__ == "__main__":
    sys.exit(main())
