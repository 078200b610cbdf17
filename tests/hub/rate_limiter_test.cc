// The hub's token buckets on a FaultEnv clock: refill and Retry-After to the millisecond, without
// waiting; and an in-process HubServer whose enrolment bucket runs on the Env it was given, over the
// store LK_HUB_BACKEND names (HubTestDb).
#include "sync/hub/rate_limiter.h"

#include <thread>

#include <gtest/gtest.h>
#include <httplib.h>

#include "kiosk/core/fault_env.h"
#include "sync/hub/hub_server.h"
#include "sync/hub/hub_store_open.h"
#include "sync/protocol/device_messages.h"
#include "sync/protocol/protocol.h"
#include "tests/testing/hub_test_db.h"
#include "tests/testing/test_util.h"

namespace lk::hub {
namespace {

TEST(RateLimiterTest, ABurstThenRetryAfterTheRefillTime) {
  FaultEnv env;
  env.Freeze();
  RateLimiter limiter(2, 3, &env);  // 2 tokens a second, 3 at most
  for (int i = 0; i < 3; ++i) EXPECT_EQ(limiter.Acquire("a"), 0) << "burst " << i;
  EXPECT_EQ(limiter.Acquire("a"), 1) << "half a second to the next token, rounded up to a whole second";
  EXPECT_EQ(limiter.Acquire("b"), 0) << "another key has its own bucket";
  env.Advance(499);
  EXPECT_EQ(limiter.Acquire("a"), 1) << "one millisecond short of a token";
  env.Advance(1);
  EXPECT_EQ(limiter.Acquire("a"), 0);
  EXPECT_EQ(limiter.Acquire("a"), 1);
  // A long quiet spell fills the bucket to its burst, no further.
  env.Advance(10 * kMsPerMinute);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(limiter.Acquire("a"), 0);
  EXPECT_EQ(limiter.Acquire("a"), 1);
}

TEST(RateLimiterTest, RetryAfterGrowsWithTheDebtAndAWallClockJumpChangesNothing) {
  FaultEnv env;
  env.Freeze();
  RateLimiter limiter(0.2, 1, &env);  // one token every 5 s
  EXPECT_EQ(limiter.Acquire("a"), 0);
  EXPECT_EQ(limiter.Acquire("a"), 5);
  env.JumpWall(kMsPerDay);  // the wall clock is not the limiter's clock
  EXPECT_EQ(limiter.Acquire("a"), 5);
  env.Advance(3000);
  EXPECT_EQ(limiter.Acquire("a"), 2);
  env.Advance(2000);
  EXPECT_EQ(limiter.Acquire("a"), 0);
}

TEST(RateLimiterTest, ZeroRateDisablesLimiting) {
  FaultEnv env;
  env.Freeze();
  RateLimiter limiter(0, 1, &env);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(limiter.Acquire("a"), 0);
}

// Wrong enrolment codes from one address: 403 while the bucket (20, then 1 a second) lasts, then 429
// with Retry-After; once the FaultEnv clock has moved by Retry-After, the code is checked again (403).
TEST(HubServerClockTest, TheEnrolmentBucketRefillsOnTheServersEnvClock) {
  testing::HubTestDb db;
  auto store = OpenHubStore(db.uri());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  FaultEnv env;
  env.Freeze();
  HubServerOptions options;
  options.port = 0;
  options.threads = 2;
  options.env = &env;
  HubServer server(store->get(), options);
  auto port = server.Bind();
  ASSERT_TRUE(port.ok()) << port.status().ToString();
  std::thread serving([&] { server.Run().IgnoreError(); });

  httplib::Client client("127.0.0.1", *port);
  const httplib::Headers headers{{sync::kProtocolHeader, std::to_string(sync::kProtocolVersion)}};
  const std::string wrong_code = sync::EnrollRequestToJson({"AAAA-BBBB-CCCC", "guess", "0"});
  auto enrol = [&] {
    auto res = client.Post("/v1/enroll", headers, wrong_code, "application/json");
    return res ? res->status : -1;
  };
  for (int i = 0; i < 20; ++i) ASSERT_EQ(enrol(), 403) << "attempt " << i;
  auto limited = client.Post("/v1/enroll", headers, wrong_code, "application/json");
  ASSERT_TRUE(limited);
  EXPECT_EQ(limited->status, 429);
  const int retry_after = std::stoi(limited->get_header_value("Retry-After"));
  EXPECT_EQ(retry_after, 1);
  EXPECT_EQ(enrol(), 429) << "the frozen clock gave no token back";
  env.Advance(TimeMs(retry_after) * kMsPerSecond);
  EXPECT_EQ(enrol(), 403) << "after Retry-After the code is checked again";
  EXPECT_EQ(enrol(), 429);

  server.Stop();
  serving.join();
}

}  // namespace
}  // namespace lk::hub
