#!/usr/bin/env bash
# Prepares everything `make run` and `make test` need; idempotent and fast when nothing changed.
#   - Odoo 18.0 source at $ODOO_SRC (default /opt/odoo/18.0), cloned from upstream when absent;
#   - PostgreSQL running and a database role for Odoo;
#   - Debian's chromium (POS tours);
#   - .venv with Odoo's, the addons' (and the OCA addons they use) and the dev
#     requirements, and Odoo importable from it;
#   - .odoo.conf, the server configuration (listening on 127.0.0.1 only).
# Settings (environment): ODOO_SRC, COOP_DB_HOST, COOP_DB_PORT, COOP_DB_USER, COOP_DB_PASSWORD,
# COOP_HTTP_PORT, PYTHON.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

ODOO_SRC=${ODOO_SRC:-/opt/odoo/18.0}
ODOO_REPO=${ODOO_REPO:-https://github.com/odoo/odoo.git}
DB_HOST=${COOP_DB_HOST:-127.0.0.1}
DB_PORT=${COOP_DB_PORT:-5432}
DB_USER=${COOP_DB_USER:-coop}
DB_PASSWORD=${COOP_DB_PASSWORD:-coop}
HTTP_PORT=${COOP_HTTP_PORT:-8069}
PYTHON=${PYTHON:-python3.11}

say() { printf '[setup] %s\n' "$*"; }
die() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }
is_root() { [ "$(id -u)" = 0 ]; }
apt_install() {
    is_root || return 1
    command -v apt-get >/dev/null || return 1
    if [ ! -f /tmp/.coop-apt-updated ]; then
        apt-get update -qq >/dev/null && touch /tmp/.coop-apt-updated
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# --- Odoo source -----------------------------------------------------------------------------
if [ ! -f "$ODOO_SRC/odoo-bin" ] || [ ! -d "$ODOO_SRC/odoo" ] || [ ! -d "$ODOO_SRC/addons" ]; then
    say "Odoo 18.0 not found at $ODOO_SRC; cloning it from $ODOO_REPO (branch 18.0, shallow)"
    mkdir -p "$(dirname "$ODOO_SRC")" 2>/dev/null || true
    if ! git clone -q --depth 1 --branch 18.0 "$ODOO_REPO" "$ODOO_SRC"; then
        die "could not get Odoo 18.0. Provide an Odoo 18.0 Community tree (the folders odoo/ and
  addons/ and the file odoo-bin) at $ODOO_SRC, or set ODOO_SRC=/path/to/it, then run this again."
    fi
fi
grep -q "version_info = (18, 0" "$ODOO_SRC/odoo/release.py" \
    || die "$ODOO_SRC is not Odoo 18.0 (odoo/release.py). Set ODOO_SRC to an Odoo 18.0 tree."

# --- PostgreSQL ------------------------------------------------------------------------------
pg_ready() { pg_isready -q -h "$DB_HOST" -p "$DB_PORT" 2>/dev/null; }
if ! command -v pg_isready >/dev/null || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    if [ "$DB_HOST" = 127.0.0.1 ] || [ "$DB_HOST" = localhost ]; then
        say "PostgreSQL is not installed; installing it"
        apt_install postgresql postgresql-client \
            || die "PostgreSQL is not installed. Install it (Debian: sudo apt-get install postgresql) or
  point COOP_DB_HOST/COOP_DB_PORT at a running server."
    fi
fi
if ! pg_ready; then
    if is_root && command -v pg_lsclusters >/dev/null; then
        cluster=$(pg_lsclusters -h | awk -v p="$DB_PORT" '$3 == p {print $1, $2; exit}')
        if [ -z "$cluster" ]; then
            version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
            say "creating PostgreSQL $version cluster 'main' on port $DB_PORT"
            pg_createcluster -q -p "$DB_PORT" "$version" main >/dev/null
            cluster="$version main"
        fi
        say "starting PostgreSQL cluster $cluster"
        # shellcheck disable=SC2086
        pg_ctlcluster $cluster start
    fi
    for _ in $(seq 30); do pg_ready && break; sleep 1; done
    pg_ready || die "PostgreSQL is not running on $DB_HOST:$DB_PORT. Start it (Debian:
  sudo pg_ctlcluster 15 main start) or set COOP_DB_HOST/COOP_DB_PORT."
