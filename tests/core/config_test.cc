#include "kiosk/core/config.h"

#include <gtest/gtest.h>

#include "tests/testing/test_util.h"

namespace lk {
namespace {

Status ParseError(const std::string& toml) { return ParseKioskConfig(toml, "/etc/kiosk.toml").status(); }

TEST(ConfigTest, EmptyFileGivesDemoDefaults) {
  auto config = ParseKioskConfig("", "kiosk.toml");
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->time_zone, "Asia/Shanghai");
  EXPECT_EQ(config->language, Language::kZh);
  EXPECT_EQ(config->open_before_minutes, 30);
  EXPECT_EQ(config->pin_max_attempts, 5);
  EXPECT_EQ(config->renderer, RendererChoice::kSoftware);
}

TEST(ConfigTest, ShippedExampleIsValidAndSetsEveryKey) {
  auto config = LoadKioskConfig(testing::SourcePath("config/kiosk.example.toml"), false);
  ASSERT_TRUE(config.ok()) << config.status().ToString();
}

TEST(ConfigTest, ReadsEveryKind) {
  auto config = ParseKioskConfig(R"(
[kiosk]
language = "en"
large_text = true
handwriting_model = "/opt/models/zh.model"
[checkin]
open_before_minutes = 15
learner_id_pattern = "[0-9]{8}"
[display]
touch_calibration = [1.0, 0, 0, 0, 1, 0]
rotation_degrees = 90
renderer = "gpu"
[accessibility]
volume = 55
speech_words_per_minute = 120
read_titles = true
[staff]
card_ids = ["STAFF-0001"]
[sync]
hub_url = "https://hub.example.org"
)", "k.toml");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->language, Language::kEn);
  EXPECT_TRUE(config->large_text);
  EXPECT_EQ(config->handwriting_model, "/opt/models/zh.model");
  EXPECT_EQ(config->open_before_minutes, 15);
  EXPECT_EQ(config->touch_calibration.size(), 6u);
  EXPECT_EQ(config->rotation_degrees, 90);
  EXPECT_EQ(config->renderer, RendererChoice::kGpu);
  EXPECT_EQ(config->speech_volume, 55);
  EXPECT_EQ(config->speech_words_per_minute, 120);
  EXPECT_TRUE(config->read_titles);
  EXPECT_EQ(config->staff_card_ids, std::vector<std::string>{"STAFF-0001"});
}

TEST(ConfigTest, SyntaxErrorNamesFileAndLine) {
  Status s = ParseError("[kiosk]\nlanguage = \"zh\nx");
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("/etc/kiosk.toml:2"), std::string::npos) << s.message();
}

TEST(ConfigTest, UnknownSectionIsNamed) {
  Status s = ParseError("[kisok]\nlanguage = \"zh\"");
  EXPECT_NE(s.message().find("/etc/kiosk.toml: unknown section [kisok]"), std::string::npos) << s.message();
}

TEST(ConfigTest, UnknownKeyIsNamed) {
  Status s = ParseError("[kiosk]\nlangauge = \"zh\"");
  EXPECT_NE(s.message().find("unknown key kiosk.langauge"), std::string::npos) << s.message();
}

TEST(ConfigTest, WrongTypeNamesKeyAndExpectation) {
  Status s = ParseError("[checkin]\nopen_before_minutes = \"thirty\"");
  EXPECT_NE(s.message().find("/etc/kiosk.toml: checkin.open_before_minutes: expected an integer from 0 to 1440"),
            std::string::npos)
      << s.message();
  s = ParseError("[display]\nfullscreen = 1");
  EXPECT_NE(s.message().find("display.fullscreen: expected true or false"), std::string::npos) << s.message();
}

TEST(ConfigTest, OutOfRangeValueIsRefused) {
  Status s = ParseError("[display]\nidle_prompt_seconds = 2");
  EXPECT_NE(s.message().find("display.idle_prompt_seconds: expected an integer from 10 to 3600"), std::string::npos)
      << s.message();
  s = ParseError("[accessibility]\nvolume = 101");
  EXPECT_NE(s.message().find("accessibility.volume: expected an integer from 0 to 100"), std::string::npos)
      << s.message();
  s = ParseError("[display]\nrotation_degrees = 45");
  EXPECT_NE(s.message().find("0, 90, 180 or 270"), std::string::npos);
}

TEST(ConfigTest, BadValuesAreRefusedWithWhatWasExpected) {
  EXPECT_NE(ParseError("[kiosk]\nlanguage = \"fr\"").message().find("\"zh\" or \"en\""), std::string::npos);
  EXPECT_NE(ParseError("[display]\nrenderer = \"opengl\"").message().find(
                "display.renderer: expected \"software\" or \"gpu\""),
            std::string::npos);
  EXPECT_NE(ParseError("[kiosk]\ntime_zone = \"Mars/Base\"").message().find("kiosk.time_zone: expected a time zone"),
            std::string::npos);
  EXPECT_NE(ParseError("[checkin]\nlearner_id_pattern = \"[0-9\"").message().find("regular expression"),
            std::string::npos);
  EXPECT_NE(ParseError("[sync]\nhub_url = \"ftp://x\"").message().find("sync.hub_url"), std::string::npos);
  EXPECT_NE(ParseError("[sync]\npinned_public_key = \"abc\"").message().find("sha256//"), std::string::npos);
  EXPECT_NE(ParseError("[staff]\ngesture_corner = \"middle\"").message().find("top-left"), std::string::npos);
  EXPECT_NE(ParseError("[display]\ntouch_calibration = [1, 2]").message().find("6 numbers"), std::string::npos);
  EXPECT_NE(ParseError("[staff]\ncard_ids = [1]").message().find("array of strings"), std::string::npos);
  EXPECT_NE(ParseError("kiosk = 3").message().find("expected a [kiosk] table"), std::string::npos);
}

TEST(ConfigTest, MissingFileIsAnErrorOnlyWhenNamed) {
  EXPECT_TRUE(LoadKioskConfig("/nonexistent/kiosk.toml", true).ok());
  Status s = LoadKioskConfig("/nonexistent/kiosk.toml", false).status();
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_NE(s.message().find("/nonexistent/kiosk.toml"), std::string::npos);
}

}  // namespace
}  // namespace lk
