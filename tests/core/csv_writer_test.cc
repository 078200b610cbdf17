// CsvWriter (kiosk/core/csv_writer.h), as a spreadsheet and a program see its output: every cell that
// starts like a formula is neutralised, and Python's csv module reads every cell back as written
// (apart from the leading ' on those).
#include "kiosk/core/csv_writer.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "kiosk/core/roster_csv.h"
#include "tests/testing/test_util.h"

namespace lk {
namespace {

const std::vector<std::string> kHostile = {
    "=HYPERLINK(\"http://x\",\"click\")", "+1+2", "-2+3", "@SUM(A1)", "\tTAB", "\rCR", "plain",
    "with,comma", "with \"quotes\"", "line\nbreak", "=1,2", "课程,\"书法\"", "", "L-0001|!'()"};

std::string Expected(const std::string& cell) {
  bool formula = !cell.empty() && std::string("=+-@\t\r").find(cell[0]) != std::string::npos;
  return formula ? "'" + cell : cell;
}

// Python's csv module's reading of `text` (written to a file), as JSON rows.
nlohmann::json ReadWithPython(const std::string& text) {
  testing::TempDir dir;
  std::string path = dir.File("x.csv");
  testing::WriteFile(path, text);
  std::string script = dir.File("read.py");
  testing::WriteFile(script,
                     "import csv, json, sys\n"
                     "with open(sys.argv[1], newline='', encoding='utf-8-sig') as f:\n"
                     "    print(json.dumps(list(csv.reader(f)), ensure_ascii=False))\n");
  testing::ProcessResult r = testing::RunProcess({"/usr/bin/python3", script, path});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return nlohmann::json::parse(r.out);
}

TEST(CsvWriterTest, FormulaCellsAreNeutralisedAndEveryCellReadsBack) {
  CsvWriter csv(/*byte_order_mark=*/true);
  csv.Row({"header", "second"});
  for (const auto& cell : kHostile) csv.Row({cell, "x" + cell});
  nlohmann::json rows = ReadWithPython(csv.text());
  ASSERT_EQ(rows.size(), kHostile.size() + 1);
  EXPECT_EQ(rows[0], nlohmann::json::array({"header", "second"}));
  for (size_t i = 0; i < kHostile.size(); ++i) {
    EXPECT_EQ(rows[i + 1][0], Expected(kHostile[i])) << "cell " << i;
    EXPECT_EQ(rows[i + 1][1], "x" + kHostile[i]) << "cell " << i;
  }
}

TEST(CsvWriterTest, TheKiosksRosterUsesIt) {
  RosterEntry e;
  e.record.id = "0190c7a0-0000-7000-8000-000000000001";
  e.record.learner_id = "=cmd|' /C calc'!A0";
  e.record.session_id = "-s1";
  e.course_title_zh = "@书法";
  e.course_title_en = "Calligraphy, \"Kaishu\"";
  e.voided = true;
  e.void_reason = "\tmistake";
  auto zone = TimeZone::Load("Asia/Shanghai");
  ASSERT_TRUE(zone.ok());
  nlohmann::json rows = ReadWithPython(RosterToCsv({e}, *zone, {.byte_order_mark = true}));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1][2], "'-s1");
  EXPECT_EQ(rows[1][3], "'@书法");
  EXPECT_EQ(rows[1][4], "Calligraphy, \"Kaishu\"");
  EXPECT_EQ(rows[1][5], "'=cmd|' /C calc'!A0");
  EXPECT_EQ(rows[1][10], "'\tmistake");
}

}  // namespace
}  // namespace lk
