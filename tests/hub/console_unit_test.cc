// The hub console's pure parts: form and cookie decoding, how learner ids are masked, version order,
// the shared lockout rules, and that templates escape what centres and catalogues put in them.
#include <gtest/gtest.h>

#include "kiosk/core/lockout.h"
#include "sync/hub/console/console_app.h"
#include "sync/hub/console/form_data.h"
#include "sync/hub/console/page_util.h"
#include "sync/hub/console/template_set.h"
#include "sync/protocol/protocol.h"
#include "tests/testing/test_util.h"

namespace lk::hub::console {
namespace {

TEST(ConsoleFormTest, DecodesPlusPercentAndCrlf) {
  auto form = ParseForm("login=wang+li&name=%E4%BA%A4%E9%81%93%E5%8F%A3&text=a%0D%0Ab&empty=&flag&login=second");
  EXPECT_EQ(form["login"], "wang li");
  EXPECT_EQ(form["name"], "交道口");
  EXPECT_EQ(form["text"], "a\nb");
  EXPECT_EQ(form["empty"], "");
  EXPECT_TRUE(form.count("flag"));
}

TEST(ConsoleFormTest, DropsFieldsThatAreNotCleanText) {
  auto form = ParseForm("bad=%FF%FE&nul=a%00b&good=ok");
  EXPECT_FALSE(form.count("bad"));
  EXPECT_FALSE(form.count("nul"));
  EXPECT_EQ(form["good"], "ok");
}

TEST(ConsoleFormTest, FindsOneCookieAmongMany) {
  EXPECT_EQ(CookieValue("lk_lang=en; lk_session=abc; other=1", "lk_session"), "abc");
  EXPECT_EQ(CookieValue("xlk_session=no; lk_session=yes", "lk_session"), "yes");
  EXPECT_EQ(CookieValue("", "lk_session"), "");
  EXPECT_EQ(sync::UrlEncode("a b/交"), "a%20b%2F%E4%BA%A4");
}

TEST(ConsoleMaskTest, KeepsEnoughToTellLearnersApartNotToIdentifyOne) {
  EXPECT_EQ(MaskLearnerId("L20260017"), "L****0017");
  EXPECT_NE(MaskLearnerId("L20260000"), MaskLearnerId("L20260100")) << "learners of one roster stay apart";
  EXPECT_EQ(MaskLearnerId("L0001"), "L**01");
  EXPECT_EQ(MaskLearnerId("1234"), "****");
}

TEST(ConsoleVersionTest, ComparesDottedNumbersAsNumbers) {
  EXPECT_TRUE(VersionLess("0.9.0", "0.10.0"));
  EXPECT_FALSE(VersionLess("0.10.0", "0.9.0"));
  EXPECT_FALSE(VersionLess("1.2.3", "1.2.3"));
  EXPECT_TRUE(VersionLess("1.2", "1.2.1"));
  std::vector<DeviceInfo> devices(3);
  devices[0].app_version = "0.9.0";
  devices[1].app_version = "0.10.1";
  devices[2].app_version = "0.11.0";
  devices[2].revoked_at = 1;  // a revoked kiosk's version does not make the others old
  EXPECT_EQ(NewestVersion(devices), "0.10.1");
}

TEST(ConsoleDeviceStateTest, SaysWhatNeedsAttentionAndNothingOfARevokedKiosk) {
  const TimeMs now = 100 * kMsPerHour;
  DeviceInfo d;
  d.app_version = "1.2.0";
  d.last_seen_at = now - kMsPerMinute;
  DeviceState fine = AssessDevice(d, now, "1.2.0");
  EXPECT_TRUE(fine.online());
  EXPECT_FALSE(fine.needs_attention());

  d.last_seen_at = now - kSilentAfterMs - 1;
  d.clock_skew_ms = -(kSkewLimitMs + 1);
  d.queue_depth = 3;
  DeviceState trouble = AssessDevice(d, now, "1.10.0");
  EXPECT_TRUE(trouble.silent && trouble.skewed && trouble.backlog && trouble.old_version);
  EXPECT_FALSE(trouble.online());
  EXPECT_TRUE(trouble.needs_attention());

  d.revoked_at = now - kMsPerHour;
  DeviceState revoked = AssessDevice(d, now, "1.10.0");
  EXPECT_TRUE(revoked.revoked);
  EXPECT_FALSE(revoked.online());
  EXPECT_FALSE(revoked.needs_attention()) << "a revoked kiosk is listed last, not as trouble";
}

TEST(LockoutTest, LocksAfterTheLastAllowedWrongAnswerAndDoubles) {
  const LockoutPolicy policy{3, 5 * kMsPerMinute};
  LockoutCounters c;
  TimeMs now = 1'000'000;
  for (int attempt = 1; attempt <= 2; ++attempt) {
    c.failed_attempts = attempt;
    c = AfterAttempt(policy, c, false, now);
    EXPECT_FALSE(c.locked(now)) << attempt;
  }
  c.failed_attempts = 3;
  c = AfterAttempt(policy, c, false, now);
  EXPECT_EQ(c.locked_until, now + 5 * kMsPerMinute);
  EXPECT_EQ(c.lockout_rounds, 1);

  bool ended = false;
  now += 5 * kMsPerMinute;
  c = CountersAt(policy, c, now, &ended);
  EXPECT_TRUE(ended);
  EXPECT_EQ(c.failed_attempts, 0);
  c.failed_attempts = 3;
  c = AfterAttempt(policy, c, false, now);
  EXPECT_EQ(c.locked_until, now + 10 * kMsPerMinute) << "the second lock doubles";
  EXPECT_EQ(AfterAttempt(policy, c, true, now), LockoutCounters{}) << "a right answer resets everything";
  EXPECT_EQ(policy.LockoutFor(20), kMaxLockoutMs);
}

TEST(LockoutTest, PullsInALockFromAClockThatSteppedBack) {
  const LockoutPolicy policy{3, 5 * kMsPerMinute};
  LockoutCounters c{3, 1, 1'000'000 + 7 * kMsPerDay};
  bool ended = false;
  c = CountersAt(policy, c, 1'000'000, &ended);
  EXPECT_FALSE(ended);
  EXPECT_EQ(c.locked_until, 1'000'000 + 5 * kMsPerMinute);
}

TEST(ConsoleTemplateTest, EveryTemplateLoadsAndTextIsEscaped) {
  auto templates = TemplateSet::Load(testing::SourcePath("sync/hub/console/templates"));
  ASSERT_TRUE(templates.ok()) << templates.status().message();
  nlohmann::json model{{"t", Texts(Language::kZh)}, {"message", "<script>alert(1)</script>"}, {"status", 403}};
  auto html = templates->Render("refused", model);
  ASSERT_TRUE(html.ok()) << html.status().message();
  EXPECT_EQ(html->find("<script>alert"), std::string::npos);
  EXPECT_NE(html->find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html->find("/console/static/bootstrap.min.css"), std::string::npos) << "the layout partial is included";
  EXPECT_FALSE(templates->Render("no_such_page", model).ok());
}

TEST(ConsoleTemplateTest, ACityChoosesACentreByIdNotFromAListOfThousands) {
  auto templates = TemplateSet::Load(testing::SourcePath("sync/hub/console/templates"));
  ASSERT_TRUE(templates.ok()) << templates.status().message();
  std::vector<CentreRow> centres;
  for (size_t i = 0; i < kMaxCentreChoices; ++i) {
    centres.push_back({{"c" + std::to_string(i), {"中心" + std::to_string(i), "Centre"}, "Asia/Shanghai"}, ""});
  }
  auto render = [&] {
    nlohmann::json model{{"t", Texts(Language::kZh)},
                         {"centres", CentreChoice(centres, "c7", "catalogue-centre", false, Language::kZh)}};
    auto html = templates->Render("catalogue", model);
    EXPECT_TRUE(html.ok()) << html.status().message();
    return html.ok() ? *html : "";
  };
  std::string list = render();
  EXPECT_NE(list.find("<select class=\"form-select\" id=\"catalogue-centre\""), std::string::npos);
  EXPECT_NE(list.find("<option value=\"c7\" selected>中心7</option>"), std::string::npos);
  centres.push_back({{"c-last", {"最后", "Last"}, "Asia/Shanghai"}, ""});
  std::string box = render();
  EXPECT_EQ(box.find("<option"), std::string::npos);
  EXPECT_NE(box.find("<input class=\"form-control\" id=\"catalogue-centre\" name=\"centre\" value=\"c7\""),
            std::string::npos);
  EXPECT_LT(box.size() * 4, list.size()) << "the page stays small";
}

TEST(ConsoleTemplateTest, ABrokenTemplateIsNamedAtLoad) {
  testing::TempDir dir;
  testing::WriteFile(dir.File("page.mustache"), "{{#open}} never closed");
  auto templates = TemplateSet::Load(dir.path());
  ASSERT_FALSE(templates.ok());
  EXPECT_NE(templates.status().message().find("page.mustache"), std::string::npos) << templates.status().message();
}

TEST(ConsoleTextTest, NoTextIsMissingInEitherLanguage) {
  for (Language lang : {Language::kZh, Language::kEn}) {
    for (const auto& [key, text] : Texts(lang).items()) EXPECT_FALSE(text.get<std::string>().empty()) << key;
  }
  EXPECT_EQ(Text(Language::kZh, "nav_today"), "今日概况");
  EXPECT_EQ(Text(Language::kEn, "nav_today"), "Today");
}

}  // namespace
}  // namespace lk::hub::console
