// Unit tests of the hub console's storage (console_store.h) through HubStore::Console(), on the database
// LK_HUB_BACKEND names (HubTestDb: ctest runs them on SQLite and on PostgreSQL): accounts and their
// lockout counters, login sessions, the audit log, centres' districts and scopes, and the pages' views
// over batches pushed through the store's own PushBatch (the ingest the server runs).
#include <gtest/gtest.h>

#include <algorithm>

#include "kiosk/core/uuid.h"
#include "sync/hub/console/daily_totals_cache.h"
#include "sync/hub/console_store.h"
#include "sync/hub/credentials.h"
#include "sync/hub/hub_store_open.h"
#include "sync/hub/settled_checkins.h"
#include "tests/testing/hub_test_db.h"

namespace lk::hub {
namespace {

constexpr TimeMs kOffset = 8 * kMsPerHour;  // Asia/Shanghai
// A local midnight (as UTC ms) and the one before it.
constexpr TimeMs kMidnight = (1795000000000 + kOffset) / kMsPerDay * kMsPerDay - kOffset;
constexpr TimeMs kDayBefore = kMidnight - kMsPerDay;
constexpr TimeMs kNow = kMidnight + 10 * kMsPerHour;  // 10:00 local

Session MakeSession(const std::string& id, const std::string& course, TimeMs start, TimeMs length = kMsPerHour) {
  return {id, course, start, start + length, {}, 0};
}

// Centre a's catalogue: s-late starts 23:30 the day before, s-early 00:30, s-run runs 09:00-11:00 and
// s-2 10:00-11:00.
Catalog CatalogA() {
  Catalog c;
  c.version = "v1";
  c.centre = {"a", {"甲", "A"}, "Asia/Shanghai"};
  c.categories = {{"cat", {"书法", "Calligraphy"}, 1}, {"cat2", {"舞蹈", "Dance"}, 2}};
  c.courses = {{"course-1", "cat", {"楷书", "Kaishu"}, {}, {}, 2.0},
               {"course-2", "cat2", {"民族舞", "Folk dance"}, {}, {}, 1.5}};
  c.sessions = {MakeSession("s-late", "course-1", kMidnight - 30 * kMsPerMinute),
                MakeSession("s-early", "course-1", kMidnight + 30 * kMsPerMinute),
                MakeSession("s-run", "course-1", kMidnight + 9 * kMsPerHour, 2 * kMsPerHour),
                MakeSession("s-2", "course-2", kMidnight + 10 * kMsPerHour)};
  return c;
}

Catalog CatalogB() {
  Catalog c;
  c.version = "v1";
  c.centre = {"b", {"乙", "B"}, "Asia/Shanghai"};
  c.categories = {{"cat", {"书法", "Calligraphy"}, 1}};
  c.courses = {{"course-1", "cat", {"楷书", "Kaishu"}, {}, {}, 1.0}};
  c.sessions = {MakeSession("b-1", "course-1", kMidnight + 10 * kMsPerHour)};
  return c;
}

ConsoleUser User(const std::string& login, ConsoleRole role, std::string district = "", std::string centre = "") {
  return {login, role, std::move(district), std::move(centre), false, 0};
}

ConsoleSession LoginSession(const std::string& token_hash, const std::string& login, TimeMs expires_at) {
  return {token_hash, login, "csrf-" + token_hash, "10.0.0.7", kNow, kNow, expires_at};
}

AuditFilter ByLoginAndAction(const std::string& login, const std::string& action_prefix) {
  AuditFilter filter;
  filter.login = login;
  filter.action_prefix = action_prefix;
  return filter;
}

std::vector<std::string> DevicesAt(const std::vector<DeviceInfo>& devices) {
  std::vector<std::string> out;
  for (const auto& d : devices) out.push_back(d.device_id + "@" + d.centre_id);
  return out;
}

class ConsoleStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = OpenHubStore(db_.uri());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
    for (const Catalog& catalog : {CatalogA(), CatalogB()}) {
      ASSERT_TRUE(store_->AddCentre(catalog.centre, kDayBefore).ok());
      ASSERT_TRUE(store_->ImportCatalog(catalog.centre.id, catalog, kDayBefore, kMsPerDay).ok());
    }
    ASSERT_TRUE(store_->AddCentre({"c", {"丙", "C"}, "Asia/Shanghai"}, kDayBefore).ok());
    ASSERT_TRUE(console().SetCentreDistrict("a", "东城").ok());
    ASSERT_TRUE(console().SetCentreDistrict("b", "西城").ok());
  }

  ConsoleStore& console() { return store_->Console(); }

