// Console load for the benchmarks: the hub console's pages requested one at a time over HTTP by a
// logged-in user of each role, against real learning-hub processes on a generated city or district
// (city_data.h). Districts are assigned to the generated centres first (16, round robin), and one
// account per role is made in the store.
//
// Not thread-safe; runs on the caller's thread. Borrows the store.
#pragma once

#include <map>
#include <random>
#include <string>
#include <vector>

#include "kiosk/core/status.h"
#include "sync/hub/hub_store.h"
#include "tests/bench/city_data.h"
#include "tests/bench/kiosk_load.h"

namespace lk::bench {

// Page label ("today as city", "centre as centre", ...) -> each request's time in ms, client side
// over loopback (the hub's time plus one local round trip).
using ConsoleTimes = std::map<std::string, std::vector<double>>;

Result<ConsoleTimes> MeasureConsole(const std::vector<KioskEndpoint>& endpoints, hub::HubStore& store,
                                    const CityFacts& facts, int requests_per_page, std::mt19937_64& rng);

}  // namespace lk::bench
