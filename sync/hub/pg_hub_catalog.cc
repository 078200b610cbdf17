#include "sync/hub/pg_hub_catalog.h"

#include <algorithm>
#include <map>

#include <nlohmann/json.hpp>

#include "sync/hub/hub_catalog.h"
#include "sync/hub/pg_change_marks.h"
#include "sync/hub/settled_checkins.h"
#include "sync/hub/pg_hub_rows.h"
#include "sync/hub/pg_transaction.h"

namespace lk::hub::pg {
namespace {

// Gives every upsert and then every tombstone the next sequence number after `*seq`.
Status WriteDiff(Connection& conn, const std::string& centre_id, const CatalogDiff& diff, TimeMs now, int64_t* seq) {
  if (!diff.upserts.empty()) {
    std::vector<int64_t> types, seqs;
    std::vector<std::string> ids, bodies;
    for (const auto& [key, body] : diff.upserts) {
      types.push_back(key.first);
      ids.push_back(key.second);
      seqs.push_back(++*seq);
      bodies.push_back(body);
    }
    LK_RETURN_IF_ERROR(conn.Query(
        "INSERT INTO catalog_items(centre_id, type, id, seq, deleted, body, changed_at) "
        "SELECT $1, t.type, t.id, t.seq, false, t.body, $2 "
        "FROM unnest($3::integer[], $4::text[], $5::bigint[], $6::text[]) AS t(type, id, seq, body) "
        "ON CONFLICT(centre_id, type, id) DO UPDATE SET seq=excluded.seq, deleted=false, body=excluded.body, "
        "changed_at=excluded.changed_at",
        Params().Add(centre_id).Add(now).AddArray(types).AddArray(ids).AddArray(seqs).AddArray(bodies)).status());
  }
  if (!diff.tombstones.empty()) {
    std::vector<int64_t> types, seqs;
    std::vector<std::string> ids;
    for (const auto& key : diff.tombstones) {
      types.push_back(key.first);
      ids.push_back(key.second);
      seqs.push_back(++*seq);
    }
    LK_RETURN_IF_ERROR(conn.Query(
        "UPDATE catalog_items c SET deleted=true, seq=t.seq, changed_at=$2 "
        "FROM unnest($3::integer[], $4::text[], $5::bigint[]) AS t(type, id, seq) "
        "WHERE c.centre_id=$1 AND c.type=t.type AND c.id=t.id",
        Params().Add(centre_id).Add(now).AddArray(types).AddArray(ids).AddArray(seqs)).status());
  }
  return Status::Ok();
}

// The denormalised session table used to validate, count and report attendance. Removed sessions stay
// (deleted): a kiosk may still push check-ins made before it heard of the removal. True when a session
// with check-ins moved in time from or to before `settled_before` (settled_checkins.h).
Result<bool> WriteSessions(Connection& conn, const std::string& centre_id, const Catalog& catalog,
                           TimeMs settled_before) {
  LK_RETURN_IF_ERROR(conn.Query("UPDATE sessions SET deleted=true WHERE centre_id=$1", Params().Add(centre_id)).status());
  std::vector<std::string> ids, courses, titles_zh, titles_en;
  std::vector<double> hours;
  std::vector<int64_t> starts, ends, capacities;
  for (const auto& [s, course] : AttendanceSessions(catalog)) {
    ids.push_back(s->id);
    courses.push_back(s->course_id);
    titles_zh.push_back(course->title.zh);
    titles_en.push_back(course->title.en);
    starts.push_back(s->starts_at);
    ends.push_back(s->ends_at);
    capacities.push_back(s->capacity);
    hours.push_back(course->credit_hours);
  }
  if (ids.empty()) return false;
  LK_ASSIGN_OR_RETURN(Rows moved, conn.Query(
      "SELECT EXISTS(SELECT 1 FROM sessions s JOIN unnest($2::text[], $3::bigint[]) AS t(id, starts_at) ON s.id=t.id "
      "WHERE s.centre_id=$1 AND s.checkins>0 AND s.starts_at<>t.starts_at AND LEAST(s.starts_at, t.starts_at)<$4)",
      Params().Add(centre_id).AddArray(ids).AddArray(starts).Add(settled_before)));
  LK_RETURN_IF_ERROR(conn.Query(
      "INSERT INTO sessions(centre_id, id, course_id, course_title_zh, course_title_en, starts_at, ends_at, capacity, "
      "credit_hours, deleted) "
      "SELECT $1, t.* , false FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::bigint[], "
      "$8::bigint[], $9::double precision[]) AS t "
      "ON CONFLICT(centre_id, id) DO UPDATE SET course_id=excluded.course_id, "
      "course_title_zh=excluded.course_title_zh, course_title_en=excluded.course_title_en, "
      "starts_at=excluded.starts_at, ends_at=excluded.ends_at, capacity=excluded.capacity, "
      "credit_hours=excluded.credit_hours, deleted=false",
      Params().Add(centre_id).AddArray(ids).AddArray(courses).AddArray(titles_zh).AddArray(titles_en)
          .AddArray(starts).AddArray(ends).AddArray(capacities).AddArray(hours)).status());
  return moved.Bool(0, 0);
}

// Tombstones older than the retention stop being served: the horizon moves up to the newest of them.
Result<int64_t> NextHorizon(Connection& conn, const std::string& centre_id, int64_t horizon, TimeMs cutoff) {
  LK_ASSIGN_OR_RETURN(Rows rows, conn.Query(
      "SELECT COALESCE(MAX(seq), 0) FROM catalog_items WHERE centre_id=$1 AND deleted AND changed_at<=$2",
      Params().Add(centre_id).Add(cutoff)));
  return std::max(horizon, rows.Int(0, 0));
}

}  // namespace

Result<std::map<CatalogItemKey, StoredCatalogItem>> ReadStoredItems(Connection& conn, const std::string& centre_id) {
  LK_ASSIGN_OR_RETURN(Rows rows, conn.Query("SELECT type, id, deleted, body FROM catalog_items WHERE centre_id=$1",
                                            Params().Add(centre_id)));
  std::map<CatalogItemKey, StoredCatalogItem> stored;
  for (int i = 0; i < rows.size(); ++i) {
    stored[{int(rows.Int(i, 0)), rows.Text(i, 1)}] = {rows.Bool(i, 2), rows.Text(i, 3)};
  }
  return stored;
}

Status AddCentre(Connection& conn, const Centre& centre, TimeMs now) {
  LK_ASSIGN_OR_RETURN(Rows added, conn.Query(
      "INSERT INTO centres(id, name_zh, name_en, time_zone, epoch, created_at) VALUES($1, $2, $3, $4, $5, $6) "
      "ON CONFLICT(id) DO NOTHING",
      Params().Add(centre.id).Add(centre.name.zh).Add(centre.name.en).Add(centre.time_zone).Add(NewCatalogEpoch())
          .Add(now)));
  if (added.affected() == 0) return Status::AlreadyExists("centre \"" + centre.id + "\" already exists");
  return Status::Ok();
}

Result<ImportStats> ImportCatalog(Connection& conn, const std::string& centre_id, const Catalog& catalog, TimeMs now,
                                  TimeMs tombstone_retention_ms) {
  LK_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(conn));
  LK_RETURN_IF_ERROR(conn.Query("SELECT 1 FROM centres WHERE id=$1 FOR UPDATE", Params().Add(centre_id)).status());
  LK_ASSIGN_OR_RETURN(CatalogState state, ReadCatalogState(conn, centre_id));
  LK_ASSIGN_OR_RETURN(auto stored, ReadStoredItems(conn, centre_id));
  CatalogDiff diff = DiffCatalog(stored, catalog);
  int64_t seq = state.max_seq;
  LK_RETURN_IF_ERROR(WriteDiff(conn, centre_id, diff, now, &seq));
  LK_ASSIGN_OR_RETURN(bool settled_moved, WriteSessions(conn, centre_id, catalog, now - kSettledAfter));
  LK_ASSIGN_OR_RETURN(int64_t horizon, NextHorizon(conn, centre_id, state.horizon_seq, now - tombstone_retention_ms));
  LK_RETURN_IF_ERROR(conn.Query(
      "UPDATE centres SET catalog_seq=$1, horizon_seq=$2, catalog_version=$3, time_zone=$4 WHERE id=$5",
      Params().Add(seq).Add(horizon).Add(catalog.version).Add(catalog.centre.time_zone).Add(centre_id)).status());
  // Last: other centres' imports wait for the mark's row only until this commit.
  if (settled_moved) LK_RETURN_IF_ERROR(BumpChangeMark(conn, kSettledCheckinsMark));
  LK_RETURN_IF_ERROR(txn.Commit());
  diff.stats.max_seq = seq;
  return diff.stats;
}

