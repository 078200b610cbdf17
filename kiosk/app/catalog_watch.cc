#include "kiosk/app/catalog_watch.h"

#include <algorithm>

#include "kiosk/core/attendance_store.h"

namespace lk::ui {

Result<SessionCounts> CatalogWatch::Count(Database& db, TimeMs from, TimeMs until) const {
  AttendanceStore attendance(db, policy_);
  SessionCounts counts;
  for (const Session* session : current_->SessionsBetween(from, until)) {
    LK_ASSIGN_OR_RETURN(int count, attendance.ActiveCount(session->id));
    counts[session->id] = count;
  }
  return counts;
}

Result<std::shared_ptr<const CatalogSnapshot>> CatalogWatch::Refresh(KioskStore& store, TimeMs now) {
  CatalogStore catalog_store(store.db());
  LK_ASSIGN_OR_RETURN(CatalogState state, catalog_store.State());
  if (state.version != seen_.version || state.updated_at != seen_.updated_at || !current_->loaded()) {
    LK_ASSIGN_OR_RETURN(Catalog catalog, catalog_store.Load());
    auto previous = std::move(current_);
    current_ = CatalogSnapshot::Build(std::move(catalog), {});
    auto counts = Count(store.db(), 0, INT64_MAX);
    if (!counts.ok()) {
      current_ = std::move(previous);
      return counts.status();
    }
    current_ = current_->WithCounts(std::move(counts).value());
    seen_ = state;
    return current_;
  }
  const TimeMs end_of_today = zone_.StartOfDay(AddDays(zone_.DateOf(now), 1));
  const TimeMs until = std::max(end_of_today, now + policy_.open_before_ms() + 1);
  LK_ASSIGN_OR_RETURN(SessionCounts today, Count(store.db(), now, until));
  bool changed = false;
  for (const auto& [id, count] : today) changed |= current_->ActiveCount(id) != count;
  if (!changed) return std::shared_ptr<const CatalogSnapshot>();
  SessionCounts all;
  for (const Session& s : current_->catalog().sessions) all[s.id] = current_->ActiveCount(s.id);
  for (auto& [id, count] : today) all[id] = count;
  current_ = current_->WithCounts(std::move(all));
  return current_;
}

}  // namespace lk::ui
