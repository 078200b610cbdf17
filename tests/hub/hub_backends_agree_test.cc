// Differential test of the two hub backends: the same random stream of pushes (new check-ins, voids and
// corrections in any order and across batches, exact duplicates, conflicting copies, resends of earlier
// batches by the same or another kiosk, unknown sessions, full sessions, another centre's ids) goes to
// a SqliteHubStore and a PgHubStore. Every answer must be the same, and so must everything people read
// afterwards: reports, session summaries, learner summaries, the device list, and the console's views
// (check-ins per day, sessions, rosters, attendance per course, devices by scope). This is the "same
// behaviour byte for byte" of the two backends at the level of the HubStore interface (the HTTP suites
// run on both backends for the rest).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>

#include "kiosk/core/time_zone.h"
#include "kiosk/core/uuid.h"
#include "sync/hub/console_store.h"
#include "sync/hub/credentials.h"
#include "sync/hub/pg_hub_store.h"
#include "sync/hub/report_writer.h"
#include "sync/hub/sqlite_hub_store.h"
#include "sync/protocol/attendance_messages.h"
#include "tests/testing/postgres_cluster.h"
#include "tests/testing/test_util.h"

namespace lk::hub {
namespace {

constexpr TimeMs kNow = 1795000000000;

Catalog MakeCatalog(const std::string& centre) {
  Catalog c;
  c.version = "v1";
  c.centre = {centre, {"中心" + centre, "Centre " + centre}, "Asia/Shanghai"};
  c.categories = {{"cat", {"书法", "Calligraphy"}, 1}};
  c.courses = {{"course-1", "cat", {"楷书", "Kaishu"}, {}, {}, 1.5}, {"course-2", "cat", {"行书", "Xingshu"}, {}, {}, 2.0}};
  c.sessions = {{"s-1", "course-1", kNow, kNow + kMsPerHour, {}, 2},
                {"s-2", "course-2", kNow + kMsPerHour, kNow + 2 * kMsPerHour, {}, 3},
                {"s-3", "course-1", kNow + kMsPerDay, kNow + kMsPerDay + kMsPerHour, {}, 0},
                {"s-4", "course-2", kNow + 2 * kMsPerDay, kNow + 2 * kMsPerDay + kMsPerHour, {}, 1}};
  return c;
}

// Everything the console's pages read, for centre a's district and for each scope, as text.
std::string ConsoleViews(HubStore& store, const TimeZone& zone) {
  ConsoleStore& console = store.Console();
  const TimeMs from = kNow - kMsPerDay, to = kNow + 3 * kMsPerDay;
  std::string out;
  for (const CentreFilter& filter :
       {CentreFilter::All(), CentreFilter::District("d-a"), CentreFilter::OneCentre("b")}) {
    auto days = console.CheckinsPerDay(filter, from, to, 8 * kMsPerHour);
    auto totals = console.DailyCheckins(filter, from, to, 8 * kMsPerHour);
    auto sessions = console.Sessions(filter, from, to);
    auto running = console.SessionsRunning(filter, kNow + kMsPerHour);
    auto devices = console.ListDevices(filter);
    if (!days.ok() || !totals.ok() || !sessions.ok() || !running.ok() || !devices.ok()) return "a view failed";
    for (const DayCount& d : *days) {
      out += d.centre_id + " " + std::to_string(d.day_start) + " " + std::to_string(d.checkins) + "\n";
    }
    for (const DayTotal& d : *totals) out += "all " + std::to_string(d.day_start) + " " + std::to_string(d.checkins) + "\n";
    for (const auto* rows : {&*sessions, &*running}) {
      std::vector<SessionSummary> summaries;
      for (const ConsoleSessionRow& row : *rows) {
        out += row.centre_id + " ";
        summaries.push_back(row.summary);
      }
      out += FormatReportSummary(summaries, zone, ReportFormat::kJson);
    }
    out += FormatDevices(*devices, kNow + kMsPerDay, /*json=*/true);
  }
  for (const std::string centre : {"a", "b"}) {
    auto courses = console.AttendanceByCourse(centre, from, to);
    if (!courses.ok()) return "AttendanceByCourse failed";
    for (const CourseAttendance& c : *courses) {
      out += c.course_id + " " + c.category_id + " " + c.category_name.en + " " + std::to_string(c.checkins) + " " +
             std::to_string(c.learners) + " " + std::to_string(c.credit_hours) + "\n";
    }
    for (const std::string session : {"s-1", "s-2", "s-3", "s-4"}) {
      auto roster = console.SessionRoster(centre, session);
      if (!roster.ok()) return "SessionRoster failed";
      out += FormatReport(*roster, zone, ReportFormat::kJson);
    }
  }
  return out;
}

struct SentBatch {
  DeviceIdentity device;
  sync::ParsedBatch batch;
};

class HubBackendsAgreeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto sqlite = SqliteHubStore::Open(dir_.File("hub.db"));
    ASSERT_TRUE(sqlite.ok()) << sqlite.status().ToString();
    auto uri = testing::PostgresCluster::Shared().CreateDatabase("backends_agree");
    ASSERT_TRUE(uri.ok()) << uri.status().ToString();
    auto pg = PgHubStore::Open(*uri, 4);
    ASSERT_TRUE(pg.ok()) << pg.status().ToString();
    stores_ = {sqlite->release(), pg->release()};
    for (const std::string centre : {"a", "b"}) {
      Catalog catalog = MakeCatalog(centre);
      ForBoth([&](HubStore& s) {
        ASSERT_TRUE(s.AddCentre(catalog.centre, kNow).ok());
        ASSERT_TRUE(s.ImportCatalog(centre, catalog, kNow, kMsPerDay).ok());
      });
    }
    devices_ = {{"dev-1", "a", false}, {"dev-2", "a", false}, {"dev-3", "b", false}};
    for (const auto& d : devices_) {
      std::string code = NewEnrollCode();
      sync::EnrollRequest request;
      request.device_name = d.device_id;
      request.app_version = "1.0";
      ForBoth([&](HubStore& s) {
        ASSERT_TRUE(s.AddEnrollCode(d.centre_id, HashEnrollCode(code), kNow, kNow + kMsPerHour).ok());
        ASSERT_TRUE(s.Enroll(HashEnrollCode(code), d.device_id, HashToken(d.device_id), request, kNow).ok());
      });
    }
  }

