#include "kiosk/core/catalog_store.h"

#include <set>
#include <utility>

namespace lk {
namespace {

constexpr const char* kSessionColumns =
    "id, course_id, starts_at, ends_at, room_zh, room_en, capacity";

Session ReadSession(const Statement& s) {
  Session session;
  session.id = s.ColumnText(0);
  session.course_id = s.ColumnText(1);
  session.starts_at = s.ColumnInt(2);
  session.ends_at = s.ColumnInt(3);
  session.room = {s.ColumnText(4), s.ColumnText(5)};
  session.capacity = int(s.ColumnInt(6));
  return session;
}

Course ReadCourse(const Statement& s) {
  Course course;
  course.id = s.ColumnText(0);
  course.category_id = s.ColumnText(1);
  course.title = {s.ColumnText(2), s.ColumnText(3)};
  course.summary = {s.ColumnText(4), s.ColumnText(5)};
  course.teacher = {s.ColumnText(6), s.ColumnText(7)};
  course.credit_hours = s.ColumnDouble(8);
  return course;
}

constexpr const char* kCourseColumns =
    "id, category_id, title_zh, title_en, summary_zh, summary_en, teacher_zh, teacher_en, credit_hours";

// Deletes rows of `table` whose id is not in `keep`.
Status DeleteAllExcept(Database& db, const char* table, const std::set<std::string>& keep) {
  LK_ASSIGN_OR_RETURN(Statement select, db.Prepare(std::string("SELECT id FROM ") + table));
  std::vector<std::string> doomed;
  while (true) {
    LK_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    std::string id = select.ColumnText(0);
    if (!keep.count(id)) doomed.push_back(std::move(id));
  }
  LK_ASSIGN_OR_RETURN(Statement del, db.Prepare(std::string("DELETE FROM ") + table + " WHERE id = ?"));
  for (const auto& id : doomed) LK_RETURN_IF_ERROR(del.Bind(1, id).Run());
  return Status::Ok();
}

Status DeleteIds(Database& db, const char* table, const std::vector<std::string>& ids) {
  LK_ASSIGN_OR_RETURN(auto del, db.Cached(std::string("DELETE FROM ") + table + " WHERE id = ?"));
  for (const auto& id : ids) LK_RETURN_IF_ERROR(del->Bind(1, id).Run());
  return Status::Ok();
}

template <typename T>
std::set<std::string> IdsOf(const std::vector<T>& items) {
  std::set<std::string> ids;
  for (const auto& item : items) ids.insert(item.id);
  return ids;
}

}  // namespace

CatalogChanges FullCatalogChanges(const Catalog& catalog, std::string cursor, std::string etag) {
  CatalogChanges changes;
  changes.full = true;
  changes.centre = catalog.centre;
  changes.categories = catalog.categories;
  changes.courses = catalog.courses;
  changes.sessions = catalog.sessions;
  changes.version = catalog.version;
  changes.cursor = std::move(cursor);
  changes.etag = std::move(etag);
  return changes;
}

Status CatalogStore::Replace(const Catalog& catalog, TimeMs now) { return Apply(FullCatalogChanges(catalog), now); }

Status CatalogStore::Upsert(const CatalogChanges& c) {
  if (c.centre) {
    LK_ASSIGN_OR_RETURN(auto s, db_.Cached(
        "INSERT INTO centre(id, name_zh, name_en, time_zone) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(id) DO UPDATE SET name_zh = excluded.name_zh, name_en = excluded.name_en, "
        "time_zone = excluded.time_zone"));
    LK_RETURN_IF_ERROR(s->Bind(1, c.centre->id).Bind(2, c.centre->name.zh).Bind(3, c.centre->name.en)
                           .Bind(4, c.centre->time_zone).Run());
  }
  {
    LK_ASSIGN_OR_RETURN(auto s, db_.Cached(
        "INSERT INTO category(id, name_zh, name_en, sort_order) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(id) DO UPDATE SET name_zh = excluded.name_zh, name_en = excluded.name_en, "
        "sort_order = excluded.sort_order"));
    for (const auto& x : c.categories) {
      LK_RETURN_IF_ERROR(s->Bind(1, x.id).Bind(2, x.name.zh).Bind(3, x.name.en).Bind(4, x.sort_order).Run());
    }
  }
  {
    LK_ASSIGN_OR_RETURN(auto s, db_.Cached(
        "INSERT INTO course(id, category_id, title_zh, title_en, summary_zh, summary_en, teacher_zh, teacher_en, "
        "credit_hours) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
        "category_id = excluded.category_id, title_zh = excluded.title_zh, title_en = excluded.title_en, "
        "summary_zh = excluded.summary_zh, summary_en = excluded.summary_en, teacher_zh = excluded.teacher_zh, "
        "teacher_en = excluded.teacher_en, credit_hours = excluded.credit_hours"));
    for (const auto& x : c.courses) {
      LK_RETURN_IF_ERROR(s->Bind(1, x.id).Bind(2, x.category_id).Bind(3, x.title.zh).Bind(4, x.title.en)
                             .Bind(5, x.summary.zh).Bind(6, x.summary.en).Bind(7, x.teacher.zh)
                             .Bind(8, x.teacher.en).Bind(9, x.credit_hours).Run());
    }
  }
  {
    LK_ASSIGN_OR_RETURN(auto s, db_.Cached(
        "INSERT INTO session(id, course_id, starts_at, ends_at, room_zh, room_en, capacity) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET course_id = excluded.course_id, "
        "starts_at = excluded.starts_at, ends_at = excluded.ends_at, room_zh = excluded.room_zh, "
        "room_en = excluded.room_en, capacity = excluded.capacity"));
    for (const auto& x : c.sessions) {
      LK_RETURN_IF_ERROR(s->Bind(1, x.id).Bind(2, x.course_id).Bind(3, x.starts_at).Bind(4, x.ends_at)
                             .Bind(5, x.room.zh).Bind(6, x.room.en).Bind(7, x.capacity).Run());
    }
  }
  return Status::Ok();
}

Status CatalogStore::Apply(const CatalogChanges& changes, TimeMs now) {
  LK_ASSIGN_OR_RETURN(Transaction txn, db_.Begin(TransactionMode::kImmediate));
  // Children before parents for deletes, parents before children for inserts.
  if (changes.full) {
    LK_RETURN_IF_ERROR(DeleteAllExcept(db_, "session", IdsOf(changes.sessions)));
    LK_RETURN_IF_ERROR(DeleteAllExcept(db_, "course", IdsOf(changes.courses)));
    LK_RETURN_IF_ERROR(DeleteAllExcept(db_, "category", IdsOf(changes.categories)));
    if (changes.centre) LK_RETURN_IF_ERROR(DeleteAllExcept(db_, "centre", {changes.centre->id}));
  } else {
    LK_RETURN_IF_ERROR(DeleteIds(db_, "session", changes.deleted_sessions));
    LK_RETURN_IF_ERROR(DeleteIds(db_, "course", changes.deleted_courses));
    LK_RETURN_IF_ERROR(DeleteIds(db_, "category", changes.deleted_categories));
  }
  LK_RETURN_IF_ERROR(Upsert(changes));
  LK_ASSIGN_OR_RETURN(auto state, db_.Cached(
      "INSERT INTO catalog_state(id, version, cursor, etag, updated_at) VALUES (1, ?, ?, ?, ?) "
      "ON CONFLICT(id) DO UPDATE SET version = excluded.version, cursor = excluded.cursor, "
      "etag = excluded.etag, updated_at = excluded.updated_at"));
  LK_RETURN_IF_ERROR(state->Bind(1, changes.version).Bind(2, changes.cursor).Bind(3, changes.etag).Bind(4, now).Run());
  return txn.Commit();
}

Result<CatalogState> CatalogStore::State() {
  LK_ASSIGN_OR_RETURN(auto s, db_.Cached("SELECT version, cursor, etag, updated_at FROM catalog_state"));
  CatalogState state;
  LK_ASSIGN_OR_RETURN(bool row, s->Step());
  if (row) state = {s->ColumnText(0), s->ColumnText(1), s->ColumnText(2), s->ColumnInt(3)};
  return state;
}

Result<Catalog> CatalogStore::Load() {
  Catalog catalog;
  LK_ASSIGN_OR_RETURN(auto txn, db_.Begin(TransactionMode::kDeferred));  // one consistent snapshot
  LK_ASSIGN_OR_RETURN(CatalogState state, State());
  catalog.version = state.version;
  {
    LK_ASSIGN_OR_RETURN(Statement s, db_.Prepare("SELECT id, name_zh, name_en, time_zone FROM centre LIMIT 1"));
    LK_ASSIGN_OR_RETURN(bool row, s.Step());
    if (row) catalog.centre = {s.ColumnText(0), {s.ColumnText(1), s.ColumnText(2)}, s.ColumnText(3)};
  }
  {
    LK_ASSIGN_OR_RETURN(Statement s, db_.Prepare(
        "SELECT id, name_zh, name_en, sort_order FROM category ORDER BY sort_order, id"));
    while (true) {
      LK_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      catalog.categories.push_back({s.ColumnText(0), {s.ColumnText(1), s.ColumnText(2)}, int(s.ColumnInt(3))});
    }
  }
  {
    LK_ASSIGN_OR_RETURN(Statement s, db_.Prepare(std::string("SELECT ") + kCourseColumns + " FROM course ORDER BY id"));
    while (true) {
      LK_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      catalog.courses.push_back(ReadCourse(s));
    }
  }
  {
    LK_ASSIGN_OR_RETURN(Statement s, db_.Prepare(std::string("SELECT ") + kSessionColumns +
                                                 " FROM session ORDER BY starts_at, id"));
    while (true) {
      LK_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      catalog.sessions.push_back(ReadSession(s));
    }
  }
  LK_RETURN_IF_ERROR(txn.Commit());
  return catalog;
}

Result<std::optional<Session>> CatalogStore::FindSession(const std::string& id) {
  LK_ASSIGN_OR_RETURN(auto s, db_.Cached(std::string("SELECT ") + kSessionColumns + " FROM session WHERE id = ?"));
  s->Bind(1, id);
  LK_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return std::optional<Session>();
  return std::optional<Session>(ReadSession(*s));
}

Result<std::optional<Course>> CatalogStore::FindCourse(const std::string& id) {
  LK_ASSIGN_OR_RETURN(auto s, db_.Cached(std::string("SELECT ") + kCourseColumns + " FROM course WHERE id = ?"));
  s->Bind(1, id);
  LK_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return std::optional<Course>();
  return std::optional<Course>(ReadCourse(*s));
}

Result<std::vector<Session>> CatalogStore::SessionsStartingBetween(TimeMs from, TimeMs to) {
  LK_ASSIGN_OR_RETURN(auto s, db_.Cached(std::string("SELECT ") + kSessionColumns +
                                               " FROM session WHERE starts_at >= ? AND starts_at < ? "
                                               "ORDER BY starts_at, id"));
  s->Bind(1, from).Bind(2, to);
  std::vector<Session> sessions;
  while (true) {
    LK_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    sessions.push_back(ReadSession(*s));
  }
  return sessions;
}

}  // namespace lk
