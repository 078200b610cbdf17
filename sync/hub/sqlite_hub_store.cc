#include "sync/hub/sqlite_hub_store.h"

#include "sync/hub/sqlite_hub_catalog.h"
#include "sync/hub/sqlite_hub_devices.h"
#include "sync/hub/sqlite_hub_ingest.h"
#include "sync/hub/sqlite_hub_learner.h"
#include "sync/hub/sqlite_hub_reports.h"
#include "sync/hub/sqlite_hub_rows.h"
#include "sync/hub/sqlite_hub_schema.h"

namespace lk::hub {

SqliteHubStore::SqliteHubStore(const std::string& path, Database writer)
    : writer_(std::move(writer)),
      readers_(path),
      console_(write_mutex_, writer_, readers_),
      group_commit_([this](const std::vector<PendingBatch*>& group) {
        std::lock_guard lock(write_mutex_);
        sqlite::CommitBatches(writer_, group);
      }) {}

SqliteHubStore::~SqliteHubStore() = default;

Result<std::unique_ptr<SqliteHubStore>> SqliteHubStore::Open(const std::string& path) {
  LK_ASSIGN_OR_RETURN(Database db, Database::Open(path));
  LK_RETURN_IF_ERROR(sqlite::Migrate(db, path));
  return std::unique_ptr<SqliteHubStore>(new SqliteHubStore(path, std::move(db)));
}

Status SqliteHubStore::AddCentre(const Centre& centre, TimeMs now) {
  std::lock_guard lock(write_mutex_);
  return sqlite::AddCentre(writer_, centre, now);
}

Result<Centre> SqliteHubStore::GetCentre(const std::string& centre_id) {
  LK_ASSIGN_OR_RETURN(auto db, readers_.Acquire());
  return sqlite::ReadCentre(*db, centre_id);
}

Result<ImportStats> SqliteHubStore::ImportCatalog(const std::string& centre_id, const Catalog& catalog, TimeMs now,
                                                  TimeMs tombstone_retention_ms) {
  std::lock_guard lock(write_mutex_);
  return sqlite::ImportCatalog(writer_, centre_id, catalog, now, tombstone_retention_ms);
}

Result<CatalogState> SqliteHubStore::GetCatalogState(const std::string& centre_id) {
  LK_ASSIGN_OR_RETURN(auto db, readers_.Acquire());
  return sqlite::ReadCatalogState(*db, centre_id);
}

Status SqliteHubStore::ListCatalogChanges(const std::string& centre_id, int64_t after_seq, bool live_only,
                                          size_t limit, CatalogState* state, std::vector<CatalogChange>* changes) {
  LK_ASSIGN_OR_RETURN(auto db, readers_.Acquire());
  return sqlite::ListCatalogChanges(*db, centre_id, after_seq, live_only, limit, state, changes);
}

Status SqliteHubStore::AddEnrollCode(const std::string& centre_id, const std::string& code_hash, TimeMs now,
                                     TimeMs expires_at) {
  std::lock_guard lock(write_mutex_);
  return sqlite::AddEnrollCode(writer_, centre_id, code_hash, now, expires_at);
}

Result<Centre> SqliteHubStore::Enroll(const std::string& code_hash, const std::string& device_id,
                                      const std::string& token_hash, const sync::EnrollRequest& request,
                                      TimeMs now) {
  std::lock_guard lock(write_mutex_);
  return sqlite::Enroll(writer_, code_hash, device_id, token_hash, request, now);
}

Result<DeviceIdentity> SqliteHubStore::Authenticate(const std::string& token_hash) {
  LK_ASSIGN_OR_RETURN(auto db, readers_.Acquire());
  return sqlite::Authenticate(*db, token_hash);
}

Status SqliteHubStore::RecordHeartbeat(const std::string& device_id, const sync::HeartbeatRequest& heartbeat,
                                       int64_t clock_skew_ms, TimeMs now) {
  std::lock_guard lock(write_mutex_);
  return sqlite::RecordHeartbeat(writer_, device_id, heartbeat, clock_skew_ms, now);
}

Result<std::vector<DeviceInfo>> SqliteHubStore::ListDevices() {
  LK_ASSIGN_OR_RETURN(auto db, readers_.Acquire());
  return sqlite::ListDevices(*db);
}

Status SqliteHubStore::RevokeDevice(const std::string& device_id, TimeMs now) {
  std::lock_guard lock(write_mutex_);
  return sqlite::RevokeDevice(writer_, device_id, now);
}

Result<sync::BatchResponse> SqliteHubStore::PushBatch(const DeviceIdentity& device, const sync::ParsedBatch& batch,
                                                      TimeMs now) {
  return group_commit_.Push(device, batch, now);
}

Result<bool> SqliteHubStore::LearnerKnownAt(const std::string& centre_id, const std::string& learner_id) {
  LK_ASSIGN_OR_RETURN(auto db, readers_.Acquire());
  return sqlite::LearnerKnownAt(*db, centre_id, learner_id);
}

Result<sync::LearnerSummary> SqliteHubStore::LearnerSummary(const std::string& learner_id, TimeMs from, TimeMs to) {
  LK_ASSIGN_OR_RETURN(auto db, readers_.Acquire());
  return sqlite::LearnerSummary(*db, learner_id, from, to);
}

Result<hub::LearnerRecord> SqliteHubStore::LearnerRecord(const std::string& learner_id, TimeMs from, TimeMs to,
                                                          int recent_limit) {
  LK_ASSIGN_OR_RETURN(auto db, readers_.Acquire());
  return sqlite::LearnerRecord(*db, learner_id, from, to, recent_limit);
}

Status SqliteHubStore::CountRecordView(const std::string& learner_key, TimeMs now) {
  std::lock_guard lock(write_mutex_);
  return sqlite::CountRecordView(writer_, learner_key, now);
}

Result<int64_t> SqliteHubStore::RecordViews(const std::string& learner_key) {
  LK_ASSIGN_OR_RETURN(auto db, readers_.Acquire());
  return sqlite::RecordViews(*db, learner_key);
}

Result<CreditPage> SqliteHubStore::CreditChanges(const CreditCursor& cursor, int limit) {
  LK_ASSIGN_OR_RETURN(auto db, readers_.Acquire());
  return sqlite::CreditChanges(*db, cursor, limit);
}

Result<std::string> SqliteHubStore::EnsureSecret(const std::string& name, const std::string& candidate, TimeMs now) {
  std::lock_guard lock(write_mutex_);
  return sqlite::EnsureSecret(writer_, name, candidate, now);
}

Result<std::vector<ReportRow>> SqliteHubStore::Report(const std::string& centre_id, TimeMs from, TimeMs to) {
  LK_ASSIGN_OR_RETURN(auto db, readers_.Acquire());
  return sqlite::Report(*db, centre_id, from, to);
}

Result<std::vector<SessionSummary>> SqliteHubStore::ReportSummary(const std::string& centre_id, TimeMs from,
                                                                  TimeMs to) {
  LK_ASSIGN_OR_RETURN(auto db, readers_.Acquire());
  return sqlite::ReportSummary(*db, centre_id, from, to);
}

}  // namespace lk::hub
