/**
 * Open the driver a parsed URL asks for. Each backend's module is imported on demand, so an
 * app on SQLite never loads the PostgreSQL or MySQL code (nor their packages).
 * @module
 */
import type { Driver } from "./driver.ts";
import type { DatabaseConfig } from "./url.ts";

export async function openDriver(config: DatabaseConfig): Promise<Driver> {
  switch (config.vendor) {
    case "sqlite":
      return (await import("./sqlite-driver.ts")).openSqlite(config);
    case "postgres":
      return (await import("./postgres-driver.ts")).openPostgres(config);
    case "mysql":
      return (await import("./mysql-driver.ts")).openMysql(config);
  }
}
