#include "kiosk/app/navigator.h"

#include <gtest/gtest.h>

namespace lk::ui {
namespace {

TEST(NavigatorTest, ChangesApplyBetweenFrames) {
  Navigator nav("welcome", "home");
  nav.Home();
  nav.Push("category");
  EXPECT_EQ(nav.current(), "welcome") << "not until ApplyPending";
  EXPECT_TRUE(nav.ApplyPending());
  EXPECT_EQ(nav.stack(), (std::vector<std::string>{"welcome", "home", "category"}));
  nav.Back();
  nav.Back();
  nav.Back();
  nav.ApplyPending();
  EXPECT_EQ(nav.current(), "welcome") << "Back stops at the root";
  EXPECT_FALSE(nav.ApplyPending());
}

TEST(NavigatorTest, PushingTheCurrentScreenAgainDoesNothing) {
  Navigator nav("welcome", "home");
  nav.Push("home");
  nav.Push("home");
  nav.ApplyPending();
  EXPECT_EQ(nav.stack().size(), 2u);
  nav.ResetToRoot();
  nav.ApplyPending();
  EXPECT_EQ(nav.stack(), std::vector<std::string>{"welcome"});
}

}  // namespace
}  // namespace lk::ui
