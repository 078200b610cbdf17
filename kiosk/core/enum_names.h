// EnumNames: one table per enum that travels as text (the database, the wire, the config), read both
// ways, so a name and its parse can never disagree:
//
//   constexpr EnumName<RecordKind> kRecordKindNames[] = {{RecordKind::kCheckIn, "checkin"}, ...};
//   NameOf(kRecordKindNames, kind)  ->  "checkin"        (the first entry's name for a value not listed)
//   FromName(kRecordKindNames, "void")  ->  RecordKind::kVoid, or nullopt
//
// Header-only, constexpr; thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace lk {

template <typename E>
struct EnumName {
  E value;
  const char* name;  // a string literal
};

template <typename E, size_t N>
constexpr const char* NameOf(const EnumName<E> (&table)[N], E value) {
  for (const EnumName<E>& entry : table) {
    if (entry.value == value) return entry.name;
  }
  return table[0].name;
}

template <typename E, size_t N>
constexpr std::optional<E> FromName(const EnumName<E> (&table)[N], std::string_view name) {
  for (const EnumName<E>& entry : table) {
    if (name == entry.name) return entry.value;
  }
  return std::nullopt;
}

}  // namespace lk
