// CsvWriter: every CSV the project writes (the kiosk's roster and staff export, the hub's report), as
// RFC 4180 rows that a spreadsheet program shows the way a person reads them and never runs.
//
// A cell is quoted when it holds a comma, quote, CR or LF (inner quotes doubled). A cell that starts
// with `=`, `+`, `-`, `@`, tab or CR would be taken for a formula (OWASP "CSV injection"): it gets a
// leading `'`, which spreadsheets hide and which a program reading the file sees as text. Learner ids,
// course titles and reasons come from people and may start with any of them.
// Value type; not thread-safe (one writer per file).
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

namespace lk {

// One cell, neutralised and quoted as above.
std::string CsvCell(std::string_view text);

class CsvWriter {
 public:
  // `byte_order_mark`: start with a UTF-8 BOM so spreadsheet programs read Chinese as UTF-8.
  explicit CsvWriter(bool byte_order_mark = false);
  CsvWriter& Row(std::initializer_list<std::string_view> cells);
  const std::string& text() const { return text_; }
  std::string Take() { return std::move(text_); }

 private:
  std::string text_;
};

}  // namespace lk
