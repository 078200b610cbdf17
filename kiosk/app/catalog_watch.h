// CatalogWatch: keeps the UI's CatalogSnapshot in step with the kiosk database, from the StoreWorker.
//
// Refresh re-reads the catalogue when CatalogStore::State() says it changed (a sync, kioskctl, --demo's
// import), else only the active counts of the sessions that can still change today: those not ended,
// starting today or open for check-in already (a session just after midnight opens before it). Every
// session's count is read once per catalogue. It returns the new snapshot when anything shown
// changed, else null.
//
// Thread-safety: none; it lives on the StoreWorker thread. Ownership: holds the current snapshot (shared
// with the UI, immutable).
#pragma once

#include <memory>

#include "kiosk/app/catalog_snapshot.h"
#include "kiosk/core/catalog_store.h"
#include "kiosk/core/checkin_policy.h"
#include "kiosk/core/kiosk_store.h"
#include "kiosk/core/status.h"
#include "kiosk/core/time_zone.h"

namespace lk::ui {

class CatalogWatch {
 public:
  CatalogWatch(CheckInPolicy policy, TimeZone zone) : policy_(std::move(policy)), zone_(std::move(zone)) {}

  Result<std::shared_ptr<const CatalogSnapshot>> Refresh(KioskStore& store, TimeMs now);

 private:
  Result<SessionCounts> Count(Database& db, TimeMs from, TimeMs until) const;

  const CheckInPolicy policy_;
  const TimeZone zone_;
  CatalogState seen_;  // the catalogue state current_ was read at
  std::shared_ptr<const CatalogSnapshot> current_ = CatalogSnapshot::Empty();
};

}  // namespace lk::ui