  // Enrols `device_id` at `centre`; its identity for pushes.
  DeviceIdentity Enrol(const std::string& device_id, const std::string& centre) {
    std::string code = NewEnrollCode();
    EXPECT_TRUE(store_->AddEnrollCode(centre, HashEnrollCode(code), kDayBefore, kNow).ok());
    EXPECT_TRUE(store_->Enroll(HashEnrollCode(code), device_id, HashToken(device_id), {"", device_id, "1.0"},
                               kDayBefore).ok());
    return {device_id, centre, false};
  }

  AttendanceRecord Record(RecordKind kind, const std::string& learner, const std::string& session,
                          const std::string& refers_to = "") {
    AttendanceRecord r;
    r.id = NewUuid7(kNow);
    r.kind = kind;
    r.learner_id = learner;
    r.session_id = session;
    r.recorded_at = kNow;
    r.refers_to = refers_to;
    if (kind != RecordKind::kCheckIn) r.source = RecordSource::kStaff, r.reason = "staff";
    return r;
  }
  AttendanceRecord Checkin(const std::string& learner, const std::string& session) {
    return Record(RecordKind::kCheckIn, learner, session);
  }

  // Pushes `records` as one batch the hub receives at `now`.
  void Push(const DeviceIdentity& device, const std::vector<AttendanceRecord>& records, TimeMs now = kNow) {
    sync::ParsedBatch batch;
    batch.batch_id = NewUuid7(now);
    for (const auto& r : records) batch.records.push_back({r.id, r, "", ""});
    auto response = store_->PushBatch(device, batch, now);
    ASSERT_TRUE(response.ok()) << response.status().ToString();
    for (const auto& result : response->results) {
      ASSERT_EQ(result.outcome, sync::RecordOutcome::kAccepted) << result.id << ": " << result.message;
    }
  }

  // Effective check-ins: s-late L-1, L-2; s-early L-1 (L-1 twice; L-3 voided; L-2 moved to s-2);
  // s-2 L-2 (the correction), L-4; s-run L-5; b-1 L-1.
  void PushAttendance() {
    DeviceIdentity a = Enrol("dev-a", "a"), b = Enrol("dev-b", "b");
    l2_early_ = Checkin("L-2", "s-early");
    l3_early_ = Checkin("L-3", "s-early");
    Push(a, {Checkin("L-1", "s-late"), Checkin("L-2", "s-late"), Checkin("L-1", "s-early"),
             Checkin("L-1", "s-early"), l2_early_, l3_early_});
    void_ = Record(RecordKind::kVoid, "L-3", "s-early", l3_early_.id);
    correction_ = Record(RecordKind::kCorrection, "L-2", "s-2", l2_early_.id);
    Push(a, {void_, correction_, Checkin("L-4", "s-2"), Checkin("L-5", "s-run")});
    Push(b, {Checkin("L-1", "b-1")});
  }

  testing::HubTestDb db_;
  std::unique_ptr<HubStore> store_;
  AttendanceRecord l2_early_, l3_early_, void_, correction_;
};

TEST_F(ConsoleStoreTest, UsersAreAddedOnceAndListedByLogin) {
  ASSERT_TRUE(console().AddUser(User("zhang", ConsoleRole::kDistrict, "东城"), "$argon2id$z", kNow).ok());
  ASSERT_TRUE(console().AddUser(User("admin", ConsoleRole::kCity), "$argon2id$a", kNow + 1).ok());
  ASSERT_TRUE(console().AddUser(User("desk", ConsoleRole::kCentre, "", "a"), "$argon2id$d", kNow + 2).ok());
  EXPECT_EQ(console().AddUser(User("zhang", ConsoleRole::kCity), "$argon2id$x", kNow).code(),
            StatusCode::kAlreadyExists);

  auto users = console().ListUsers();
  ASSERT_TRUE(users.ok()) << users.status().ToString();
  ASSERT_EQ(users->size(), 3u);
  EXPECT_EQ((*users)[0].login, "admin");
  EXPECT_EQ((*users)[0].role, ConsoleRole::kCity);
  EXPECT_EQ((*users)[1].login, "desk");
  EXPECT_EQ((*users)[1].centre_id, "a");
  EXPECT_EQ((*users)[2].login, "zhang");
  EXPECT_EQ((*users)[2].role, ConsoleRole::kDistrict) << "the duplicate changed nothing";
  EXPECT_EQ((*users)[2].district, "东城");
  EXPECT_EQ((*users)[2].created_at, kNow);

  auto state = console().GetLoginState("zhang");
  ASSERT_TRUE(state.ok());
  EXPECT_EQ(state->password_hash, "$argon2id$z");
  EXPECT_EQ(state->failed_attempts, 0);
  EXPECT_EQ(state->locked_until, 0);
  EXPECT_EQ(console().GetLoginState("nobody").status().code(), StatusCode::kNotFound);
}

