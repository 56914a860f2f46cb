-- Kernel 012 rebuilt kernel_deliveries, and dropping the old table dropped its row in sqlite_stat1.
-- With figures for kernel_events and none for kernel_deliveries, SQLite took the deliveries table
-- for a million rows and planned joins from the events side (the dispatcher scanned every event on
-- each pass; its query now says its join order itself). Its figures are taken again here, so that
-- every other plan over it is made from what it holds.
ANALYZE kernel_deliveries;
