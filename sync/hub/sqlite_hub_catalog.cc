#include "sync/hub/sqlite_hub_catalog.h"

#include <algorithm>
#include <map>

#include <nlohmann/json.hpp>

#include "sync/hub/hub_catalog.h"
#include "sync/hub/settled_checkins.h"
#include "sync/hub/sqlite_change_marks.h"
#include "sync/hub/sqlite_hub_rows.h"
#include "sync/hub/sqlite_reset.h"

namespace lk::hub::sqlite {
namespace {

// Gives every upsert and then every tombstone the next sequence number after `*seq`.
Status WriteDiff(Database& db, const std::string& centre_id, const CatalogDiff& diff, TimeMs now, int64_t* seq) {
  LK_ASSIGN_OR_RETURN(auto upsert, db.Cached(
      "INSERT INTO catalog_items(centre_id, type, id, seq, deleted, body, changed_at) VALUES(?,?,?,?,0,?,?) "
      "ON CONFLICT(centre_id, type, id) DO UPDATE SET seq=excluded.seq, deleted=0, body=excluded.body, "
      "changed_at=excluded.changed_at"));
  for (const auto& [key, body] : diff.upserts) {
    upsert->Bind(1, centre_id).Bind(2, key.first).Bind(3, key.second).Bind(4, ++*seq).Bind(5, body).Bind(6, now);
    LK_RETURN_IF_ERROR(upsert->Run());
  }
  LK_ASSIGN_OR_RETURN(auto tombstone, db.Cached(
      "UPDATE catalog_items SET deleted=1, seq=?, changed_at=? WHERE centre_id=? AND type=? AND id=?"));
  for (const auto& key : diff.tombstones) {
    tombstone->Bind(1, ++*seq).Bind(2, now).Bind(3, centre_id).Bind(4, key.first).Bind(5, key.second);
    LK_RETURN_IF_ERROR(tombstone->Run());
  }
  return Status::Ok();
}

// The denormalised session table used to validate, count and report attendance. Removed sessions stay
// (deleted=1): a kiosk may still push check-ins made before it heard of the removal. True when a session
// with check-ins moved in time from or to before `settled_before` (settled_checkins.h).
Result<bool> WriteSessions(Database& db, const std::string& centre_id, const Catalog& catalog, TimeMs settled_before) {
  {
    LK_ASSIGN_OR_RETURN(auto mark, db.Cached("UPDATE sessions SET deleted=1 WHERE centre_id=?"));
    mark->Bind(1, centre_id);
    LK_RETURN_IF_ERROR(mark->Run());
  }
  LK_ASSIGN_OR_RETURN(auto session, db.Cached(
      "INSERT INTO sessions(centre_id, id, course_id, course_title_zh, course_title_en, starts_at, "
      "ends_at, capacity, credit_hours, deleted) VALUES(?,?,?,?,?,?,?,?,?,0) "
      "ON CONFLICT(centre_id, id) DO UPDATE SET course_id=excluded.course_id, "
      "course_title_zh=excluded.course_title_zh, course_title_en=excluded.course_title_en, "
      "starts_at=excluded.starts_at, ends_at=excluded.ends_at, capacity=excluded.capacity, "
      "credit_hours=excluded.credit_hours, deleted=0"));  // keeps the session's count of check-ins
  LK_ASSIGN_OR_RETURN(auto moves, db.Cached(
      "SELECT 1 FROM sessions WHERE centre_id=? AND id=? AND checkins>0 AND starts_at<>? AND MIN(starts_at, ?)<?"));
  bool settled_moved = false;
  for (const auto& [s, course] : AttendanceSessions(catalog)) {
    if (!settled_moved) {
      moves->Bind(1, centre_id).Bind(2, s->id).Bind(3, s->starts_at).Bind(4, s->starts_at).Bind(5, settled_before);
      LK_ASSIGN_OR_RETURN(settled_moved, moves->Step());
      moves->Reset();
    }
    session->Bind(1, centre_id).Bind(2, s->id).Bind(3, s->course_id).Bind(4, course->title.zh)
        .Bind(5, course->title.en).Bind(6, s->starts_at).Bind(7, s->ends_at).Bind(8, s->capacity)
        .Bind(9, course->credit_hours);
    LK_RETURN_IF_ERROR(session->Run());
  }
  return settled_moved;
}

// Tombstones older than the retention stop being served: the horizon moves up to the newest of them.
Result<int64_t> NextHorizon(Database& db, const std::string& centre_id, int64_t horizon, TimeMs cutoff) {
  LK_ASSIGN_OR_RETURN(auto s, db.Cached(
      "SELECT IFNULL(MAX(seq), 0) FROM catalog_items WHERE centre_id=? AND deleted=1 AND changed_at<=?"));
  s->Bind(1, centre_id).Bind(2, cutoff);
  LK_ASSIGN_OR_RETURN(bool row, s->Step());
  return row ? std::max(horizon, s->ColumnInt(0)) : horizon;
}

}  // namespace

Result<std::map<CatalogItemKey, StoredCatalogItem>> ReadStoredItems(Database& db, const std::string& centre_id) {
  std::map<CatalogItemKey, StoredCatalogItem> stored;
  LK_ASSIGN_OR_RETURN(auto s, db.Cached("SELECT type, id, deleted, body FROM catalog_items WHERE centre_id=?"));
  s->Bind(1, centre_id);
  while (true) {
    LK_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    stored[{int(s->ColumnInt(0)), s->ColumnText(1)}] = {s->ColumnInt(2) != 0, s->ColumnText(3)};
  }
  return stored;
}

Status AddCentre(Database& writer, const Centre& centre, TimeMs now) {
  LK_ASSIGN_OR_RETURN(Transaction txn, writer.Begin());
  LK_ASSIGN_OR_RETURN(auto exists, writer.Cached("SELECT 1 FROM centres WHERE id=?"));
  exists->Bind(1, centre.id);
  LK_ASSIGN_OR_RETURN(bool row, exists->Step());
  if (row) return Status::AlreadyExists("centre \"" + centre.id + "\" already exists");
  LK_ASSIGN_OR_RETURN(auto s, writer.Cached(
      "INSERT INTO centres(id, name_zh, name_en, time_zone, epoch, created_at) VALUES(?,?,?,?,?,?)"));
  s->Bind(1, centre.id).Bind(2, centre.name.zh).Bind(3, centre.name.en).Bind(4, centre.time_zone)
      .Bind(5, NewCatalogEpoch()).Bind(6, now);
  LK_RETURN_IF_ERROR(s->Run());
  return ResetAndCommit(writer, txn);
}

Result<ImportStats> ImportCatalog(Database& writer, const std::string& centre_id, const Catalog& catalog,
                                  TimeMs now, TimeMs tombstone_retention_ms) {
  LK_ASSIGN_OR_RETURN(Transaction txn, writer.Begin());
  LK_ASSIGN_OR_RETURN(CatalogState state, ReadCatalogState(writer, centre_id));
  LK_ASSIGN_OR_RETURN(auto stored, ReadStoredItems(writer, centre_id));
  CatalogDiff diff = DiffCatalog(stored, catalog);
  int64_t seq = state.max_seq;
  LK_RETURN_IF_ERROR(WriteDiff(writer, centre_id, diff, now, &seq));
  LK_ASSIGN_OR_RETURN(bool settled_moved, WriteSessions(writer, centre_id, catalog, now - kSettledAfter));
  LK_ASSIGN_OR_RETURN(int64_t horizon,
                      NextHorizon(writer, centre_id, state.horizon_seq, now - tombstone_retention_ms));
  LK_ASSIGN_OR_RETURN(auto update, writer.Cached(
      "UPDATE centres SET catalog_seq=?, horizon_seq=?, catalog_version=?, time_zone=? WHERE id=?"));
  update->Bind(1, seq).Bind(2, horizon).Bind(3, catalog.version).Bind(4, catalog.centre.time_zone).Bind(5, centre_id);
  LK_RETURN_IF_ERROR(update->Run());
  if (settled_moved) LK_RETURN_IF_ERROR(BumpChangeMark(writer, kSettledCheckinsMark));
  LK_RETURN_IF_ERROR(ResetAndCommit(writer, txn));
  diff.stats.max_seq = seq;
  return diff.stats;
}

Status ListCatalogChanges(Database& reader, const std::string& centre_id, int64_t after_seq, bool live_only,
                          size_t limit, CatalogState* state, std::vector<CatalogChange>* changes) {
  LK_ASSIGN_OR_RETURN(Transaction txn, reader.Begin(TransactionMode::kDeferred));  // one snapshot
  LK_ASSIGN_OR_RETURN(*state, ReadCatalogState(reader, centre_id));
  LK_ASSIGN_OR_RETURN(auto s, reader.Cached(
      "SELECT type, id, seq, deleted, body FROM catalog_items WHERE centre_id=? AND seq>? AND (deleted=0 OR ?=0) "
      "ORDER BY seq LIMIT ?"));
  s->Bind(1, centre_id).Bind(2, after_seq).Bind(3, live_only ? 1 : 0).Bind(4, int64_t(limit));
  changes->clear();
  while (true) {
    LK_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    CatalogChange change;
    change.item.type = sync::ItemType(s->ColumnInt(0));
    change.item.id = s->ColumnText(1);
    change.seq = s->ColumnInt(2);
    change.item.deleted = s->ColumnInt(3) != 0;
    if (!change.item.deleted) change.item.body = nlohmann::json::parse(s->ColumnText(4));
    changes->push_back(std::move(change));
  }
  return ResetAndCommit(reader, txn);
}

}  // namespace lk::hub::sqlite
