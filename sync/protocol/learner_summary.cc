#include "sync/protocol/learner_summary.h"

#include <nlohmann/json.hpp>

#include "kiosk/core/time_zone.h"
#include "sync/protocol/protocol.h"

namespace lk::sync {

using nlohmann::json;

std::string LearnerSummaryToJson(const LearnerSummary& s) {
  json centres = json::array();
  for (const auto& c : s.centres) {
    centres.push_back({{"centre_id", c.centre_id},
                       {"centre_name", {{"zh", c.centre_name.zh}, {"en", c.centre_name.en}}},
                       {"checkins", c.checkins},
                       {"credit_hours", c.credit_hours}});
  }
  json j = {{"learner_id", s.learner_id},    {"year", s.year},
            {"checkins", s.checkins},        {"credit_hours", s.credit_hours},
            {"centres", std::move(centres)}, {"as_of", FormatRfc3339Utc(s.as_of)}};
  if (!s.record_url.empty()) j["record_url"] = s.record_url;
  return DumpJson(j);
}

Result<LearnerSummary> ParseLearnerSummary(std::string_view body) {
  json j = json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Status::InvalidArgument("learner summary: not a JSON object");
  LearnerSummary s;
  try {
    s.learner_id = j.at("learner_id").get<std::string>();
    LK_ASSIGN_OR_RETURN(s.year, IntegerAt(j, "year", 0, 9999));
    LK_ASSIGN_OR_RETURN(s.checkins, IntegerAt(j, "checkins", 0));
    s.credit_hours = j.at("credit_hours").get<double>();
    LK_ASSIGN_OR_RETURN(s.as_of, ParseRfc3339(j.at("as_of").get<std::string>()));
    for (const auto& c : j.at("centres")) {
      CentreCredit cc;
      cc.centre_id = c.at("centre_id").get<std::string>();
      cc.centre_name.zh = c.at("centre_name").value("zh", "");
      cc.centre_name.en = c.at("centre_name").value("en", "");
      LK_ASSIGN_OR_RETURN(cc.checkins, IntegerAt(c, "checkins", 0));
      cc.credit_hours = c.at("credit_hours").get<double>();
      s.centres.push_back(std::move(cc));
    }
    if (j.contains("record_url")) {
      s.record_url = j.at("record_url").get<std::string>();
      if (s.record_url.size() > kMaxRecordUrlBytes || s.record_url.rfind("http", 0) != 0) {
        return Status::InvalidArgument("learner summary: record_url is not an http(s) URL of at most 1024 bytes");
      }
    }
  } catch (const json::exception& e) {
    return Status::InvalidArgument(std::string("learner summary: ") + e.what());
  }
  return s;
}

}  // namespace lk::sync
