#!/bin/sh
# Do two builds import the same CSV files into the same database content? Runs the three imports
# of run.sh (people, training people, training records) with binary A and with binary B, each on a
# copy of one demo database, with the date fixed (ANWEI_TODAY), and compares `sqlite3 .dump` of
# the two results byte for byte once the wall-clock times (which `--today` keeps) and the
# SHA-256 digests that cover them (audit chain) are masked by normalize.py: rows, ids, order,
# events, audit records.
#   sh bench/import/compare.sh BIN_A BIN_B [N]      (N rows, default 2000)
set -eu
A=$1; B=$2; N=${3:-2000}
WORK=${WORK:-/tmp/anwei-import-compare}
HERE=$(dirname "$0")
rm -rf "$WORK"; mkdir -p "$WORK"
"$A" demo --db "$WORK/demo.db" >/dev/null
python3 "$HERE/make-csv.py" people "$N" "$WORK/people.csv"
export ANWEI_TODAY=2024-06-15
for side in a b; do
  bin=$A; [ "$side" = a ] || bin=$B
  cp "$WORK/demo.db" "$WORK/$side.db"
  "$bin" org people import "$WORK/people.csv" --db "$WORK/$side.db" >/dev/null
  # The roles and records CSVs name the ids the first import gave; both sides give the same ones.
  [ -f "$WORK/records.csv" ] || python3 "$HERE/make-csv.py" training "$WORK/a.db" "$WORK/people.csv" "$WORK/roles.csv" "$WORK/records.csv"
  "$bin" training people import "$WORK/roles.csv" --db "$WORK/$side.db" >/dev/null
  "$bin" training records import "$WORK/records.csv" --db "$WORK/$side.db" >/dev/null
  sqlite3 "$WORK/$side.db" .dump | python3 "$HERE/normalize.py" > "$WORK/$side.sql"
done
echo "rows: $(sqlite3 "$WORK/a.db" 'SELECT count(*) FROM training_records') records, $(sqlite3 "$WORK/a.db" 'SELECT count(*) FROM kernel_audit') audit records"
if cmp -s "$WORK/a.sql" "$WORK/b.sql"; then echo "identical: $(sha256sum < "$WORK/a.sql" | cut -c1-16) ($(wc -l < "$WORK/a.sql") lines of .dump)"; else echo "DIFFERENT:"; diff "$WORK/a.sql" "$WORK/b.sql" | head -20; exit 1; fi
