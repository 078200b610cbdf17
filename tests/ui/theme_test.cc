#include "kiosk/app/theme.h"

#include <gtest/gtest.h>

namespace lk::ui {
namespace {

TEST(ThemeTest, ContrastRatioMatchesWcag) {
  EXPECT_NEAR(ContrastRatio(ImVec4(1, 1, 1, 1), ImVec4(0, 0, 0, 1)), 21.0, 0.01);
  EXPECT_NEAR(ContrastRatio(ImVec4(1, 1, 1, 1), ImVec4(1, 1, 1, 1)), 1.0, 1e-9);
  // #767676 on white is the classic 4.54:1.
  float g = 0x76 / 255.0f;
  EXPECT_NEAR(ContrastRatio(ImVec4(g, g, g, 1), ImVec4(1, 1, 1, 1)), 4.54, 0.01);
}

TEST(ThemeTest, EveryTextColourReadsOnItsBackgroundInBothLooks) {
  for (bool large : {false, true}) {
    Theme theme = MakeTheme(large, 1.0f);
    for (const ContrastPair& pair : theme.ContrastPairs()) {
      double ratio = ContrastRatio(pair.foreground, pair.background);
      EXPECT_GE(ratio, 4.5) << (large ? "large text: " : "standard: ") << pair.name << " is " << ratio << ":1";
      if (large) {
        EXPECT_GE(ratio, 7.0) << "high contrast: " << pair.name << " is " << ratio << ":1";
      }
    }
  }
}

TEST(ThemeTest, SizesForElderlyUsersAt1080p) {
  Theme standard = MakeTheme(false, 1.0f);
  Theme large = MakeTheme(true, 1.0f);
  EXPECT_GE(standard.metrics.body, 28);
  EXPECT_GE(large.metrics.body, 1.5f * 28);
  EXPECT_GE(large.metrics.body, 1.5f * standard.metrics.body);
  EXPECT_GE(standard.metrics.target, 96);
  EXPECT_GE(large.metrics.target, 96);
  EXPECT_GT(standard.metrics.heading, standard.metrics.body);
  EXPECT_GT(large.metrics.heading, large.metrics.body);
}

TEST(ThemeTest, SizesScaleWithTheScreen) {
  EXPECT_EQ(MakeTheme(false, 2.0f).metrics.body, 2 * MakeTheme(false, 1.0f).metrics.body);
}

}  // namespace
}  // namespace lk::ui
