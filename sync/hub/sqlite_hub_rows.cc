#include "sync/hub/sqlite_hub_rows.h"

namespace lk::hub::sqlite {
namespace {

Centre CentreFromRow(const Statement& s, int first) {
  Centre c;
  c.id = s.ColumnText(first);
  c.name.zh = s.ColumnText(first + 1);
  c.name.en = s.ColumnText(first + 2);
  c.time_zone = s.ColumnText(first + 3);
  return c;
}

}  // namespace

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

}  // namespace lk::hub::sqlite
