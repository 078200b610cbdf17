#include "sync/hub/sqlite_hub_rows.h"

#include "kiosk/core/record_columns.h"

namespace lk::hub::sqlite {
namespace {

// Report rows and session summaries start with the session's columns: id, start, course id, course
// title (zh, en).
template <typename Row>
void ReadSessionColumns(const Statement& s, int first, Row* row) {
  row->session_id = s.ColumnText(first);
  row->session_start = s.ColumnInt(first + 1);
  row->course_id = s.ColumnText(first + 2);
  row->course_title = {s.ColumnText(first + 3), s.ColumnText(first + 4)};
}

}  // namespace

Centre CentreFromRow(const Statement& s, int first) {
  Centre c;
  c.id = s.ColumnText(first);
  c.name.zh = s.ColumnText(first + 1);
  c.name.en = s.ColumnText(first + 2);
  c.time_zone = s.ColumnText(first + 3);
  return c;
}

Result<Centre> ReadCentre(Database& db, const std::string& centre_id) {
  LK_ASSIGN_OR_RETURN(auto s, db.Cached("SELECT id, name_zh, name_en, time_zone FROM centres WHERE id=?"));
  s->Bind(1, centre_id);
  LK_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return Status::NotFound("no centre \"" + centre_id + "\"");
  return CentreFromRow(*s, 0);
}

Result<CatalogState> ReadCatalogState(Database& db, const std::string& centre_id) {
  LK_ASSIGN_OR_RETURN(auto s, db.Cached(
      "SELECT id, name_zh, name_en, time_zone, catalog_version, epoch, catalog_seq, horizon_seq "
      "FROM centres WHERE id=?"));
  s->Bind(1, centre_id);
  LK_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return Status::NotFound("no centre \"" + centre_id + "\"");
  CatalogState state;
  state.centre = CentreFromRow(*s, 0);
  state.catalog_version = s->ColumnText(4);
  state.epoch = s->ColumnText(5);
  state.max_seq = s->ColumnInt(6);
  state.horizon_seq = s->ColumnInt(7);
  return state;
}

ReportRow ReadReportRow(const Statement& s) {
  ReportRow r;
  ReadSessionColumns(s, 0, &r);
  r.record = ReadRecordColumns(s, 5);
  r.device_id = s.ColumnText(14);
  r.flags = SplitFlags(s.ColumnText(15));
  r.received_at = s.ColumnInt(16);
  if (!s.ColumnIsNull(17)) r.flags.push_back(s.ColumnText(17) == "void" ? "voided" : "replaced");
  return r;
}

SessionSummary ReadSessionSummary(const Statement& s, int first) {
  SessionSummary m;
  ReadSessionColumns(s, first, &m);
  m.capacity = int(s.ColumnInt(first + 5));
  m.credit_hours = s.ColumnDouble(first + 6);
  m.removed = s.ColumnInt(first + 7) != 0;
  m.records = s.ColumnInt(first + 8);
  m.checkins = s.ColumnInt(first + 9);
  m.voided = s.ColumnInt(first + 10);
  m.over_capacity = s.ColumnInt(first + 11);
  m.conflicts = s.ColumnInt(first + 12);
  return m;
}

DeviceInfo ReadDevice(const Statement& s, int first) {
  DeviceInfo d;
  d.device_id = s.ColumnText(first);
  d.centre_id = s.ColumnText(first + 1);
  d.name = s.ColumnText(first + 2);
  d.enrolled_at = s.ColumnInt(first + 3);
  if (!s.ColumnIsNull(first + 4)) d.revoked_at = s.ColumnInt(first + 4);
  if (!s.ColumnIsNull(first + 5)) d.last_seen_at = s.ColumnInt(first + 5);
  if (!s.ColumnIsNull(first + 6)) d.last_heartbeat_at = s.ColumnInt(first + 6);
  d.queue_depth = s.ColumnInt(first + 7);
  d.oldest_pending_age_s = s.ColumnInt(first + 8);
  d.app_version = s.ColumnText(first + 9);
  d.clock_skew_ms = s.ColumnInt(first + 10);
  return d;
}

}  // namespace lk::hub::sqlite
