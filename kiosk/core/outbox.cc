#include "kiosk/core/outbox.h"

namespace lk {

Result<OutboxStats> Outbox::Stats() {
  LK_ASSIGN_OR_RETURN(Statement* s, db_.Cached(
      "SELECT COALESCE(SUM(o.state IN ('pending', 'in_flight')), 0), COALESCE(SUM(o.state = 'in_flight'), 0), "
      "COALESCE(SUM(o.state = 'set_aside'), 0), COALESCE(SUM(o.state = 'acked'), 0), "
      "COALESCE(MIN(CASE WHEN o.state IN ('pending', 'in_flight') THEN a.recorded_at END), 0) "
      "FROM outbox o JOIN attendance a ON a.id = o.record_id"));
  LK_ASSIGN_OR_RETURN(bool row, s->Step());
  OutboxStats stats;
  if (row) {
    stats.pending = s->ColumnInt(0);
    stats.in_flight = s->ColumnInt(1);
    stats.set_aside = s->ColumnInt(2);
    stats.acked = s->ColumnInt(3);
    stats.oldest_pending_at = s->ColumnInt(4);
  }
  return stats;
}

}  // namespace lk