  // The console's views agree on both backends (centre a in district d-a).
  void ExpectTheConsoleViewsAgree(const TimeZone& zone) {
    std::vector<std::string> views;
    ForBoth([&](HubStore& s) {
      ASSERT_TRUE(s.Console().SetCentreDistrict("a", "d-a").ok());
      views.push_back(ConsoleViews(s, zone));
    });
    ASSERT_EQ(views.size(), 2u);
    EXPECT_EQ(views[0], views[1]);
    EXPECT_NE(views[0].find("\"checkins\""), std::string::npos) << views[0];
  }

  void TearDown() override {
    for (HubStore* s : stores_) delete s;
  }

  template <typename Fn>
  void ForBoth(Fn&& fn) {
    for (HubStore* s : stores_) fn(*s);
  }

  AttendanceRecord NewRecord(std::mt19937& rng, TimeMs at) {
    static const char* kSessions[] = {"s-1", "s-2", "s-3", "s-4", "s-404"};
    AttendanceRecord r;
    r.id = NewUuid7(at);
    r.kind = RecordKind::kCheckIn;
    r.learner_id = "L-" + std::to_string(rng() % 6);
    r.session_id = kSessions[rng() % 10 < 9 ? rng() % 4 : 4];
    r.recorded_at = at;
    r.seq = int64_t(rng() % 1000);
    return r;
  }

  // One batch of 1..12 records mixing every kind of record the hub must answer.
  sync::ParsedBatch NextBatch(std::mt19937& rng, TimeMs at) {
    sync::ParsedBatch batch;
    batch.batch_id = NewUuid7(at);
    int n = 1 + int(rng() % 12);
    for (int i = 0; i < n; ++i) {
      AttendanceRecord r;
      int pick = int(rng() % 100);
      if (pick < 45 || sent_.empty()) {
        r = NewRecord(rng, at);
      } else {
        const AttendanceRecord& earlier = sent_[rng() % sent_.size()];
        if (pick < 65) {  // a void or correction of an earlier record (maybe another centre's)
          r = NewRecord(rng, at);
          r.kind = pick < 55 ? RecordKind::kVoid : RecordKind::kCorrection;
          r.refers_to = earlier.id;
          r.reason = "staff";
          if (r.kind == RecordKind::kVoid) r.session_id = earlier.session_id, r.learner_id = earlier.learner_id;
        } else if (pick < 80) {
          r = earlier;  // an exact duplicate
        } else if (pick < 90) {
          r = earlier;  // a different record under a taken id
          r.learner_id = "L-" + std::to_string(rng() % 6) + "x";
        } else {
          r = NewRecord(rng, at);  // a void of a record still to come, in the same batch
          AttendanceRecord later = NewRecord(rng, at);
          r.kind = RecordKind::kVoid;
          r.refers_to = later.id;
          r.session_id = later.session_id;
          r.learner_id = later.learner_id;
          r.reason = "early";
          batch.records.push_back({r.id, r, "", ""});
          r = later;
        }
      }
      sent_.push_back(r);
      batch.records.push_back({r.id, r, "", ""});
    }
    return batch;
  }

  testing::TempDir dir_;
  std::vector<HubStore*> stores_;
  std::vector<DeviceIdentity> devices_;
  std::vector<AttendanceRecord> sent_;
};

