#include "sync/hub/pg_hub_rows.h"

#include "sync/hub/flag_list.h"

namespace lk::hub::pg {
namespace {

// Report rows and session summaries start with the session's columns: id, start, course id, course
// title (zh, en).
template <typename Row>
void ReadSessionColumns(const Rows& rows, int i, int first, Row* row) {
  row->session_id = rows.Text(i, first);
  row->session_start = rows.Int(i, first + 1);
  row->course_id = rows.Text(i, first + 2);
  row->course_title = {rows.Text(i, first + 3), rows.Text(i, first + 4)};
}

}  // namespace

Centre CentreFromRow(const Rows& rows, int row) {
  return Centre{rows.Text(row, 0), {rows.Text(row, 1), rows.Text(row, 2)}, rows.Text(row, 3)};
}

AttendanceRecord ReadRecord(const Rows& rows, int row, int first) {
  AttendanceRecord r;
  r.id = rows.Text(row, first);
  r.seq = rows.Int(row, first + 1);
  r.kind = ParseRecordKind(rows.Text(row, first + 2)).value_or(RecordKind::kCheckIn);
  r.learner_id = rows.Text(row, first + 3);
  r.session_id = rows.Text(row, first + 4);
  r.recorded_at = rows.Int(row, first + 5);
  r.refers_to = rows.Text(row, first + 6);
  r.reason = rows.Text(row, first + 7);
  r.source = ParseRecordSource(rows.Text(row, first + 8)).value_or(RecordSource::kKeypad);
  return r;
}

StoredRecord ReadStoredRecord(const Rows& rows, int row, int first) {
  StoredRecord stored;
  stored.record = ReadRecord(rows, row, first);
  stored.device_id = rows.Text(row, first + kRecordColumns);
  stored.batch_id = rows.Text(row, first + kRecordColumns + 1);
  stored.flags = SplitFlags(rows.Text(row, first + kRecordColumns + 2));
  return stored;
}

Result<Centre> ReadCentre(Connection& conn, const std::string& centre_id) {
  LK_ASSIGN_OR_RETURN(Rows rows, conn.Query(std::string("SELECT ") + kCentreColumns + " FROM centres WHERE id=$1",
                                            Params().Add(centre_id)));
  if (rows.empty()) return Status::NotFound("no centre \"" + centre_id + "\"");
  return CentreFromRow(rows, 0);
}

Result<CatalogState> ReadCatalogState(Connection& conn, const std::string& centre_id) {
  LK_ASSIGN_OR_RETURN(Rows rows, conn.Query(std::string("SELECT ") + kCentreColumns +
                                                ", catalog_version, epoch, catalog_seq, horizon_seq "
                                                "FROM centres WHERE id=$1",
                                            Params().Add(centre_id)));
  if (rows.empty()) return Status::NotFound("no centre \"" + centre_id + "\"");
  CatalogState state;
  state.centre = CentreFromRow(rows, 0);
  state.catalog_version = rows.Text(0, 4);
  state.epoch = rows.Text(0, 5);
  state.max_seq = rows.Int(0, 6);
  state.horizon_seq = rows.Int(0, 7);
  return state;
}

ReportRow ReadReportRow(const Rows& rows, int i) {
  ReportRow r;
  ReadSessionColumns(rows, i, 0, &r);
  r.record = ReadRecord(rows, i, 5);
  r.device_id = rows.Text(i, 14);
  r.flags = SplitFlags(rows.Text(i, 15));
  r.received_at = rows.Int(i, 16);
  if (!rows.IsNull(i, 17)) r.flags.push_back(rows.Text(i, 17) == "void" ? "voided" : "replaced");
  return r;
}

SessionSummary ReadSessionSummary(const Rows& rows, int i, int first) {
  SessionSummary m;
  ReadSessionColumns(rows, i, first, &m);
  m.capacity = int(rows.Int(i, first + 5));
  m.credit_hours = rows.Double(i, first + 6);
  m.removed = rows.Bool(i, first + 7);
  m.records = rows.Int(i, first + 8);
  m.checkins = rows.Int(i, first + 9);
  m.voided = rows.Int(i, first + 10);
  m.over_capacity = rows.Int(i, first + 11);
  m.conflicts = rows.Int(i, first + 12);
  return m;
}

DeviceInfo ReadDevice(const Rows& rows, int i, int first) {
  DeviceInfo d;
  d.device_id = rows.Text(i, first);
  d.centre_id = rows.Text(i, first + 1);
  d.name = rows.Text(i, first + 2);
  d.enrolled_at = rows.Int(i, first + 3);
  d.revoked_at = rows.OptionalInt(i, first + 4);
  d.last_seen_at = rows.OptionalInt(i, first + 5);
  d.last_heartbeat_at = rows.OptionalInt(i, first + 6);
  d.queue_depth = rows.Int(i, first + 7);
  d.oldest_pending_age_s = rows.Int(i, first + 8);
  d.app_version = rows.Text(i, first + 9);
  d.clock_skew_ms = rows.Int(i, first + 10);
  return d;
}

}  // namespace lk::hub::pg
