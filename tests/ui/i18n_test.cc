// The text tables: both languages have the same keys and placeholders, every key the code uses exists, every
// key is used, and the screens contain no user-visible string literal.
#include <filesystem>
#include <regex>
#include <set>

#include <gtest/gtest.h>

#include "kiosk/app/strings.h"
#include "tests/testing/test_util.h"

namespace lk::ui {
namespace {

namespace fs = std::filesystem;
using lk::testing::ReadFile;
using lk::testing::SourcePath;

const std::regex kLiteral(R"re("((?:[^"\\\n]|\\.)*)")re");
const std::regex kKeyShape(R"re(^[a-z][a-z_]*(\.[a-z_]+)+$)re");
const std::regex kPlaceholder(R"re(\{([a-z_]+)\})re");

// The source with comments and #include lines removed.
std::string CodeOnly(const std::string& source) {
  std::string out;
  std::istringstream in(source);
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("#include")) continue;
    bool in_string = false;
    for (size_t i = 0; i < line.size(); ++i) {
      if (line[i] == '"' && (i == 0 || line[i - 1] != '\\')) in_string = !in_string;
      if (!in_string && line.compare(i, 2, "//") == 0) {
        line.resize(i);
        break;
      }
    }
    out += line + "\n";
  }
  return out;
}

std::vector<std::string> Literals(const std::string& code) {
  std::vector<std::string> out;
  for (auto it = std::sregex_iterator(code.begin(), code.end(), kLiteral); it != std::sregex_iterator(); ++it) {
    out.push_back((*it)[1].str());
  }
  return out;
}

std::vector<fs::path> AppSources() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(SourcePath("kiosk/app"))) {
    auto ext = entry.path().extension();
    if (ext == ".cc" || ext == ".h") files.push_back(entry.path());
  }
  return files;
}

Strings LoadStrings() {
  auto strings = Strings::Load(SourcePath("assets/i18n"));
  EXPECT_TRUE(strings.ok()) << strings.status().ToString();
  return strings.ok() ? std::move(strings).value() : Strings{};
}

std::set<std::string> Placeholders(std::string_view text) {
  std::set<std::string> names;
  std::string s(text);
  for (auto it = std::sregex_iterator(s.begin(), s.end(), kPlaceholder); it != std::sregex_iterator(); ++it) {
    names.insert((*it)[1].str());
  }
  return names;
}

TEST(I18nTest, BothLanguagesHaveTheSameKeysAndPlaceholders) {
  Strings strings = LoadStrings();
  EXPECT_EQ(strings.Keys(Language::kZh), strings.Keys(Language::kEn));
  EXPECT_GT(strings.Keys(Language::kZh).size(), 50u);
  for (const std::string& key : strings.Keys(Language::kZh)) {
    EXPECT_FALSE(strings.Get(Language::kZh, key).empty()) << key;
    EXPECT_FALSE(strings.Get(Language::kEn, key).empty()) << key;
    EXPECT_EQ(Placeholders(strings.Get(Language::kZh, key)), Placeholders(strings.Get(Language::kEn, key))) << key;
  }
}

TEST(I18nTest, EveryKeyTheCodeUsesExistsAndEveryKeyIsUsed) {
  Strings strings = LoadStrings();
  std::set<std::string> used;
  for (const fs::path& file : AppSources()) {
    for (const std::string& literal : Literals(CodeOnly(ReadFile(file.string())))) {
      if (!std::regex_match(literal, kKeyShape)) continue;
      used.insert(literal);
      EXPECT_TRUE(strings.Has(Language::kZh, literal)) << file.filename() << " uses missing key " << literal;
    }
  }
  for (const std::string& key : strings.Keys(Language::kZh)) {
    EXPECT_TRUE(used.contains(key)) << "key " << key << " is not used anywhere in kiosk/app";
  }
}

TEST(I18nTest, ScreensHaveNoUserVisibleLiterals) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(SourcePath("kiosk/app/screens"))) files.push_back(entry.path());
  files.push_back(SourcePath("kiosk/app/idle_prompt.cc"));
  const std::regex words(R"re([A-Za-z]{2,}[ ,.!?]+[A-Za-z])re");
  for (const fs::path& file : files) {
    for (const std::string& literal : Literals(CodeOnly(ReadFile(file.string())))) {
      bool ascii = std::all_of(literal.begin(), literal.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
      EXPECT_TRUE(ascii) << file.filename() << ": \"" << literal << "\" belongs in assets/i18n";
      if (std::regex_match(literal, kKeyShape)) continue;  // a text key
      EXPECT_FALSE(std::regex_search(literal, words)) << file.filename() << ": \"" << literal << "\" belongs in assets/i18n";
    }
  }
}

TEST(I18nTest, FormatFillsPlaceholders) {
  auto strings = Strings::Parse(R"({"a": "还剩 {count} 个", "b": "{x}{x} {unknown}"})",
                                R"({"a": "{count} left", "b": "{x}"})", "test");
  ASSERT_TRUE(strings.ok());
  EXPECT_EQ(strings->Format(Language::kZh, "a", {{"count", "5"}}), "还剩 5 个");
  EXPECT_EQ(strings->Format(Language::kEn, "a", {{"count", "5"}}), "5 left");
  EXPECT_EQ(strings->Format(Language::kZh, "b", {{"x", "1"}}), "11 {unknown}");
  EXPECT_EQ(strings->Get(Language::kZh, "missing.key"), "missing.key");
}

TEST(I18nTest, RejectsATableThatIsNotFlatText) {
  EXPECT_FALSE(Strings::Parse(R"({"a": 1})", R"({})", "t").ok());
  EXPECT_FALSE(Strings::Parse(R"([])", R"({})", "t").ok());
  EXPECT_FALSE(Strings::Parse(R"({"a": )", R"({})", "t").ok());
}

}  // namespace
}  // namespace lk::ui
