#include "kiosk/core/csv_writer.h"

namespace lk {

std::string CsvCell(std::string_view text) {
  bool formula = !text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos;
  bool quoted = text.find_first_of(",\"\r\n") != std::string_view::npos;
  if (!formula && !quoted) return std::string(text);
  std::string out;
  out.reserve(text.size() + 4);
  if (quoted) out += '"';
  if (formula) out += '\'';
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  if (quoted) out += '"';
  return out;
}

CsvWriter::CsvWriter(bool byte_order_mark) {
  if (byte_order_mark) text_ = "\xEF\xBB\xBF";
}

CsvWriter& CsvWriter::Row(std::initializer_list<std::string_view> cells) {
  bool first = true;
  for (std::string_view cell : cells) {
    if (!first) text_ += ',';
    text_ += CsvCell(cell);
    first = false;
  }
  text_ += "\r\n";
  return *this;
}

}  // namespace lk
