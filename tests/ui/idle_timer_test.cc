#include "kiosk/app/idle_timer.h"

#include <gtest/gtest.h>

namespace lk::ui {
namespace {

using Phase = IdleTimer::Phase;

TEST(IdleTimerTest, PromptsThenCountsDownThenExpires) {
  IdleTimer idle(60'000, 20'000, 1000);
  EXPECT_EQ(idle.PhaseAt(1000), Phase::kActive);
  EXPECT_EQ(idle.NextChangeAt(1000), 61'000u);
  EXPECT_EQ(idle.PhaseAt(60'999), Phase::kActive);
  EXPECT_EQ(idle.PhaseAt(61'000), Phase::kPrompt);
  EXPECT_EQ(idle.SecondsLeft(61'000), 20);
  EXPECT_EQ(idle.SecondsLeft(61'001), 20);
  EXPECT_EQ(idle.NextChangeAt(61'001), 62'000u);
  EXPECT_EQ(idle.SecondsLeft(62'000), 19);
  EXPECT_EQ(idle.SecondsLeft(80'999), 1);
  EXPECT_EQ(idle.PhaseAt(81'000), Phase::kExpired);
  EXPECT_EQ(idle.SecondsLeft(81'000), 0);
}

TEST(IdleTimerTest, InputRestartsTheWait) {
  IdleTimer idle(60'000, 20'000, 0);
  idle.OnInput(70'000);
  EXPECT_EQ(idle.PhaseAt(70'000), Phase::kActive);
  EXPECT_EQ(idle.NextChangeAt(70'000), 130'000u);
}

TEST(IdleTimerTest, ConfiguredTimes) {
  IdleTimer idle(5'000, 3'000, 0);
  EXPECT_EQ(idle.PhaseAt(5'000), Phase::kPrompt);
  EXPECT_EQ(idle.SecondsLeft(5'000), 3);
  EXPECT_EQ(idle.PhaseAt(8'000), Phase::kExpired);
}

}  // namespace
}  // namespace lk::ui