TEST_F(ConsoleStoreTest, LoginAttemptsCountUpAndLockoutsAreKept) {
  ASSERT_TRUE(console().AddUser(User("zhang", ConsoleRole::kCity), "$argon2id$z", kNow).ok());
  auto first = console().CountLoginAttempt("zhang");
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->failed_attempts, 1);
  EXPECT_EQ(first->password_hash, "$argon2id$z");
  EXPECT_EQ(console().CountLoginAttempt("zhang")->failed_attempts, 2);
  EXPECT_EQ(console().GetLoginState("zhang")->failed_attempts, 2);

  ASSERT_TRUE(console().SetLockout("zhang", 0, 1, kNow + kMsPerMinute).ok());
  auto locked = console().GetLoginState("zhang");
  ASSERT_TRUE(locked.ok());
  EXPECT_EQ(locked->failed_attempts, 0);
  EXPECT_EQ(locked->lockout_rounds, 1);
  EXPECT_EQ(locked->locked_until, kNow + kMsPerMinute);
  EXPECT_EQ(console().CountLoginAttempt("zhang")->lockout_rounds, 1);

  EXPECT_EQ(console().CountLoginAttempt("nobody").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(console().SetLockout("nobody", 0, 0, 0).code(), StatusCode::kNotFound);
}