Status ListCatalogChanges(Connection& conn, const std::string& centre_id, int64_t after_seq, bool live_only,
                          size_t limit, CatalogState* state, std::vector<CatalogChange>* changes) {
  LK_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(conn, TransactionMode::kSnapshot));
  LK_ASSIGN_OR_RETURN(*state, ReadCatalogState(conn, centre_id));
  LK_ASSIGN_OR_RETURN(Rows rows, conn.Query(
      "SELECT type, id, seq, deleted, body FROM catalog_items WHERE centre_id=$1 AND seq>$2 AND (NOT deleted OR NOT $3) "
      "ORDER BY seq LIMIT $4",
      Params().Add(centre_id).Add(after_seq).Add(live_only).Add(int64_t(limit))));
  changes->clear();
  for (int i = 0; i < rows.size(); ++i) {
    CatalogChange change;
    change.item.type = sync::ItemType(rows.Int(i, 0));
    change.item.id = rows.Text(i, 1);
    change.seq = rows.Int(i, 2);
    change.item.deleted = rows.Bool(i, 3);
    if (!change.item.deleted) change.item.body = nlohmann::json::parse(rows.Text(i, 4));
    changes->push_back(std::move(change));
  }
  return txn.Commit();
}

}  // namespace lk::hub::pg
