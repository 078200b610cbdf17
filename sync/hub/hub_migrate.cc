#include "sync/hub/hub_migrate.h"

#include <sodium.h>

#include <limits>

#include "kiosk/core/sqlite_db.h"
#include "kiosk/core/time_zone.h"
#include "sync/hub/hub_store_open.h"
#include "sync/hub/pg_connection.h"
#include "sync/hub/pg_hub_schema.h"
#include "sync/hub/pg_transaction.h"
#include "sync/hub/report_writer.h"
#include "sync/hub/sqlite_hub_store.h"

namespace lk::hub {
namespace {

enum class Column { kText, kInt, kReal, kBool };

struct Table {
  const char* name;
  std::vector<std::pair<const char*, Column>> columns;
};

constexpr Column T = Column::kText, I = Column::kInt, R = Column::kReal, B = Column::kBool;

// Every table of both schemas that moves, parents first (foreign keys). Both schemas have these columns.
// Not console_sessions: console logins do not survive a migration (their cookies were the old hub's;
// everyone logs in again on the new one).
const std::vector<Table>& Tables() {
  static const std::vector<Table> tables = {
      {"centres", {{"id", T}, {"name_zh", T}, {"name_en", T}, {"time_zone", T}, {"epoch", T},
                   {"catalog_version", T}, {"catalog_seq", I}, {"horizon_seq", I}, {"created_at", I},
                   {"district", T}}},
      {"console_users", {{"login", T}, {"role", T}, {"district", T}, {"centre_id", T}, {"disabled", B},
                         {"created_at", I}, {"password_hash", T}, {"failed_attempts", I}, {"lockout_rounds", I},
                         {"locked_until", I}}},
      {"audit_log", {{"id", I}, {"at", I}, {"login", T}, {"action", T}, {"target", T}, {"detail", T},
                     {"address", T}}},
      {"catalog_items", {{"centre_id", T}, {"type", I}, {"id", T}, {"seq", I}, {"deleted", B}, {"body", T},
                         {"changed_at", I}}},
      {"sessions", {{"centre_id", T}, {"id", T}, {"course_id", T}, {"course_title_zh", T}, {"course_title_en", T},
                    {"starts_at", I}, {"ends_at", I}, {"capacity", I}, {"credit_hours", R}, {"deleted", B},
                    {"checkins", I}}},
      {"enroll_codes", {{"code_hash", T}, {"centre_id", T}, {"created_at", I}, {"expires_at", I}, {"used_at", I},
                        {"device_id", T}}},
      {"devices", {{"id", T}, {"centre_id", T}, {"token_hash", T}, {"name", T}, {"enrolled_at", I},
                   {"revoked_at", I}, {"last_seen_at", I}, {"heartbeat_at", I}, {"queue_depth", I},
                   {"oldest_pending_s", I}, {"app_version", T}, {"clock_skew_ms", I}}},
      {"batches", {{"device_id", T}, {"batch_id", T}, {"received_at", I}, {"records", I}}},
      {"records", {{"id", T}, {"centre_id", T}, {"device_id", T}, {"batch_id", T}, {"seq", I}, {"kind", T},
                   {"learner_id", T}, {"session_id", T}, {"recorded_at", I}, {"refers_to", T}, {"reason", T},
                   {"source", T}, {"flags", T}, {"received_at", I}}},
      {"attendance", {{"centre_id", T}, {"session_id", T}, {"learner_id", T}, {"record_id", T}}},
      {"conflicts", {{"n", I}, {"record_id", T}, {"centre_id", T}, {"device_id", T}, {"batch_id", T},
                     {"content", T}, {"received_at", I}}},
      {"hub_keys", {{"name", T}, {"secret", T}, {"created_at", I}}},
      {"record_page_views", {{"learner_key", T}, {"views", I}, {"last_viewed_at", I}}},
      // PostgreSQL's txid column takes the migration's transaction: every copied entry exports after it.
      {"credit_journal", {{"seq", I}, {"centre_id", T}, {"session_id", T}, {"learner_id", T}, {"change", I},
                          {"record_id", T}, {"at", I}}},
  };
  return tables;
}

std::string ColumnList(const Table& table) {
  std::string out;
  for (const auto& [name, type] : table.columns) out += (out.empty() ? "" : ", ") + std::string(name);
  return out;
}

std::optional<std::string> FieldText(const Statement& row, int col, Column type) {
  if (row.ColumnIsNull(col)) return std::nullopt;
  switch (type) {
    case Column::kInt: return std::to_string(row.ColumnInt(col));
    case Column::kBool: return std::string(row.ColumnInt(col) != 0 ? "t" : "f");
    case Column::kReal: return pg::DoubleText(row.ColumnDouble(col));
    case Column::kText: break;
  }
  return row.ColumnText(col);
}

// Streams the table's rows from `source` into `target` with COPY.
Status CopyTable(Database& source, pg::Connection& target, const Table& table) {
  LK_ASSIGN_OR_RETURN(Statement rows, source.Prepare("SELECT " + ColumnList(table) + " FROM " + table.name));
  return target.CopyIn("COPY " + std::string(table.name) + "(" + ColumnList(table) + ") FROM STDIN",
                       [&, done = false]() mutable -> Result<std::string> {
                         std::string chunk;
                         while (!done && chunk.size() < (1 << 20)) {
                           LK_ASSIGN_OR_RETURN(bool row, rows.Step());
                           done = !row;  // stepping again would start the table over
                           if (done) break;
                           for (size_t c = 0; c < table.columns.size(); ++c) {
                             pg::AppendCopyField(&chunk, FieldText(rows, int(c), table.columns[c].second), c == 0);
                           }
                           chunk += '\n';
                         }
                         return chunk;
                       });
}

Status RequireEmpty(pg::Connection& target, const std::string& uri) {
  for (const Table& table : Tables()) {
    LK_ASSIGN_OR_RETURN(pg::Rows rows,
                        target.Query("SELECT EXISTS(SELECT 1 FROM " + std::string(table.name) + ")"));
    if (rows.Bool(0, 0)) {
      return Status::FailedPrecondition("the target database " + DescribeDatabase(uri) + " is not empty (table " +
                                        table.name + " has rows); migrate-db copies only into an empty hub database");
    }
  }
  return Status::Ok();
}

// A checksum of everything `report` and `report --summary` show for the centre, over all time.
Result<std::string> ReportChecksum(HubStore& store, const std::string& centre_id) {
  LK_ASSIGN_OR_RETURN(Centre centre, store.GetCentre(centre_id));
  LK_ASSIGN_OR_RETURN(TimeZone zone, TimeZone::Load(centre.time_zone));
  constexpr TimeMs kFrom = std::numeric_limits<TimeMs>::min(), kTo = std::numeric_limits<TimeMs>::max();
  LK_ASSIGN_OR_RETURN(auto rows, store.Report(centre_id, kFrom, kTo));
  LK_ASSIGN_OR_RETURN(auto summary, store.ReportSummary(centre_id, kFrom, kTo));
  std::string text = FormatReport(rows, zone, ReportFormat::kJson) + FormatReportSummary(summary, zone, ReportFormat::kJson);
  unsigned char hash[16];
  crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(text.data()), text.size(), nullptr, 0);
  char hex[sizeof hash * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
  return std::to_string(rows.size()) + " records, " + hex;
}

Result<MigrationCheck> Verify(Database& source, pg::Connection& target, HubStore& from, HubStore& to) {
  MigrationCheck check;
  for (const Table& table : Tables()) {
    std::string count = "SELECT COUNT(*) FROM " + std::string(table.name);
    LK_ASSIGN_OR_RETURN(int64_t in_source, source.QueryInt(count));
    LK_ASSIGN_OR_RETURN(pg::Rows in_target, target.Query(count));
    if (in_target.Int(0, 0) != in_source) {
      return Status::Internal("table " + std::string(table.name) + ": " + std::to_string(in_source) +
                              " rows in the SQLite hub, " + std::to_string(in_target.Int(0, 0)) + " copied");
    }
    check.table_rows.emplace_back(table.name, in_source);
  }
  LK_ASSIGN_OR_RETURN(Statement centres, source.Prepare("SELECT id FROM centres ORDER BY id"));
  while (true) {
    LK_ASSIGN_OR_RETURN(bool row, centres.Step());
    if (!row) break;
    std::string id = centres.ColumnText(0);
    LK_ASSIGN_OR_RETURN(std::string before, ReportChecksum(from, id));
    LK_ASSIGN_OR_RETURN(std::string after, ReportChecksum(to, id));
    if (before != after) {
      return Status::Internal("centre " + id + ": the report differs after the copy (" + before + " before, " +
                              after + " after)");
    }
    check.centre_sums.emplace_back(id, after);
  }
  return check;
}

}  // namespace

Result<MigrationCheck> MigrateSqliteToPostgres(const std::string& sqlite_path, const std::string& postgres_uri) {
  if (!IsPostgresUri(postgres_uri)) return Status::InvalidArgument("--to: expected a postgresql:// URI");
  if (sodium_init() < 0) return Status::Internal("libsodium failed to initialise");
  // Opening it as a store brings an older district hub to this build's schema first.
  LK_ASSIGN_OR_RETURN(auto from, SqliteHubStore::Open(sqlite_path));
  LK_ASSIGN_OR_RETURN(Database source, Database::Open(sqlite_path, OpenOptions{.create_if_missing = false}));
  LK_ASSIGN_OR_RETURN(auto to, OpenHubStore(postgres_uri, 2));  // creates the target's schema
  LK_ASSIGN_OR_RETURN(auto target, pg::Connection::Open(postgres_uri));
  LK_RETURN_IF_ERROR(RequireEmpty(*target, postgres_uri));
  {
    LK_ASSIGN_OR_RETURN(Transaction snapshot, source.Begin(TransactionMode::kDeferred));
    LK_ASSIGN_OR_RETURN(pg::Transaction copy, pg::Transaction::Begin(*target));
    // The one migration lock keeps two migrate-db runs (or a starting replica's migration) apart.
    LK_RETURN_IF_ERROR(target->Query("SELECT pg_advisory_xact_lock($1, 0)", pg::Params().Add(pg::kMigrationLock)).status());
    LK_RETURN_IF_ERROR(RequireEmpty(*target, postgres_uri));
    // A district's records take longer to COPY than the statement timeout a request may wait.
    LK_RETURN_IF_ERROR(target->Exec("SET LOCAL statement_timeout = 0"));
    for (const Table& table : Tables()) LK_RETURN_IF_ERROR(CopyTable(source, *target, table));
    // The copied serial columns' sequences continue after the copied rows.
    LK_RETURN_IF_ERROR(target->Exec(
        "SELECT setval(pg_get_serial_sequence('conflicts', 'n'), COALESCE(MAX(n), 1), MAX(n) IS NOT NULL) "
        "FROM conflicts;"
        "SELECT setval(pg_get_serial_sequence('audit_log', 'id'), COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) "
        "FROM audit_log;"
        "SELECT setval(pg_get_serial_sequence('credit_journal', 'seq'), COALESCE(MAX(seq), 1), MAX(seq) IS NOT NULL) "
        "FROM credit_journal"));
    LK_RETURN_IF_ERROR(copy.Commit());
    LK_RETURN_IF_ERROR(snapshot.Commit());
  }
  return Verify(source, *target, *from, *to);
}

}  // namespace lk::hub
