// Loading a generated city (city_data.h) into a hub database whose schema learning-hub has created:
// PostgreSQL with COPY (one connection and one COPY per table, run side by side with the generator; the
// centres first, since other tables refer to them), SQLite with prepared inserts in one transaction.
// Neither adds, drops or changes an index: the tables are exactly the store's. Afterwards PostgreSQL gets
// VACUUM ANALYZE, as autovacuum would have given a database in service, and a CHECKPOINT, so that the
// load's writes are on disk before anything is timed; SQLite gets a WAL checkpoint and no ANALYZE (the store
// never runs it, so a district hub has no statistics either).
//
// Thread-safety: one call at a time per database. Errors: the first failure of any table's load.
#pragma once

#include <string>

#include "kiosk/core/status.h"
#include "tests/bench/city_data.h"

namespace lk::bench {

struct CityLoad {
  CityFacts facts;
  double load_s = 0;     // generating and writing every row
  double analyze_s = 0;  // PostgreSQL's VACUUM ANALYZE and CHECKPOINT
};

Result<CityLoad> LoadCityIntoPostgres(const std::string& uri, const CityShape& shape, TimeMs now);
Result<CityLoad> LoadCityIntoSqlite(const std::string& path, const CityShape& shape, TimeMs now);

}  // namespace lk::bench
