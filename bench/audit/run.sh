#!/bin/sh
# `anwei audit verify` over N audit records (issue 23: 10^7): builds a demo database, fills its
# audit chain with bench/audit/fill.py, then times verify with GNU time (wall, peak RSS): intact,
# then with one record altered (must fail, naming it), then restored.
#   swift build -c release --scratch-path .build-release --product anwei
#   sh bench/audit/run.sh                  # N=10000000 (about 3 GB of disk in WORK)
set -eu
BIN=${BIN:-.build-release/release/anwei}
N=${N:-10000000}
WORK=${WORK:-/tmp/anwei-audit-bench}
HERE=$(dirname "$0")
mkdir -p "$WORK"
DB="$WORK/audit-$N.db"
if [ ! -f "$DB" ]; then
    "$BIN" demo --db "$DB.tmp" >/dev/null
    python3 "$HERE/fill.py" "$DB.tmp" "$N"
    mv "$DB.tmp" "$DB"
fi
echo "load: $(uptime)"
echo "records: $(sqlite3 "$DB" 'SELECT last_id FROM kernel_audit_head'), file: $(du -h "$DB" | cut -f1)"
verify() {
    /usr/bin/time -f "  %e s wall, %U s user, %M KB peak RSS" "$BIN" audit verify --db "$DB" 2>&1 | tail -3 || true
}
echo "== intact"; verify
TAMPER=$((N * 9 / 10))
python3 "$HERE/fill.py" tamper "$DB" "$TAMPER"
echo "== record $TAMPER altered"; verify
python3 "$HERE/fill.py" untamper "$DB" "$TAMPER"
echo "== restored"; verify
