#include "kiosk/app/catalog_snapshot.h"

#include <algorithm>

#include "kiosk/core/shown_text.h"

namespace lk::ui {
namespace {

template <typename Map>
auto Lookup(const Map& map, std::string_view id) -> typename Map::mapped_type {
  auto it = map.find(std::string(id));
  return it == map.end() ? nullptr : it->second;
}

// What the font atlas cannot hold is drawn as a box (shown_text.h), everywhere the catalogue is shown.
void BoxUnshowable(LocalizedText* text) {
  text->zh = lk::BoxUnshowable(text->zh);
  text->en = lk::BoxUnshowable(text->en);
}

void BoxUnshowable(Catalog* c) {
  BoxUnshowable(&c->centre.name);
  for (Category& category : c->categories) BoxUnshowable(&category.name);
  for (Course& course : c->courses) {
    for (LocalizedText* t : {&course.title, &course.summary, &course.teacher}) BoxUnshowable(t);
  }
  for (Session& session : c->sessions) BoxUnshowable(&session.room);
}

void AddText(GlyphSet& glyphs, const LocalizedText& text) {
  glyphs.AddUtf8(text.zh);
  glyphs.AddUtf8(text.en);
}

}  // namespace

std::shared_ptr<const CatalogSnapshot> CatalogSnapshot::Empty() {
  static const std::shared_ptr<const CatalogSnapshot> empty(
      new CatalogSnapshot(std::make_shared<const Data>(), SessionCounts{}));
  return empty;
}

std::shared_ptr<const CatalogSnapshot> CatalogSnapshot::Build(Catalog catalog, SessionCounts counts) {
  auto data = std::make_shared<Data>();
  data->loaded = true;
  data->catalog = std::move(catalog);
  BoxUnshowable(&data->catalog);
  const Catalog& c = data->catalog;
  for (const Category& category : c.categories) {
    data->categories.push_back(&category);
    data->category_by_id[category.id] = &category;
  }
  std::stable_sort(data->categories.begin(), data->categories.end(), [](const Category* a, const Category* b) {
    return a->sort_order != b->sort_order ? a->sort_order < b->sort_order : a->id < b->id;
  });
  for (const Course& course : c.courses) data->course_by_id[course.id] = &course;
  for (const Session& session : c.sessions) {
    data->session_by_id[session.id] = &session;
    data->sessions_by_course[session.course_id].push_back(&session);
  }
  for (auto& [course, sessions] : data->sessions_by_course) {
    std::stable_sort(sessions.begin(), sessions.end(),
                     [](const Session* a, const Session* b) { return a->starts_at < b->starts_at; });
  }
  data->search = SearchIndex::Build(c);

  AddText(data->glyphs, c.centre.name);
  for (const Category& category : c.categories) AddText(data->glyphs, category.name);
  for (const Course& course : c.courses) {
    AddText(data->glyphs, course.title);
    AddText(data->glyphs, course.summary);
    AddText(data->glyphs, course.teacher);
  }
  for (const Session& session : c.sessions) AddText(data->glyphs, session.room);

  return std::shared_ptr<const CatalogSnapshot>(new CatalogSnapshot(std::move(data), std::move(counts)));
}

std::shared_ptr<const CatalogSnapshot> CatalogSnapshot::WithCounts(SessionCounts counts) const {
  return std::shared_ptr<const CatalogSnapshot>(new CatalogSnapshot(data_, std::move(counts)));
}

const Category* CatalogSnapshot::FindCategory(std::string_view id) const { return Lookup(data_->category_by_id, id); }
const Course* CatalogSnapshot::FindCourse(std::string_view id) const { return Lookup(data_->course_by_id, id); }
const Session* CatalogSnapshot::FindSession(std::string_view id) const { return Lookup(data_->session_by_id, id); }

std::vector<const Course*> CatalogSnapshot::CoursesIn(std::string_view category_id) const {
  std::vector<const Course*> courses;
  for (const Course& course : data_->catalog.courses) {
    if (course.category_id == category_id) courses.push_back(&course);
  }
  return courses;
}

std::vector<const Session*> CatalogSnapshot::SessionsOf(std::string_view course_id) const {
  auto it = data_->sessions_by_course.find(std::string(course_id));
  return it == data_->sessions_by_course.end() ? std::vector<const Session*>{} : it->second;
}

std::vector<const Session*> CatalogSnapshot::SessionsBetween(TimeMs now, TimeMs until) const {
  std::vector<const Session*> sessions;
  for (const Session& session : data_->catalog.sessions) {
    if (session.ends_at > now && session.starts_at < until) sessions.push_back(&session);
  }
  std::stable_sort(sessions.begin(), sessions.end(), [](const Session* a, const Session* b) {
    return a->starts_at != b->starts_at ? a->starts_at < b->starts_at : a->id < b->id;
  });
  return sessions;
}

int CatalogSnapshot::ActiveCount(std::string_view session_id) const {
  auto it = counts_.find(std::string(session_id));
  return it == counts_.end() ? 0 : it->second;
}

std::optional<int> CatalogSnapshot::PlacesLeft(const Session& session) const {
  if (session.capacity <= 0) return std::nullopt;
  return std::max(0, session.capacity - ActiveCount(session.id));
}

}  // namespace lk::ui