TEST_F(ConsoleStoreTest, LoginSessionsLiveUntilDeletedOrExpired) {
  ASSERT_TRUE(console().AddUser(User("zhang", ConsoleRole::kCity), "h", kNow).ok());
  ASSERT_TRUE(console().CreateSession(LoginSession("t1", "zhang", kNow + kMsPerHour)).ok());
  ASSERT_TRUE(console().CreateSession(LoginSession("t2", "zhang", kNow + 2 * kMsPerHour)).ok());
  EXPECT_EQ(console().CreateSession(LoginSession("t1", "zhang", kNow)).code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(console().CreateSession(LoginSession("t3", "nobody", kNow)).code(), StatusCode::kNotFound);

  auto got = console().GetSession("t1");
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->login, "zhang");
  EXPECT_EQ(got->csrf_token, "csrf-t1");
  EXPECT_EQ(got->address, "10.0.0.7");
  EXPECT_EQ(got->created_at, kNow);
  EXPECT_EQ(got->expires_at, kNow + kMsPerHour);

  ASSERT_TRUE(console().TouchSession("t1", kNow + 5000).ok());
  EXPECT_EQ(console().GetSession("t1")->last_seen_at, kNow + 5000);
  EXPECT_EQ(console().GetSession("t1")->created_at, kNow);
  EXPECT_EQ(console().TouchSession("t9", kNow).code(), StatusCode::kNotFound);

  ASSERT_TRUE(console().DeleteSession("t1").ok());
  EXPECT_EQ(console().GetSession("t1").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(console().DeleteSession("t1").code(), StatusCode::kNotFound);

  ASSERT_TRUE(console().CreateSession(LoginSession("t4", "zhang", kNow + 30 * kMsPerMinute)).ok());
  auto dropped = console().DeleteExpiredSessions(kNow + kMsPerHour);  // t4 expired; t2 not yet
  ASSERT_TRUE(dropped.ok()) << dropped.status().ToString();
  EXPECT_EQ(*dropped, 1);
  EXPECT_EQ(console().GetSession("t4").status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(console().GetSession("t2").ok());
  EXPECT_EQ(*console().DeleteExpiredSessions(kNow + kMsPerHour), 0);
}

TEST_F(ConsoleStoreTest, DisablingAUserEndsItsSessionsOnly) {
  ASSERT_TRUE(console().AddUser(User("zhang", ConsoleRole::kCity), "h", kNow).ok());
  ASSERT_TRUE(console().AddUser(User("li", ConsoleRole::kCity), "h", kNow).ok());
  ASSERT_TRUE(console().CreateSession(LoginSession("z1", "zhang", kNow + kMsPerHour)).ok());
  ASSERT_TRUE(console().CreateSession(LoginSession("z2", "zhang", kNow + kMsPerHour)).ok());
  ASSERT_TRUE(console().CreateSession(LoginSession("l1", "li", kNow + kMsPerHour)).ok());

  ASSERT_TRUE(console().SetUserDisabled("zhang", true).ok());
  EXPECT_TRUE(console().GetLoginState("zhang")->user.disabled);
  EXPECT_EQ(console().GetSession("z1").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(console().GetSession("z2").status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(console().GetSession("l1").ok());
  EXPECT_FALSE(console().GetLoginState("li")->user.disabled);

  ASSERT_TRUE(console().SetUserDisabled("zhang", false).ok());
  EXPECT_FALSE(console().ListUsers()->at(1).disabled);
  EXPECT_EQ(console().SetUserDisabled("nobody", true).code(), StatusCode::kNotFound);
}

TEST_F(ConsoleStoreTest, TheAuditLogListsNewestFirstByFilterAndPage) {
  struct Event {
    const char* login;
    const char* action;
  };
  const Event events[] = {{"", "console.login_failed"}, {"zhang", "console.login"},  {"zhang", "device.revoke"},
                          {"li", "device.revoke"},      {"zhang", "learner.reveal"}, {"li", "console.loginXfailed"},
                          {"zhang", "device.revoke"},   {"li", "catalog.import"}};
  std::vector<int64_t> ids;
  for (size_t i = 0; i < std::size(events); ++i) {
    auto id = console().AppendAudit({0, kNow + TimeMs(i) * 1000, events[i].login, events[i].action,
                                     "target-" + std::to_string(i), "detail " + std::to_string(i), "10.0.0.9"});
    ASSERT_TRUE(id.ok()) << id.status().ToString();
    if (!ids.empty()) {
      EXPECT_GT(*id, ids.back());
    }
    ids.push_back(*id);
  }
  auto ids_of = [](const Result<std::vector<AuditEntry>>& entries) {
    std::vector<int64_t> out;
    EXPECT_TRUE(entries.ok()) << entries.status().ToString();
    for (const auto& e : entries.ok() ? *entries : std::vector<AuditEntry>{}) out.push_back(e.id);
    return out;
  };
  auto all = console().ListAudit({});
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), std::size(events));
  EXPECT_EQ(all->front().id, ids.back()) << "newest first";
  EXPECT_EQ(all->back().action, "console.login_failed");
  EXPECT_EQ(all->back().target, "target-0");
  EXPECT_EQ(all->back().detail, "detail 0");
  EXPECT_EQ(all->back().address, "10.0.0.9");
  EXPECT_EQ(all->back().at, kNow);

  EXPECT_EQ(ids_of(console().ListAudit(ByLoginAndAction("zhang", ""))),
            (std::vector<int64_t>{ids[6], ids[4], ids[2], ids[1]}));
  EXPECT_EQ(ids_of(console().ListAudit(ByLoginAndAction("", "device."))),
            (std::vector<int64_t>{ids[6], ids[3], ids[2]}));
  EXPECT_EQ(ids_of(console().ListAudit(ByLoginAndAction("li", "device."))), (std::vector<int64_t>{ids[3]}));
  // The prefix is text, not a pattern: "_" matches only "_".
  EXPECT_EQ(ids_of(console().ListAudit(ByLoginAndAction("", "console.login_"))), (std::vector<int64_t>{ids[0]}));
  AuditFilter period;
  period.from = kNow + 2000;
  period.to = kNow + 5000;
  EXPECT_EQ(ids_of(console().ListAudit(period)),
            (std::vector<int64_t>{ids[4], ids[3], ids[2]}));

  // Pages of three, each before the last id of the one before.
  std::vector<int64_t> paged;
  AuditFilter page;
  page.limit = 3;
  while (true) {
    std::vector<int64_t> got = ids_of(console().ListAudit(page));
    ASSERT_LE(got.size(), 3u);
    if (got.empty()) break;
    paged.insert(paged.end(), got.begin(), got.end());
    page.before_id = got.back();
  }
  std::vector<int64_t> newest_first(ids.rbegin(), ids.rend());
  EXPECT_EQ(paged, newest_first);
}

TEST_F(ConsoleStoreTest, CentresAreListedByDistrictOrCentre) {
  auto names = [](const Result<std::vector<CentreRow>>& rows) {
    std::vector<std::string> out;
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    for (const auto& r : rows.ok() ? *rows : std::vector<CentreRow>{}) out.push_back(r.centre.id + ":" + r.district);
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(names(console().ListCentres(CentreFilter::All())), (V{"a:东城", "b:西城", "c:"}));
  EXPECT_EQ(names(console().ListCentres(CentreFilter::District("西城"))), (V{"b:西城"}));
  EXPECT_EQ(names(console().ListCentres(CentreFilter::OneCentre("a"))), (V{"a:东城"}));
  EXPECT_EQ(names(console().ListCentres(CentreFilter::District(""))), V{}) << "an empty district sees nothing";
  EXPECT_EQ(names(console().ListCentres(CentreFilter{std::string("西城"), std::string("a")})), V{});
  auto a = console().ListCentres(CentreFilter::OneCentre("a"));
  ASSERT_TRUE(a.ok() && a->size() == 1);
  EXPECT_EQ((*a)[0].centre.name.zh, "甲");
  EXPECT_EQ((*a)[0].centre.time_zone, "Asia/Shanghai");

  ASSERT_TRUE(console().SetCentreDistrict("c", "西城").ok());
  EXPECT_EQ(names(console().ListCentres(CentreFilter::District("西城"))), (V{"b:西城", "c:西城"}));
  ASSERT_TRUE(console().SetCentreDistrict("b", "").ok());
  EXPECT_EQ(names(console().ListCentres(CentreFilter::District("西城"))), (V{"c:西城"}));
  EXPECT_EQ(console().SetCentreDistrict("nowhere", "西城").code(), StatusCode::kNotFound);
}

TEST_F(ConsoleStoreTest, CheckinsPerDayCountEffectiveCheckinsByLocalDay) {
  PushAttendance();
  auto days = [&](const CentreFilter& filter, TimeMs offset) {
    std::vector<std::string> out;
    auto counts = console().CheckinsPerDay(filter, kDayBefore, kMidnight + kMsPerDay, offset);
    EXPECT_TRUE(counts.ok()) << counts.status().ToString();
    for (const auto& d : counts.ok() ? *counts : std::vector<DayCount>{}) {
      out.push_back(d.centre_id + " " + std::to_string((d.day_start - kMidnight) / kMsPerHour) + "h " +
                    std::to_string(d.checkins));
    }
    return out;
  };
  using V = std::vector<std::string>;
  // Local days: s-late (23:30) is the day before; s-early 1 (L-1 once, L-3 voided, L-2 moved), s-2 2,
  // s-run 1.
  EXPECT_EQ(days(CentreFilter::All(), kOffset), (V{"a -24h 2", "a 0h 4", "b 0h 1"}));
  // UTC days cut at 08:00 local: s-late and s-early fall on one day, s-run and s-2 on the next.
  EXPECT_EQ(days(CentreFilter::All(), 0), (V{"a -16h 3", "a 8h 3", "b 8h 1"}));
  EXPECT_EQ(days(CentreFilter::District("东城"), kOffset), (V{"a -24h 2", "a 0h 4"}));
  EXPECT_EQ(days(CentreFilter::OneCentre("b"), kOffset), (V{"b 0h 1"}));
  EXPECT_EQ(days(CentreFilter::District(""), kOffset), V{});
  // Sessions starting in [from, to): from midnight on, s-late is out.
  auto today = console().CheckinsPerDay(CentreFilter::OneCentre("a"), kMidnight, kMidnight + kMsPerDay, kOffset);
  ASSERT_TRUE(today.ok());
  ASSERT_EQ(today->size(), 1u);
  EXPECT_EQ((*today)[0].day_start, kMidnight);
  EXPECT_EQ((*today)[0].checkins, 4);
}

TEST_F(ConsoleStoreTest, DailyCheckinsSumTheVisibleCentresPerLocalDay) {
  PushAttendance();
  auto totals = [&](const CentreFilter& filter, TimeMs offset) {
    std::vector<std::string> out;
    auto days = console().DailyCheckins(filter, kDayBefore, kMidnight + kMsPerDay, offset);
    EXPECT_TRUE(days.ok()) << days.status().ToString();
    for (const auto& d : days.ok() ? *days : std::vector<DayTotal>{}) {
      out.push_back(std::to_string((d.day_start - kMidnight) / kMsPerHour) + "h " + std::to_string(d.checkins));
    }
    return out;
  };
  using V = std::vector<std::string>;
  // As CheckinsPerDay's per-centre counts, summed over centres a and b.
  EXPECT_EQ(totals(CentreFilter::All(), kOffset), (V{"-24h 2", "0h 5"}));
  EXPECT_EQ(totals(CentreFilter::All(), 0), (V{"-16h 3", "8h 4"}));
  EXPECT_EQ(totals(CentreFilter::District("东城"), kOffset), (V{"-24h 2", "0h 4"}));
  EXPECT_EQ(totals(CentreFilter::OneCentre("b"), kOffset), (V{"0h 1"}));
  EXPECT_EQ(totals(CentreFilter::District(""), kOffset), V{});
}

TEST_F(ConsoleStoreTest, TheSettledCheckinsMarkMovesWithEveryChangeToSettledFiguresOnly) {
  auto mark = [&] {
    auto m = console().SettledCheckinsMark();
    EXPECT_TRUE(m.ok()) << m.status().ToString();
    return m.ok() ? *m : -1;
  };
  DeviceIdentity a = Enrol("dev-a", "a");
  int64_t before = mark();
  Push(a, {Checkin("L-1", "s-run")});  // today's session: not settled
  EXPECT_EQ(mark(), before);
  Push(a, {Checkin("L-2", "s-run")}, kNow + kSettledAfter);  // s-run started 49 h before
  EXPECT_GT(mark(), before);
  before = mark();
  Push(a, {Checkin("L-2", "s-run")}, kNow + kSettledAfter);  // counted already: no change
  EXPECT_EQ(mark(), before);
  const TimeMs later = kNow + kSettledAfter;
  Catalog next = CatalogA();
  next.version = "v2";
  ASSERT_TRUE(store_->ImportCatalog("a", next, later, kMsPerDay).ok());  // no session moved
  EXPECT_EQ(mark(), before);
  next.version = "v3";
  next.sessions[0].starts_at += kMsPerHour;  // s-late (no check-in here) moves
  ASSERT_TRUE(store_->ImportCatalog("a", next, later, kMsPerDay).ok());
  EXPECT_EQ(mark(), before);
  next.version = "v4";
  next.sessions[2].starts_at += kMsPerHour;  // s-run, with check-ins, moves: its day's figure may change
  ASSERT_TRUE(store_->ImportCatalog("a", next, later, kMsPerDay).ok());
  EXPECT_GT(mark(), before);
  before = mark();
  ASSERT_TRUE(console().SetCentreDistrict("a", "西城").ok());
  EXPECT_GT(mark(), before);
  before = mark();
  EXPECT_EQ(console().SetCentreDistrict("nowhere", "西城").code(), StatusCode::kNotFound);
  EXPECT_EQ(mark(), before);
}

TEST_F(ConsoleStoreTest, CachedDailyTotalsAreTheStoresAfterALateCheckinAndANewDistrict) {
  PushAttendance();
  const TimeMs later = kMidnight + 4 * kMsPerDay + 10 * kMsPerHour;  // both catalogue days are settled
  const TimeMs from = kDayBefore, to = kMidnight + 5 * kMsPerDay;
  ASSERT_LT(console::DailyTotalsCache::SettledCut(later, kOffset), to);
  ASSERT_GT(console::DailyTotalsCache::SettledCut(later, kOffset), kMidnight + kMsPerDay);
  console::DailyTotalsCache cache;
  auto expect_as_store = [&](const CentreFilter& filter, const std::string& what) {
    auto cached = cache.Totals(console(), filter, from, to, later, kOffset);
    auto direct = console().DailyCheckins(filter, from, to, kOffset);
    ASSERT_TRUE(cached.ok() && direct.ok()) << what;
    ASSERT_EQ(cached->size(), direct->size()) << what;
    for (size_t i = 0; i < direct->size(); ++i) {
      EXPECT_EQ((*cached)[i].day_start, (*direct)[i].day_start) << what;
      EXPECT_EQ((*cached)[i].checkins, (*direct)[i].checkins) << what;
    }
  };
  expect_as_store(CentreFilter::All(), "first");
  expect_as_store(CentreFilter::District("东城"), "first, district");
  // A kiosk back online after four days pushes a check-in of the first day.
  Push(Enrol("dev-a2", "a"), {Checkin("L-9", "s-run")}, later);
  expect_as_store(CentreFilter::All(), "after the late check-in");
  auto totals = cache.Totals(console(), CentreFilter::All(), from, to, later, kOffset);
  ASSERT_TRUE(totals.ok());
  ASSERT_FALSE(totals->empty());
  EXPECT_EQ(totals->back().checkins, 6);  // 5 as before and L-9
  ASSERT_TRUE(console().SetCentreDistrict("b", "东城").ok());
  expect_as_store(CentreFilter::District("东城"), "b joined 东城");
}

TEST_F(ConsoleStoreTest, SessionsCountAsTheReportSummaryDoesAndIncludeRemovedOnes) {
  PushAttendance();
  Catalog next = CatalogA();
  next.version = "v2";
  next.sessions.erase(next.sessions.begin());  // s-late leaves the catalogue
  ASSERT_TRUE(store_->ImportCatalog("a", next, kNow, kMsPerDay).ok());

  auto sessions = console().Sessions(CentreFilter::All(), kDayBefore, kMidnight + kMsPerDay);
  ASSERT_TRUE(sessions.ok()) << sessions.status().ToString();
  std::vector<std::string> ids;
  for (const auto& s : *sessions) ids.push_back(s.centre_id + "/" + s.summary.session_id);
  EXPECT_EQ(ids, (std::vector<std::string>{"a/s-late", "a/s-early", "a/s-run", "a/s-2", "b/b-1"}));
  EXPECT_TRUE((*sessions)[0].summary.removed);
  EXPECT_FALSE((*sessions)[1].summary.removed);
  EXPECT_EQ((*sessions)[0].summary.checkins, 2);
  EXPECT_EQ((*sessions)[1].summary.checkins, 1);
  EXPECT_EQ((*sessions)[1].summary.records, 5);  // 4 check-ins and the void
  EXPECT_EQ((*sessions)[1].summary.voided, 2);   // L-3 voided, L-2 replaced
  EXPECT_EQ((*sessions)[3].summary.checkins, 2);
  EXPECT_EQ((*sessions)[3].summary.course_title.en, "Folk dance");
  EXPECT_DOUBLE_EQ((*sessions)[3].summary.credit_hours, 1.5);

  // Exactly `report --summary`'s rows for the centre.
  auto summary = store_->ReportSummary("a", kDayBefore, kMidnight + kMsPerDay);
  ASSERT_TRUE(summary.ok());
  ASSERT_EQ(summary->size(), 4u);
  for (size_t i = 0; i < summary->size(); ++i) {
    const SessionSummary &want = (*summary)[i], &got = (*sessions)[i].summary;
    EXPECT_EQ(got.session_id, want.session_id);
    EXPECT_EQ(got.session_start, want.session_start);
    EXPECT_EQ(got.capacity, want.capacity);
    EXPECT_EQ(got.removed, want.removed);
    EXPECT_EQ(got.records, want.records);
    EXPECT_EQ(got.checkins, want.checkins);
    EXPECT_EQ(got.voided, want.voided);
    EXPECT_EQ(got.over_capacity, want.over_capacity);
    EXPECT_EQ(got.conflicts, want.conflicts);
  }

  auto west = console().Sessions(CentreFilter::District("西城"), kDayBefore, kMidnight + kMsPerDay);
  ASSERT_TRUE(west.ok());
  ASSERT_EQ(west->size(), 1u);
  EXPECT_EQ((*west)[0].summary.session_id, "b-1");
  EXPECT_EQ((*west)[0].summary.checkins, 1);
  EXPECT_TRUE(console().Sessions(CentreFilter::District(""), kDayBefore, kMidnight + kMsPerDay)->empty());

  auto running = console().SessionsRunning(CentreFilter::All(), kNow);  // 10:00
  ASSERT_TRUE(running.ok()) << running.status().ToString();
  ids.clear();
  for (const auto& s : *running) ids.push_back(s.centre_id + "/" + s.summary.session_id);
  EXPECT_EQ(ids, (std::vector<std::string>{"a/s-run", "a/s-2", "b/b-1"}));
  EXPECT_EQ((*running)[0].summary.checkins, 1);
  auto later = console().SessionsRunning(CentreFilter::OneCentre("a"), kMidnight + 11 * kMsPerHour);
  ASSERT_TRUE(later.ok());
  EXPECT_TRUE(later->empty()) << "both end at 11:00";
  auto early = console().SessionsRunning(CentreFilter::OneCentre("a"), kMidnight + 9 * kMsPerHour + 1);
  ASSERT_TRUE(early.ok());
  ASSERT_EQ(early->size(), 1u);
  EXPECT_EQ((*early)[0].summary.session_id, "s-run");
}

TEST_F(ConsoleStoreTest, ASessionRosterListsItsRecordsWithWhatActedOnThem) {
  PushAttendance();
  auto roster = console().SessionRoster("a", "s-early");
  ASSERT_TRUE(roster.ok()) << roster.status().ToString();
  ASSERT_EQ(roster->size(), 5u);  // 4 check-ins and the void; the correction is s-2's
  EXPECT_TRUE(std::is_sorted(roster->begin(), roster->end(),
                             [](const ReportRow& x, const ReportRow& y) { return x.record.id < y.record.id; }));
  for (const auto& row : *roster) {
    EXPECT_EQ(row.session_id, "s-early");
    EXPECT_EQ(row.device_id, "dev-a");
    EXPECT_EQ(row.course_id, "course-1");
    if (row.record.id == l2_early_.id) {
      EXPECT_EQ(row.flags, std::vector<std::string>{"replaced"});
    } else if (row.record.id == l3_early_.id) {
      EXPECT_EQ(row.flags, std::vector<std::string>{"voided"});
    } else if (row.record.id == void_.id) {
      EXPECT_EQ(row.record.refers_to, l3_early_.id);
    }
  }
  auto s2 = console().SessionRoster("a", "s-2");
  ASSERT_TRUE(s2.ok());
  ASSERT_EQ(s2->size(), 2u);
  EXPECT_EQ((*s2)[0].record.id, correction_.id);
  EXPECT_EQ(console().SessionRoster("a", "nope").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(console().SessionRoster("b", "s-early").status().code(), StatusCode::kNotFound);
}

TEST_F(ConsoleStoreTest, AttendanceByCourseCountsCheckinsLearnersAndCreditHours) {
  PushAttendance();
  auto courses = console().AttendanceByCourse("a", kDayBefore, kMidnight + kMsPerDay);
  ASSERT_TRUE(courses.ok()) << courses.status().ToString();
  ASSERT_EQ(courses->size(), 2u);
  const CourseAttendance& first = (*courses)[0];
  EXPECT_EQ(first.course_id, "course-1");  // s-late 2, s-early 1, s-run 1
  EXPECT_EQ(first.course_title.zh, "楷书");
  EXPECT_EQ(first.category_id, "cat");
  EXPECT_EQ(first.category_name.zh, "书法");
  EXPECT_EQ(first.category_name.en, "Calligraphy");
  EXPECT_EQ(first.checkins, 4);
  EXPECT_EQ(first.learners, 3);  // L-1, L-2, L-5
  EXPECT_DOUBLE_EQ(first.credit_hours, 8.0);
  const CourseAttendance& second = (*courses)[1];
  EXPECT_EQ(second.course_id, "course-2");  // s-2: L-2 (corrected there), L-4
  EXPECT_EQ(second.category_id, "cat2");
  EXPECT_EQ(second.category_name.en, "Dance");
  EXPECT_EQ(second.checkins, 2);
  EXPECT_EQ(second.learners, 2);
  EXPECT_DOUBLE_EQ(second.credit_hours, 3.0);

  auto today = console().AttendanceByCourse("a", kMidnight, kMidnight + kMsPerDay);  // without s-late
  ASSERT_TRUE(today.ok());
  ASSERT_EQ(today->size(), 2u);
  EXPECT_EQ((*today)[0].checkins, 2);
  EXPECT_EQ((*today)[1].checkins, 2);
  EXPECT_EQ((*today)[0].course_id, "course-1") << "a tie goes by course id";
  auto nothing = console().AttendanceByCourse("c", kDayBefore, kMidnight + kMsPerDay);
  ASSERT_TRUE(nothing.ok());
  EXPECT_TRUE(nothing->empty());
  EXPECT_EQ(console().AttendanceByCourse("nowhere", 0, kNow).status().code(), StatusCode::kNotFound);
}

TEST_F(ConsoleStoreTest, DevicesAreListedForTheVisibleCentres) {
  Enrol("dev-a", "a");
  Enrol("dev-b2", "b");
  Enrol("dev-b1", "b");
  using V = std::vector<std::string>;
  EXPECT_EQ(DevicesAt(*console().ListDevices(CentreFilter::All())), (V{"dev-a@a", "dev-b1@b", "dev-b2@b"}));
  EXPECT_EQ(DevicesAt(*console().ListDevices(CentreFilter::District("东城"))), (V{"dev-a@a"}));
  EXPECT_EQ(DevicesAt(*console().ListDevices(CentreFilter::OneCentre("b"))), (V{"dev-b1@b", "dev-b2@b"}));
  EXPECT_EQ(DevicesAt(*console().ListDevices(CentreFilter::District(""))), V{});
  auto all = console().ListDevices(CentreFilter::All());
  auto listed = store_->ListDevices();
  ASSERT_TRUE(all.ok() && listed.ok());
  ASSERT_EQ(all->size(), listed->size());
  EXPECT_EQ((*all)[0].name, (*listed)[0].name);
  EXPECT_EQ((*all)[0].app_version, "1.0");
  EXPECT_EQ((*all)[0].enrolled_at, kDayBefore);
}

TEST_F(ConsoleStoreTest, ACatalogPreviewShowsTheImportsChangesAndChangesNothing) {
  Catalog next = CatalogA();
  next.version = "v2";
  next.courses[1].credit_hours = 3.0;                                      // course-2 changed
  next.sessions.pop_back();                                                // s-2 removed
  next.sessions.push_back(MakeSession("s-new", "course-1", kNow + kMsPerDay));  // added
  const CatalogState before = *store_->GetCatalogState("a");

  auto preview = console().PreviewCatalog("a", next);
  ASSERT_TRUE(preview.ok()) << preview.status().ToString();
  const int session = int(sync::ItemType::kSession), course = int(sync::ItemType::kCourse);
  EXPECT_EQ(preview->added, (std::vector<CatalogItemKey>{{session, "s-new"}}));
  EXPECT_EQ(preview->changed, (std::vector<CatalogItemKey>{{course, "course-2"}}));
  EXPECT_EQ(preview->removed, (std::vector<CatalogItemKey>{{session, "s-2"}}));
  EXPECT_EQ(preview->unchanged, 6);  // 2 categories, course-1, 3 sessions

  const CatalogState after = *store_->GetCatalogState("a");
  EXPECT_EQ(after.max_seq, before.max_seq);
  EXPECT_EQ(after.catalog_version, "v1");
  auto sessions = console().Sessions(CentreFilter::OneCentre("a"), kDayBefore, kNow + 2 * kMsPerDay);
  ASSERT_TRUE(sessions.ok());
  EXPECT_EQ(sessions->size(), 4u);

  // The import then does what the preview said.
  auto stats = store_->ImportCatalog("a", next, kNow, kMsPerDay);
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->added, 1);
  EXPECT_EQ(stats->changed, 1);
  EXPECT_EQ(stats->removed, 1);
  EXPECT_EQ(stats->unchanged, 6);
  auto again = console().PreviewCatalog("a", next);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->added.empty() && again->changed.empty() && again->removed.empty());
  EXPECT_EQ(again->unchanged, 8);
  EXPECT_EQ(console().PreviewCatalog("nowhere", next).status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace lk::hub
