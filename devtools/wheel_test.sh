#!/usr/bin/env bash
# The installed package works, not only the checkout: build the wheel, install it into a fresh venv in a temp
# dir, and from there (no checkout on the path) check the config, migrate SQLite and PostgreSQL, and answer an
# FAQ question, then run it against a throwaway Synapse (join, !ping, an FAQ answer, /healthz, SIGTERM).
# Usage: wheel_test.sh BUILD_PYTHON BASE_PYTHON (BUILD_PYTHON: the checkout's venv, which has Synapse)
set -euo pipefail
build_python="$1"; base_python="$2"
checkout="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d -t ncc-wheel-XXXXXX)"
trap 'rm -rf "$work"' EXIT
"$build_python" -m pip wheel --quiet --disable-pip-version-check --no-deps -w "$work/dist" "$checkout"
wheel="$(ls "$work"/dist/ncc_bot-*.whl)"
"$base_python" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet --disable-pip-version-check "$wheel[postgres]"
cd "$work"  # nothing of the checkout is importable from here
bot="$work/venv/bin/ncc-bot"
export NCC_BOT_DATA_DIR="$work/data"
"$bot" version
"$bot" check-config
"$bot" migrate
answer="$("$bot" ask --json "what is the co-financing rate of the NCC grants?")"
echo "$answer"
"$work/venv/bin/python" -c 'import json, sys; a = json.loads(sys.argv[1]); sys.exit(0 if a["answered"] and a["id"] else 1)' "$answer"
if pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  db="ncc_wheel_$(date +%s)_$$"
  psql -h 127.0.0.1 -U postgres -d postgres -q -c "CREATE DATABASE $db"
  NCC_BOT_DATABASE_URL="postgresql://postgres@127.0.0.1:5432/$db" "$bot" migrate
  psql -h 127.0.0.1 -U postgres -d postgres -q -c "DROP DATABASE $db"
elif [ -n "${CI:-}" ]; then
  echo "PostgreSQL is not reachable in CI" >&2; exit 1
fi
(cd "$checkout" && "$build_python" -m devtools.smoke -- "$bot" run)
"$work/venv/bin/python" - <<'PY'
import importlib.util, sys
for name in ("devtools", "tests"):
    if importlib.util.find_spec(name) is not None:
        sys.exit(f"{name} is importable from the installed package: it must not ship")
print("wheel OK: installed ncc-bot checks its config, migrates SQLite and PostgreSQL, answers, runs against Synapse, ships no dev tooling")
PY
