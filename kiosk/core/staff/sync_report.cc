#include "kiosk/core/staff/sync_report.h"

#include <charconv>

#include "kiosk/core/device_state.h"
#include "kiosk/core/time_zone.h"

namespace lk {
namespace {

std::optional<int64_t> ParseInt64(const std::string& text) {
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

// Stored times are RFC 3339 (as the sync client writes them) or epoch milliseconds.
std::optional<TimeMs> ParseTime(const std::string& text) {
  if (auto ms = ParseInt64(text)) return *ms;
  if (auto parsed = ParseRfc3339(text); parsed.ok()) return *parsed;
  return std::nullopt;
}

}  // namespace

Result<SyncReport> LoadSyncReport(Database& db, int set_aside_limit) {
  SyncReport report;
  LK_ASSIGN_OR_RETURN(Transaction snapshot, db.Begin(TransactionMode::kDeferred));
  LK_ASSIGN_OR_RETURN(report.outbox, Outbox(db).Stats());
  DeviceState device(db);
  LK_ASSIGN_OR_RETURN(std::optional<std::string> success, device.Get(device_key::kLastSyncSuccess));
  report.last_success_text = success.value_or("");
  report.last_success = ParseTime(report.last_success_text);
  LK_ASSIGN_OR_RETURN(std::optional<std::string> error, device.Get(device_key::kLastSyncError));
  report.last_error = error.value_or("");
  LK_ASSIGN_OR_RETURN(std::optional<std::string> error_at, device.Get(device_key::kLastSyncErrorAt));
  if (error_at) report.last_error_at = ParseTime(*error_at);
  LK_ASSIGN_OR_RETURN(std::optional<std::string> skew, device.Get(device_key::kClockSkewMs));
  if (skew) report.clock_skew_ms = ParseInt64(*skew);

  LK_ASSIGN_OR_RETURN(
      auto s,
      db.Cached("SELECT a.id, a.kind, a.learner_id, a.session_id, a.recorded_at, a.refers_to, a.reason, a.source, "
                "o.hub_result, o.reason, o.changed_at FROM outbox o JOIN attendance a ON a.id = o.record_id "
                "WHERE o.state = 'set_aside' ORDER BY o.changed_at DESC, a.seq DESC LIMIT ?"));
  s->Bind(1, set_aside_limit);
  while (true) {
    LK_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    SetAsideRecord r;
    r.record.id = s->ColumnText(0);
    r.record.kind = ParseRecordKind(s->ColumnText(1)).value_or(RecordKind::kCheckIn);
    r.record.learner_id = s->ColumnText(2);
    r.record.session_id = s->ColumnText(3);
    r.record.recorded_at = s->ColumnInt(4);
    r.record.refers_to = s->ColumnText(5);
    r.record.reason = s->ColumnText(6);
    r.record.source = ParseRecordSource(s->ColumnText(7)).value_or(RecordSource::kKeypad);
    r.hub_result = s->ColumnText(8);
    r.reason = s->ColumnText(9);
    r.set_aside_at = s->ColumnInt(10);
    report.set_aside.push_back(std::move(r));
  }
  LK_RETURN_IF_ERROR(snapshot.Commit());
  return report;
}

}  // namespace lk
