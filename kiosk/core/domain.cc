#include "kiosk/core/domain.h"

#include "kiosk/core/enum_names.h"

namespace lk {

namespace {

constexpr EnumName<RecordKind> kRecordKindNames[] = {
    {RecordKind::kCheckIn, "checkin"}, {RecordKind::kVoid, "void"}, {RecordKind::kCorrection, "correction"}};
constexpr EnumName<RecordSource> kRecordSourceNames[] = {{RecordSource::kKeypad, "keypad"},
                                                         {RecordSource::kScanner, "scanner"},
                                                         {RecordSource::kStaff, "staff"},
                                                         {RecordSource::kCli, "cli"}};
constexpr EnumName<Language> kLanguageCodes[] = {{Language::kZh, "zh"}, {Language::kEn, "en"}};

}  // namespace

const char* RecordKindName(RecordKind kind) { return NameOf(kRecordKindNames, kind); }
std::optional<RecordKind> ParseRecordKind(const std::string& name) { return FromName(kRecordKindNames, name); }
const char* RecordSourceName(RecordSource source) { return NameOf(kRecordSourceNames, source); }
std::optional<RecordSource> ParseRecordSource(const std::string& name) { return FromName(kRecordSourceNames, name); }
const char* LanguageCode(Language language) { return NameOf(kLanguageCodes, language); }
std::optional<Language> ParseLanguageCode(std::string_view code) { return FromName(kLanguageCodes, code); }

}  // namespace lk
