#!/usr/bin/env bash
# Install everything the tests need, then run the whole suite twice, at the same time: on SQLite and on a fresh
# PostgreSQL database (created here and dropped afterwards). Extra arguments go to pytest, e.g. `bash tests/run.sh -x`.
set -uo pipefail
cd "$(dirname "$0")/.."

python3 -m venv .venv >/dev/null 2>&1 || true
. .venv/bin/activate
export PIP_DISABLE_PIP_VERSION_CHECK=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
pip install -q -e ".[test]" || exit 1

missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium chromium-driver"
command -v khal >/dev/null 2>&1 || missing="$missing khal"
command -v node >/dev/null 2>&1 || missing="$missing nodejs npm"
/usr/bin/python3 -c "import gi; gi.require_version('ICalGLib', '3.0')" >/dev/null 2>&1 || missing="$missing gir1.2-ical-3.0 python3-gi"
if [ -n "$missing" ]; then
  echo "== Installing Debian packages:$missing"
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null; fi
fi

# Mozilla's ical.js (Thunderbird's parser) for tests/readers.py, pinned by tests/node/package-lock.json
echo "== Installing ical.js from the npm registry"
npm ci --prefix tests/node --no-audit --no-fund --silent || exit 1

PGHOST_URL=${TEST_POSTGRES_SERVER:-postgresql://postgres@127.0.0.1:5432}
if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null && command -v pg_ctlcluster >/dev/null; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
fi

# The two runs go at the same time (each pytest process keeps about one core busy; CI machines have two), each
# into its own log, printed whole when both have ended. Each run has its own database, ports and temp dirs.
logs=$(mktemp -d)
dbname="agenda_test_$$_$(date +%s)"
python tests/pgdb.py create "$PGHOST_URL" "$dbname" || exit 1
echo "== Test runs on SQLite and on PostgreSQL (database $dbname), at the same time"
python -m pytest "$@" >"$logs/sqlite.log" 2>&1 &
sqlite_pid=$!
TEST_DATABASE_URL="$PGHOST_URL/$dbname" python -m pytest "$@" >"$logs/postgres.log" 2>&1 &
postgres_pid=$!
wait "$sqlite_pid"; sqlite_status=$?
wait "$postgres_pid"; postgres_status=$?
python tests/pgdb.py drop "$PGHOST_URL" "$dbname"

echo "== Run 1 of 2: SQLite"
cat "$logs/sqlite.log"
echo "== Run 2 of 2: PostgreSQL"
cat "$logs/postgres.log"
rm -rf "$logs"
echo "== SQLite run exit code: $sqlite_status; PostgreSQL run exit code: $postgres_status"
[ "$sqlite_status" = 0 ] && [ "$postgres_status" = 0 ]