fi
if ! PGPASSWORD=$DB_PASSWORD psql -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d postgres -tAc 'select 1' >/dev/null 2>&1; then
    if is_root && id postgres >/dev/null 2>&1; then
        say "creating the PostgreSQL role '$DB_USER'"
        exists=$(su postgres -c "psql -p $DB_PORT -tAc \"select 1 from pg_roles where rolname = '$DB_USER'\"")
        verb=CREATE; [ "$exists" = 1 ] && verb=ALTER
        su postgres -c "psql -q -p $DB_PORT -c \"$verb ROLE \\\"$DB_USER\\\" LOGIN CREATEDB PASSWORD '$DB_PASSWORD'\""
    else
        die "cannot log in to PostgreSQL as '$DB_USER'. Create the role, e.g.
  sudo -u postgres psql -c \"CREATE ROLE $DB_USER LOGIN CREATEDB PASSWORD '$DB_PASSWORD'\"
  or set COOP_DB_USER/COOP_DB_PASSWORD to a role that may create databases."
    fi
fi

# --- Chromium (POS tours) --------------------------------------------------------------------
if ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null \
        && ! command -v google-chrome >/dev/null; then
    say "installing Debian's chromium (the POS tours run in it)"
    apt_install chromium || die "Chromium is missing; POS tours need it. Install it
  (Debian: sudo apt-get install chromium)."
fi

# --- wkhtmltopdf (PDF reports; optional: without it Odoo shows reports as HTML) ---------------
if ! command -v wkhtmltopdf >/dev/null; then
    if apt_install wkhtmltopdf; then
        say "installed Debian's wkhtmltopdf (PDF reports)"
    else
        say "note: wkhtmltopdf is missing, so reports print as HTML (Debian: apt-get install wkhtmltopdf)"
    fi
fi

# --- Python environment ----------------------------------------------------------------------
stamp_want=$( (cat requirements-odoo.txt requirements.txt requirements-oca.txt requirements-dev.txt; echo "$ODOO_SRC"; "$PYTHON" --version) | sha256sum | cut -c1-16)
if [ ! -x .venv/bin/python ] || [ "$(cat .venv/.coop-stamp 2>/dev/null)" != "$stamp_want" ]; then
    say "preparing .venv (Odoo's Python requirements, the addons' and the test tools)"
    [ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
    .venv/bin/pip install -q --upgrade pip wheel "setuptools<70"
    psycopg=psycopg2==2.9.5
    command -v pg_config >/dev/null || psycopg=psycopg2-binary==2.9.5
    .venv/bin/pip install -q -r requirements-odoo.txt "$psycopg" -r requirements.txt -r requirements-dev.txt
    .venv/bin/pip install -q --no-deps -r requirements-oca.txt
    # Odoo is used from its source tree (it may have no setup/ folder): put it on the path.
    site=$(.venv/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
    echo "$ODOO_SRC" > "$site/odoo-src.pth"
    echo "$stamp_want" > .venv/.coop-stamp
fi
# gevent loads its plugins through pkg_resources, which must find its requirements: otherwise
# a server with --workers restarts its gevent process in a loop (see requirements-odoo.txt)
.venv/bin/python -W ignore -c 'import pkg_resources; pkg_resources.require("gevent")' 2>/dev/null \
    || die "gevent's requirements are not found by pkg_resources in .venv (zope.interface, zope.event: see requirements-odoo.txt); rm -rf .venv and run it again"

# --- Odoo configuration ----------------------------------------------------------------------
mkdir -p .data
cat > .odoo.conf.new <<CONF
; Written by scripts/setup.sh; edit the environment variables it reads instead of this file.
[options]
addons_path = $ODOO_SRC/odoo/addons,$ODOO_SRC/addons,$ROOT
data_dir = $ROOT/.data
; a failed tour's screenshots (the till, the back office, the portal): .data/screens/<db>/screenshots
screenshots = $ROOT/.data/screens
db_host = $DB_HOST
db_port = $DB_PORT
db_user = $DB_USER
db_password = $DB_PASSWORD
http_interface = 127.0.0.1
http_port = $HTTP_PORT
gevent_port = $((HTTP_PORT + 3))
list_db = True
; queue_job's runner starts background jobs (large partner file imports); see README, Deployment
server_wide_modules = base,web,queue_job

[queue_job]
channels = root:2
CONF
if cmp -s .odoo.conf.new .odoo.conf; then rm .odoo.conf.new; else mv .odoo.conf.new .odoo.conf; fi
