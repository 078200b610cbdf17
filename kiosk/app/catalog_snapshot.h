// CatalogSnapshot: one immutable view of the catalogue for drawing: the catalogue, lookups by id, each
// session's active check-in count, the search index and the set of characters the font must hold.
//
// Made on the StoreWorker by CatalogWatch and handed to the UI thread as std::shared_ptr<const CatalogSnapshot>; the
// UI swaps in a newer one between frames. Everything derived from the catalogue itself is shared between
// snapshots of the same catalogue version (a new count makes a cheap copy). Immutable: safe to read from
// any thread.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "kiosk/app/fonts.h"
#include "kiosk/core/domain.h"
#include "kiosk/core/search/search_index.h"

namespace lk::ui {

using SessionCounts = std::unordered_map<std::string, int>;  // session id -> active check-ins

class CatalogSnapshot {
 public:
  // Before the first catalogue arrives: nothing to show.
  static std::shared_ptr<const CatalogSnapshot> Empty();
  static std::shared_ptr<const CatalogSnapshot> Build(Catalog catalog, SessionCounts counts);
  // The same catalogue with new counts.
  std::shared_ptr<const CatalogSnapshot> WithCounts(SessionCounts counts) const;

  bool loaded() const { return data_->loaded; }
  const Catalog& catalog() const { return data_->catalog; }
  const std::string& version() const { return data_->catalog.version; }
  const Centre& centre() const { return data_->catalog.centre; }

  const Category* FindCategory(std::string_view id) const;
  const Course* FindCourse(std::string_view id) const;
  const Session* FindSession(std::string_view id) const;
  // Categories in display order (sort_order, then id).
  const std::vector<const Category*>& categories() const { return data_->categories; }
  std::vector<const Course*> CoursesIn(std::string_view category_id) const;
  // A course's sessions by start time.
  std::vector<const Session*> SessionsOf(std::string_view course_id) const;
  // Sessions that have not ended by `now` and start before `until`, by start time.
  std::vector<const Session*> SessionsBetween(TimeMs now, TimeMs until) const;

  int ActiveCount(std::string_view session_id) const;
  // Places left, or nullopt when the session has no limit. Never negative.
  std::optional<int> PlacesLeft(const Session& session) const;

  const SearchIndex& search() const { return data_->search; }
  // Every character in the catalogue's texts.
  const GlyphSet& glyphs() const { return data_->glyphs; }

 private:
  struct Data {
    bool loaded = false;
    Catalog catalog;
    std::vector<const Category*> categories;
    std::unordered_map<std::string, const Category*> category_by_id;
    std::unordered_map<std::string, const Course*> course_by_id;
    std::unordered_map<std::string, const Session*> session_by_id;
    std::unordered_map<std::string, std::vector<const Session*>> sessions_by_course;
    SearchIndex search;
    GlyphSet glyphs;
  };
  CatalogSnapshot(std::shared_ptr<const Data> data, SessionCounts counts)
      : data_(std::move(data)), counts_(std::move(counts)) {}

  std::shared_ptr<const Data> data_;
  SessionCounts counts_;
};

}  // namespace lk::ui
