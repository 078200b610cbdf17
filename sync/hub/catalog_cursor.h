// Catalogue feed cursors and ETags (sync/PROTOCOL.md §4).
//
// A cursor is "1.<epoch>.<seq>": the centre's random epoch and the last change sequence number the client
// has applied. Clients treat it as opaque. A cursor that does not parse, comes from another epoch (another
// centre or a rebuilt hub database), is ahead of the feed, or is older than the tombstone horizon is
// answered with a full resync. Stateless functions: thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sync/hub/hub_store.h"

namespace lk::hub {

std::string EncodeCursor(const std::string& epoch, int64_t seq);
// The sequence number to continue after, or nullopt when the client needs a full resync.
std::optional<int64_t> DecodeCursor(std::string_view cursor, const CatalogState& state);

// A strong ETag for the answer to (since, limit) given the feed state: changes whenever the answer may.
std::string CatalogEtag(const CatalogState& state, std::string_view since, size_t limit);
// True when an If-None-Match header value lists `etag` (or is "*").
bool IfNoneMatchHits(std::string_view if_none_match, std::string_view etag);

}  // namespace lk::hub
