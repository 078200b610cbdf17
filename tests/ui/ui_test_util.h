// Helpers for the UI tests: a kiosk data directory with the demo catalogue imported at a chosen time, a
// config file, a UiDriver started on them, and questions about what the last frame showed.
// Single-threaded.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/app/ui_driver.h"
#include "kiosk/core/attendance_store.h"
#include "tests/testing/test_util.h"

namespace lk::testing {

// 2026-12-02 10:00 in Beijing (a Wednesday): the demo's relative sessions are laid out around it.
constexpr TimeMs kUiTestNow = 1796176800000;  // 2026-12-02T02:00:00Z

struct KioskFixture {
  TempDir dir;
  std::string data_dir() const { return dir.path() + "/data"; }
  std::string config_path() const { return dir.File("kiosk.toml"); }
};

// Imports the demo catalogue at `now` into `fixture.data_dir()` and writes `config_toml` as its config.
void PrepareKiosk(const KioskFixture& fixture, TimeMs now = kUiTestNow, const std::string& config_toml = "");

// Starts a UiDriver on the fixture; fails the test (and returns null) if the App cannot start.
std::unique_ptr<ui::UiDriver> StartKiosk(const KioskFixture& fixture, TimeMs now = kUiTestNow,
                                         std::optional<Language> language = std::nullopt, bool large_text = false);

// Every attendance record in the fixture's store for sessions starting on `now`'s day in Beijing.
std::vector<RosterEntry> TodaysRecords(const KioskFixture& fixture, TimeMs now = kUiTestNow);

// What every kiosk screen must pass in its last frame (`name` says which frame in failure messages): every
// label fits its widget, every touch target is at least kMinTarget square, inside the screen and at least
// kMinSpacing from the next, every text fits its box and every character has a glyph. Adds gtest failures.
constexpr float kMinTarget = 96;
constexpr float kMinSpacing = 12;
void CheckFrame(const ui::UiDriver& d, const std::string& name);

// Writes the strokes of tests/data/strokes/<name>.json on the search screen's handwriting pad (the pad must
// be showing): each stroke a finger drag through its points, scaled from the 0-1000 square to the pad.
void WriteOnPad(ui::UiDriver& d, const std::string& name);

// True when some text or widget line drawn in the last frame contains `text`.
bool Shows(const ui::UiDriver& driver, std::string_view text);

}  // namespace lk::testing
