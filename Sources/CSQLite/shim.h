#include <sqlite3.h>

/// sqlite3_config is variadic, so Swift cannot call it: this turns off SQLite's memory statistics,
/// which otherwise take one process-wide mutex on every allocation and free. Call it before the
/// first connection opens; afterwards SQLite refuses it (SQLITE_MISUSE) and nothing changes.
static inline int anwei_sqlite3_disable_memory_statistics(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/// How large a statement or savepoint journal (the "sub-journal") may grow in memory before SQLite
/// moves it to a temporary file (default 64 KiB). A group commit runs each write after the first in a
/// savepoint; a hazard create first changes ~30 pages in it (~120 KiB of sub-journal), so each spilled
/// and every page it changed cost two pwrite(2)s into a temporary file, on the writer's turn
/// (issue 23). Like the one above: before the first connection opens, else SQLITE_MISUSE.
/// SQLite 3.40.1 fails the write that spills a journal when this is 128 KiB or more (its unix layer
/// masks a write's length with 0x1ffff).
static inline int anwei_sqlite3_statement_journal_spill(int bytes) {
    return sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, bytes);
}