// The count of check-ins ingest keeps on each session equals a recount from the session's records: the
// distinct learners of check-ins and corrections that no later record voided or replaced.
void ExpectCountsMatchTheRecords(HubStore& store, const std::string& centre) {
  auto rows = store.Report(centre, kNow - kMsPerDay, kNow + 3 * kMsPerDay);
  auto summary = store.ReportSummary(centre, kNow - kMsPerDay, kNow + 3 * kMsPerDay);
  ASSERT_TRUE(rows.ok() && summary.ok());
  std::map<std::string, std::set<std::string>> learners;
  for (const ReportRow& row : *rows) {
    const bool undone = std::find(row.flags.begin(), row.flags.end(), "voided") != row.flags.end() ||
                        std::find(row.flags.begin(), row.flags.end(), "replaced") != row.flags.end();
    if (row.record.kind != RecordKind::kVoid && !undone) learners[row.session_id].insert(row.record.learner_id);
  }
  int64_t counted = 0;
  for (const SessionSummary& session : *summary) {
    EXPECT_EQ(session.checkins, int64_t(learners[session.session_id].size())) << centre << " " << session.session_id;
    counted += session.checkins;
  }
  EXPECT_GT(counted, 0) << centre;
}

TEST_F(HubBackendsAgreeTest, TheSameRandomPushesGetTheSameAnswersAndReports) {
  std::mt19937 rng(20261203);
  std::vector<SentBatch> history;
  for (int round = 0; round < 150; ++round) {
    TimeMs at = kNow + round * 1000;
    SentBatch next;
    if (!history.empty() && rng() % 8 == 0) {
      next = history[rng() % history.size()];  // a resend: same batch id, maybe from another kiosk
      if (rng() % 2) next.device = devices_[rng() % devices_.size()];
    } else {
      next = {devices_[rng() % devices_.size()], NextBatch(rng, at)};
    }
    std::vector<std::string> answers;
    ForBoth([&](HubStore& s) {
      auto response = s.PushBatch(next.device, next.batch, at);
      ASSERT_TRUE(response.ok()) << response.status().ToString();
      answers.push_back(sync::BatchResponseToJson(*response));
    });
    ASSERT_EQ(answers[0], answers[1]) << "round " << round << " (SQLite first, PostgreSQL second)";
    history.push_back(next);
  }

  auto zone = TimeZone::Load("Asia/Shanghai");
  ASSERT_TRUE(zone.ok());
  for (const std::string centre : {"a", "b"}) {
    std::vector<std::string> reports;
    ForBoth([&](HubStore& s) {
      auto rows = s.Report(centre, kNow - kMsPerDay, kNow + 3 * kMsPerDay);
      auto summary = s.ReportSummary(centre, kNow - kMsPerDay, kNow + 3 * kMsPerDay);
      ASSERT_TRUE(rows.ok() && summary.ok());
      reports.push_back(FormatReport(*rows, *zone, ReportFormat::kJson) +
                        FormatReportSummary(*summary, *zone, ReportFormat::kJson));
    });
    EXPECT_EQ(reports[0], reports[1]) << "centre " << centre;
    EXPECT_NE(reports[0].find("voided"), std::string::npos) << "the stream should exercise voids";
    ForBoth([&](HubStore& s) { ExpectCountsMatchTheRecords(s, centre); });
  }
  for (int learner = 0; learner < 6; ++learner) {
    std::string id = "L-" + std::to_string(learner);
    std::vector<std::string> summaries;
    ForBoth([&](HubStore& s) {
      auto summary = s.LearnerSummary(id, kNow - kMsPerDay, kNow + 3 * kMsPerDay);
      ASSERT_TRUE(summary.ok());
      summaries.push_back(sync::LearnerSummaryToJson(*summary));
      auto known = s.LearnerKnownAt("b", id);
      ASSERT_TRUE(known.ok());
      summaries.back() += *known ? " known at b" : "";
    });
    EXPECT_EQ(summaries[0], summaries[1]) << id;
  }
  // The credit journal: the same entries in the same order (cursors differ: PostgreSQL's carry a
  // transaction id), and each learner's credits minus withdrawals are what the summary says.
  std::vector<std::string> journals;
  ForBoth([&](HubStore& s) {
    auto page = s.CreditChanges({}, 1'000'000);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    std::string text;
    std::map<std::string, double> balance;
    for (const CreditChange& c : page->changes) {
      text += std::to_string(c.entry) + " " + std::to_string(c.change) + " " + c.learner_id + " " + c.centre_id + " " +
              c.session_id + " " + FormatHours(c.credit_hours) + " " + c.record_id + "\n";
      balance[c.learner_id] += c.change * c.credit_hours;
    }
    journals.push_back(text);
    for (const auto& [learner, hours] : balance) {
      auto summary = s.LearnerSummary(learner, kNow - kMsPerDay, kNow + 3 * kMsPerDay);
      ASSERT_TRUE(summary.ok());
      EXPECT_NEAR(hours, summary->credit_hours, 1e-9) << learner;
    }
  });
  EXPECT_EQ(journals[0], journals[1]);
  EXPECT_NE(journals[0].find(" -1 "), std::string::npos) << "the stream should withdraw some credit";
  std::vector<std::string> devices;
  ForBoth([&](HubStore& s) {
    auto list = s.ListDevices();
    ASSERT_TRUE(list.ok());
    devices.push_back(FormatDevices(*list, kNow + kMsPerDay, /*json=*/true));
  });
  EXPECT_EQ(devices[0], devices[1]);
  ExpectTheConsoleViewsAgree(*zone);
}

}  // namespace
}  // namespace lk::hub
