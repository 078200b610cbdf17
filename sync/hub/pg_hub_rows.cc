#include "sync/hub/pg_hub_rows.h"

#include "sync/hub/flag_list.h"

namespace lk::hub::pg {
namespace {

constexpr const char* kCentreColumns = "id, name_zh, name_en, time_zone";

Centre CentreFromRow(const Rows& rows, int row) {
  return Centre{rows.Text(row, 0), {rows.Text(row, 1), rows.Text(row, 2)}, rows.Text(row, 3)};
}

}  // namespace

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

}  // namespace lk::hub::pg
