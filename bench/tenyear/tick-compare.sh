#!/bin/bash
# Same data, same results: runs `anwei tick` on a chain of days and the year's assessment with two
# binaries (before and after a change) on two copies of one database, then compares everything the
# runs wrote — the events published (type, payload, actor, time), the deliveries, the thresholds
# marked, Supervision's facts and proposals, the audit records (action, entity, summary, hash) — and
# the assessment's JSON (CLI `assessment run --json`, whose digest covers the report). The run's own
# audit record is left out (it holds the wall-clock time of the run).
#
#   bench/tenyear/tick-compare.sh BIN_BEFORE BIN_AFTER DB [DAY ...]
#
# DB is only read (copied to OUT, default /tmp/tick-compare). DAYs default to a chain that crosses
# overdue thresholds, reminders and quarter ends: 2024-06-15 2024-06-16 2024-07-20 2024-10-08 2024-12-31.
# Each binary migrates its own copy first (`anwei migrate`: the after binary adds its indexes).
# Exit 0 and "identical" when every dump is the same; else the first differences and exit 1.
set -eu
BEFORE=$(realpath "$1")
AFTER=$(realpath "$2")
DB=$(realpath "$3")
shift 3
DAYS=${*:-2024-06-15 2024-06-16 2024-07-20 2024-10-08 2024-12-31}
OUT=${OUT:-/tmp/tick-compare}
mkdir -p "$OUT"

dump() { # DB FILE: what the runs wrote, in a stable order
    sqlite3 -readonly "$1" >"$2" <<'SQL'
.mode list
.separator |
SELECT 'event', id, type, payload, actor, occurred_at FROM kernel_events WHERE id > (SELECT value FROM temp_mark) ORDER BY id;
SELECT 'delivery', event_id, subscriber, status, attempts, done_at, last_error FROM kernel_deliveries WHERE event_id > (SELECT value FROM temp_mark) ORDER BY event_id, subscriber;
SELECT 'fired', check_id, subject, threshold, fired_at FROM kernel_fired_thresholds ORDER BY check_id, subject, threshold;
SELECT 'fact', event_id, event_type, kind, subject_kind, subject_id, date, year, quarter, reference, detail, known_on FROM supervision_facts WHERE event_id > (SELECT value FROM temp_mark) ORDER BY id;
SELECT 'proposal', id, rule_id, target_kind, target_id, proposes, period, reason, source_events, status, created_at FROM supervision_proposals ORDER BY id;
SELECT 'audit', id, at, actor, action, entity, entity_id, summary, hash FROM kernel_audit WHERE id > (SELECT value FROM temp_audit_mark) AND action != 'supervision.assessment.run' ORDER BY id;
-- The assessment run's own record carries the wall-clock time of the run (not --today): its digest is in assessment.json.
SELECT 'colour', enterprise_id, year, colour, reasons, checked_at FROM training_enterprise_colours ORDER BY enterprise_id, year;
SQL
}

for side in before after; do
    bin=$BEFORE; [ $side = after ] && bin=$AFTER
    copy=$OUT/$side.db
    rm -f "$copy" "$copy-wal" "$copy-shm"
    cp "$DB" "$copy"
    "$bin" migrate --db "$copy" >/dev/null 2>&1
    # Where the runs start: what they add is what is compared.
    sqlite3 "$copy" "CREATE TABLE IF NOT EXISTS temp_mark (value INTEGER); DELETE FROM temp_mark; INSERT INTO temp_mark SELECT coalesce(max(id), 0) FROM kernel_events;
                     CREATE TABLE IF NOT EXISTS temp_audit_mark (value INTEGER); DELETE FROM temp_audit_mark; INSERT INTO temp_audit_mark SELECT coalesce(max(id), 0) FROM kernel_audit;"
    : >"$OUT/$side.ticks"
    for day in $DAYS; do
        "$bin" tick --at "$day" --db "$copy" --json >>"$OUT/$side.ticks"
    done
    last=${DAYS##* }
    "$bin" supervision assessment run --year "${last%%-*}" --today "$last" --db "$copy" --json >"$OUT/$side.assessment.json"
    dump "$copy" "$OUT/$side.dump"
done

status=0
for part in ticks dump assessment.json; do
    if cmp -s "$OUT/before.$part" "$OUT/after.$part"; then
        echo "$part: identical ($(wc -l <"$OUT/after.$part") lines, $(wc -c <"$OUT/after.$part") bytes)"
    else
        echo "$part: DIFFERENT"; diff "$OUT/before.$part" "$OUT/after.$part" | head -20; status=1
    fi
done
echo "events published: $(grep -c '^event|' "$OUT/after.dump"), facts: $(grep -c '^fact|' "$OUT/after.dump"), proposals: $(grep -c '^proposal|' "$OUT/after.dump"), audit records: $(grep -c '^audit|' "$OUT/after.dump")"
[ $status = 0 ] && echo "identical"
exit $status
