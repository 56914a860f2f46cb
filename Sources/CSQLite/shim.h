#include <sqlite3.h>

/// sqlite3_config is variadic, so Swift cannot call it: this turns off SQLite's memory statistics,
/// which otherwise take one process-wide mutex on every allocation and free. Call it before the
/// first connection opens; afterwards SQLite refuses it (SQLITE_MISUSE) and nothing changes.
static inline int anwei_sqlite3_disable_memory_statistics(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
