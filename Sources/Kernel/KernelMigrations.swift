// The kernel's own migrations (Migrations/*.sql, embedded at build time by the EmbedMigrations plugin).

/// The kernel's migrations, in order.
public let kernelMigrations: [(name: String, sql: String)] = embeddedMigrations
