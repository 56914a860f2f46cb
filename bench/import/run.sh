#!/bin/sh
# Times the CSV imports of issue 23 on a fresh demo database: N registry people
# (`anwei org people import`), a training role for each (`anwei training people import`) and a
# training record for each (`anwei training records import`). Each import is one transaction.
# Needs python3 and a release build:
#   swift build -c release --scratch-path .build-release --product anwei
#   sh bench/import/run.sh                 # N=100000
#   BIN=/tmp/anwei-before sh bench/import/run.sh
# Prints wall time, CPU time (user + sys) and peak RSS of each import (GNU time). On a shared,
# busy machine the wall time follows the load (printed first); the CPU time much less.
# RECORDS=no leaves out the training-record import (before the fix it grew with the square of N).
set -eu
BIN=${BIN:-.build-release/release/anwei}
N=${N:-100000}
WORK=${WORK:-/tmp/anwei-import-bench}
HERE=$(dirname "$0")
mkdir -p "$WORK"
DB="$WORK/import.db"
rm -f "$DB" "$DB-wal" "$DB-shm"
echo "load: $(uptime)"
"$BIN" demo --db "$DB" >/dev/null
[ -f "$WORK/people-$N.csv" ] || python3 "$HERE/make-csv.py" people "$N" "$WORK/people-$N.csv"

run() {  # label, then the command
    label=$1; shift
    /usr/bin/time -f "$label: %e s wall, %U s user + %S s sys, %M KB peak RSS" "$@" >"$WORK/out.txt" 2>"$WORK/err.txt" || { cat "$WORK/err.txt"; exit 1; }
    grep -v '^\s*$' "$WORK/err.txt" | tail -1
    tail -1 "$WORK/out.txt" | cut -c1-120
}

run "org people import ($N rows)" "$BIN" org people import "$WORK/people-$N.csv" --db "$DB"
python3 "$HERE/make-csv.py" training "$DB" "$WORK/people-$N.csv" "$WORK/roles.csv" "$WORK/records.csv"
run "training people import ($N rows)" "$BIN" training people import "$WORK/roles.csv" --db "$DB"
[ "${RECORDS:-yes}" = no ] || run "training records import ($N rows)" "$BIN" training records import "$WORK/records.csv" --db "$DB"
echo "rows: people $(sqlite3 "$DB" 'SELECT count(*) FROM registry_people'), training people $(sqlite3 "$DB" 'SELECT count(*) FROM training_people'), records $(sqlite3 "$DB" 'SELECT count(*) FROM training_records'), audit $(sqlite3 "$DB" 'SELECT count(*) FROM kernel_audit')"
