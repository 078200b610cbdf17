// Every other protocol parser (sync/protocol): the first byte picks the parser, the rest is the body.
// Bodies come from the network on both sides (the kiosk parses the hub's replies, which a captive
// portal or an attacker between them may forge), so none may crash, throw or accept garbage silently;
// whatever parses must serialize and parse back to the same thing.
#include <string>

#include "sync/protocol/attendance_messages.h"
#include "sync/protocol/catalog_messages.h"
#include "sync/protocol/device_messages.h"
#include "sync/protocol/learner_summary.h"
#include "sync/protocol/protocol.h"
#include "tests/fuzz/fuzz_common.h"

using namespace lk::sync;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view body = AsView(data + 1, size - 1);
  switch (data[0] % 11) {
    case 0: {
      auto r = ParseBatchResponse(body);
      if (r.ok()) {
        auto back = ParseBatchResponse(BatchResponseToJson(*r));
        LK_FUZZ_CHECK(back.ok() && back->results == r->results && back->batch_id == r->batch_id,
                      "batch response round trip");
      }
      break;
    }
    case 1: {
      auto page = ParseCatalogPage(body);
      if (page.ok()) {
        auto back = ParseCatalogPage(CatalogPageToJson(*page));
        LK_FUZZ_CHECK(back.ok() && back->items.size() == page->items.size() &&
                          back->next_cursor == page->next_cursor && back->has_more == page->has_more,
                      "catalogue page round trip");
        // The kiosk applies pages and builds the catalogue it will show: must not crash either way.
        CatalogAccumulator acc;
        acc.Apply(*page);
        auto built = acc.Build();
        (void)built;
      }
      break;
    }
    case 2: {
      auto r = ParseEnrollRequest(body);
      if (r.ok()) {
        auto back = ParseEnrollRequest(EnrollRequestToJson(*r));
        LK_FUZZ_CHECK(back.ok() && back->code == r->code && back->device_name == r->device_name,
                      "enrol request round trip");
      }
      break;
    }
    case 3: {
      auto r = ParseEnrollResponse(body);
      if (r.ok()) {
        auto back = ParseEnrollResponse(EnrollResponseToJson(*r));
        LK_FUZZ_CHECK(back.ok() && back->token == r->token && back->centre == r->centre, "enrol response round trip");
      }
      break;
    }
    case 4: {
      auto r = ParseHeartbeatRequest(body);
      if (r.ok()) {
        auto back = ParseHeartbeatRequest(HeartbeatRequestToJson(*r));
        LK_FUZZ_CHECK(back.ok() && back->queue_depth == r->queue_depth && back->kiosk_time == r->kiosk_time,
                      "heartbeat request round trip");
      }
      break;
    }
    case 5: {
      auto r = ParseHeartbeatResponse(body);
      if (r.ok()) {
        auto back = ParseHeartbeatResponse(HeartbeatResponseToJson(*r));
        LK_FUZZ_CHECK(back.ok() && back->server_time == r->server_time, "heartbeat response round trip");
      }
      break;
    }
    case 6: {
      auto r = ParseLearnerSummary(body);
      if (r.ok()) {
        auto back = ParseLearnerSummary(LearnerSummaryToJson(*r));
        LK_FUZZ_CHECK(back.ok() && back->learner_id == r->learner_id && back->checkins == r->checkins &&
                          back->centres.size() == r->centres.size(),
                      "learner summary round trip");
      }
      break;
    }
    case 7: {
      auto e = ParseErrorBody(body);
      if (e) {
        auto back = ParseErrorBody(ErrorBodyToJson(*e));
        LK_FUZZ_CHECK(back && back->code == e->code && back->message == e->message, "error body round trip");
      }
      break;
    }
    case 8: {
      auto v = ParseProtocolVersion(body);
      LK_FUZZ_CHECK(!v || (*v >= 1 && *v <= 9999), "protocol version %d", *v);
      break;
    }
    case 9: {
      if (IsValidId(body)) {
        LK_FUZZ_CHECK(!body.empty() && body.size() <= kMaxIdBytes, "id of %zu bytes accepted", body.size());
        LK_FUZZ_CHECK(body.find('"') == std::string_view::npos && body.find('\\') == std::string_view::npos,
                      "quote or backslash accepted in an id");
      }
      break;
    }
    case 10: {
      auto j = nlohmann::json::parse(body, nullptr, false);
      if (!j.is_discarded()) {
        ParsedRecord p = ParseRecordJson(j);
        LK_FUZZ_CHECK(p.record.has_value() != !p.reject_reason.empty(), "record both valid and rejected");
        auto item = ParseCatalogItemJson(j);
        if (item.ok()) {
          auto back = ParseCatalogItemJson(CatalogItemToJson(*item));
          LK_FUZZ_CHECK(back.ok() && back->id == item->id && back->deleted == item->deleted, "item round trip");
        }
        auto centre = ParseCentreJson(j);
        if (centre.ok()) {
          auto back = ParseCentreJson(CentreToJson(*centre));
          LK_FUZZ_CHECK(back.ok() && *back == *centre, "centre round trip");
        }
      }
      break;
    }
  }
  return 0;
}
