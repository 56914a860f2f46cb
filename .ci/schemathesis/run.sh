#!/usr/bin/env bash
# Schemathesis against the real server on a fresh demo database: every operation of
# GET /api/v1/openapi.json (or those a filter names), every check, bounded in examples and time.
#
#   .ci/schemathesis/run.sh [BINARY] [-- extra schemathesis options, e.g. --include-tag hazards]
#
# Environment: ST_MAX_EXAMPLES (default 20), ST_MAX_TIME seconds (default 900), ST_WORKERS (2).
# Exit status: 0 nothing found; schemathesis's own status when it found failures; 3 when the
# server stopped during the run (whatever else was found).
# Installs schemathesis from PyPI into a virtual environment of its own (.ci/schemathesis/.venv-*)
# when it is missing. Exits with schemathesis's status.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
binary="${1:-$root/.build/debug/anwei}"
[ $# -gt 0 ] && shift
# Absolute, because the run changes directory before its second pass uses the binary again.
binary="$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")"
[ "${1:-}" = "--" ] && shift
# Python 3.11 before 3.11.8 (and 3.12 before 3.12.1) can raise "AST constructor recursion depth
# mismatch" inside hypothesis (CPython gh-106905), which schemathesis reports as a runtime error:
# the newest Python at hand that has the fix gets a virtual environment of its own here.
pick_python() {
    local candidate
    for candidate in $(ls -d "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -V -r) python3; do
        if "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12, 1) or (3, 11, 8) <= sys.version_info < (3, 12) else 1)' 2>/dev/null; then
            echo "$candidate"
            return
        fi
    done
    echo python3
}
python="$(pick_python)"
venv="$here/.venv-$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
if [ ! -x "$venv/bin/schemathesis" ]; then
    "$python" -m venv "$venv" >&2
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check 'schemathesis>=4.32,<5' >&2
fi
schemathesis="$venv/bin/schemathesis"
work="$(mktemp -d)"
server=""
cleanup() {
    if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then kill "$server"; wait "$server" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
"$binary" demo --db "$work/demo.db" >/dev/null
token="$("$binary" tokens create --user admin --days 1 --db "$work/demo.db" 2>/dev/null)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
# The scheduler is off so that the run is the same however long it takes; schemathesis's own
# user may change the demo's data as it pleases (the database is thrown away afterwards).
ANWEI_WEBHOOK_SENDER=off "$binary" serve --db "$work/demo.db" --listen "127.0.0.1:$port" --today 2024-06-15 --tick-interval 0 \
    --idle-timeout 5 2>"$work/server.log" &
server=$!
for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    sleep 0.1
done
cd "$here"
# Three operations end the session they are called with (sign out, revoke a token, disable a
# user): they run last, in a pass of their own with a fresh token, so that they cannot sign the
# rest of the run out.
ending=(--include-operation-id delete_session --include-operation-id delete_tokens_by_id
        --include-operation-id post_users_by_id_actions_disable)
run_schemathesis() {
    SCHEMATHESIS_HOOKS=anwei_hooks PYTHONPATH="$here" "$schemathesis" --config-file "$here/schemathesis.toml" run \
        "http://127.0.0.1:$port/api/v1/openapi.json" \
        -H "Authorization: Bearer $1" \
        --checks all --max-examples "${ST_MAX_EXAMPLES:-20}" --max-time "$max_time" --workers "${ST_WORKERS:-2}" \
        --seed "${ST_SEED:-20241215}" --no-color "${@:2}"
}
status=0
max_time="${ST_MAX_TIME:-900}"
run_schemathesis "$token" --exclude-operation-id delete_session --exclude-operation-id delete_tokens_by_id \
    --exclude-operation-id post_users_by_id_actions_disable "$@" || status=$?
if [ $# -eq 0 ]; then
    token="$("$binary" tokens create --user admin --days 1 --db "$work/demo.db" 2>/dev/null)"
    max_time=$(( max_time / 10 > 30 ? max_time / 10 : 30 ))
    run_schemathesis "$token" "${ending[@]}" || status=$?
fi
if ! kill -0 "$server" 2>/dev/null; then
    echo "schemathesis: the server stopped during the run; its last lines:" >&2
    tail -n 20 "$work/server.log" >&2
    status=3
fi
exit "$status"
