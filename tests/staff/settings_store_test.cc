#include "kiosk/core/staff/settings_store.h"

#include <algorithm>

#include "tests/staff/staff_test_util.h"

namespace lk {
namespace {

using staff_test::kStart;

class SettingsStoreTest : public staff_test::StoreTest {
 protected:
  StaffSettings Load() {
    auto settings = SettingsStore(db()).Load(config_);
    EXPECT_TRUE(settings.ok()) << settings.status().ToString();
    return settings.ok() ? *settings : StaffSettings{};
  }
  KioskConfig config_;
};

TEST_F(SettingsStoreTest, WithoutOverridesTheConfigApplies) {
  config_.language = Language::kEn;
  config_.large_text = true;
  config_.idle_prompt_seconds = 45;
  EXPECT_EQ(Load(), (StaffSettings{Language::kEn, true, 45}));
}

TEST_F(SettingsStoreTest, SavedValuesOverrideTheConfigAcrossARestartAndEachChangeIsAudited) {
  StaffSettings wanted{Language::kEn, true, 90};
  ASSERT_TRUE(SettingsStore(db()).Save(wanted, config_, "staff", kStart).ok());
  Reopen();
  EXPECT_EQ(Load(), wanted);
  KioskConfig applied = config_;
  ApplySettings(Load(), applied);
  EXPECT_EQ(applied.language, Language::kEn);
  EXPECT_TRUE(applied.large_text);
  EXPECT_EQ(applied.idle_prompt_seconds, 90);

  auto audit = Audit();
  ASSERT_EQ(audit.size(), 3u);
  std::vector<std::string> details;
  for (const auto& e : audit) {
    EXPECT_EQ(e.actor, "staff");
    EXPECT_EQ(e.action, "setting.changed");
    EXPECT_EQ(e.at, kStart);
    details.push_back(e.detail);
  }
  EXPECT_NE(std::find(details.begin(), details.end(), "kiosk.language: zh -> en"), details.end());
  EXPECT_NE(std::find(details.begin(), details.end(), "kiosk.large_text: false -> true"), details.end());
  EXPECT_NE(std::find(details.begin(), details.end(), "display.idle_timeout_seconds: 60 -> 90"), details.end());

  // Saving the same values again changes and audits nothing; one change is one entry.
  ASSERT_TRUE(SettingsStore(db()).Save(wanted, config_, "staff", kStart + 1).ok());
  EXPECT_EQ(Audit().size(), 3u);
  wanted.language = Language::kZh;
  ASSERT_TRUE(SettingsStore(db()).Save(wanted, config_, "staff", kStart + 2).ok());
  EXPECT_EQ(Audit().size(), 4u);
  EXPECT_EQ(Audit().front().detail, "kiosk.language: en -> zh");
}

TEST_F(SettingsStoreTest, AnIdleTimeoutOutOfRangeSavesNothing) {
  for (int seconds : {0, 9, 3601}) {
    Status s = SettingsStore(db()).Save({Language::kEn, false, seconds}, config_, "staff", kStart);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << seconds;
  }
  EXPECT_EQ(Load(), SettingsFromConfig(config_));
  EXPECT_TRUE(Audit().empty());
}

TEST_F(SettingsStoreTest, TheVolumeAndReadingTitlesOverrideTheAccessibilityKeysAcrossARestart) {
  config_.speech_volume = 55;  // [accessibility] volume: where the kiosk starts
  EXPECT_EQ(Load().speech_volume, 55);
  EXPECT_FALSE(Load().read_titles);
  StaffSettings wanted = Load();
  wanted.speech_volume = 30;
  wanted.read_titles = true;
  ASSERT_TRUE(SettingsStore(db()).Save(wanted, config_, "staff", kStart).ok());
  Reopen();
  EXPECT_EQ(Load(), wanted);
  KioskConfig applied = config_;
  ApplySettings(Load(), applied);
  EXPECT_EQ(applied.speech_volume, 30);
  EXPECT_TRUE(applied.read_titles);
  std::vector<std::string> details;
  for (const auto& e : Audit()) details.push_back(e.detail);
  EXPECT_NE(std::find(details.begin(), details.end(), "accessibility.volume: 55 -> 30"), details.end());
  EXPECT_NE(std::find(details.begin(), details.end(), "accessibility.read_titles: false -> true"), details.end());
  EXPECT_EQ(details.size(), 2u);
}

TEST_F(SettingsStoreTest, AVolumeOutOfRangeSavesNothing) {
  for (int volume : {-1, 101}) {
    StaffSettings wanted = SettingsFromConfig(config_);
    wanted.speech_volume = volume;
    wanted.read_titles = true;
    EXPECT_EQ(SettingsStore(db()).Save(wanted, config_, "staff", kStart).code(), StatusCode::kInvalidArgument)
        << volume;
  }
  EXPECT_EQ(Load(), SettingsFromConfig(config_));
  EXPECT_TRUE(Audit().empty());
}

TEST_F(SettingsStoreTest, AStoredValueThisBuildCannotReadIsIgnored) {
  ASSERT_TRUE(db().Exec("INSERT INTO settings(key, value, updated_at) VALUES "
                        "('kiosk.language', 'fr', 0), ('kiosk.large_text', 'yes', 0), "
                        "('display.idle_timeout_seconds', '5', 0), ('accessibility.volume', '120', 0), "
                        "('accessibility.read_titles', '1', 0), ('unknown.key', 'x', 0)")
                  .ok());
  EXPECT_EQ(Load(), SettingsFromConfig(config_));
}

}  // namespace
}  // namespace lk
