#include "sync/hub/console/template_set.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <kainjow/mustache.hpp>

namespace lk::hub::console {
namespace {

namespace mustache = kainjow::mustache;

mustache::data ToData(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::object: {
      mustache::data d{mustache::data::type::object};
      for (const auto& [key, item] : value.items()) d.set(key, ToData(item));
      return d;
    }
    case nlohmann::json::value_t::array: {
      mustache::data d{mustache::data::type::list};
      for (const auto& item : value) d.push_back(ToData(item));
      return d;
    }
    case nlohmann::json::value_t::boolean:
      return value.get<bool>() ? mustache::data{mustache::data::type::bool_true}
                               : mustache::data{mustache::data::type::bool_false};
    case nlohmann::json::value_t::string:
      return mustache::data{value.get<std::string>()};
    case nlohmann::json::value_t::null:
      return mustache::data{mustache::data::type::bool_false};
    default:
      return mustache::data{value.dump()};  // numbers as their JSON text
  }
}

}  // namespace

Result<TemplateSet> TemplateSet::Load(const std::string& dir) {
  TemplateSet set;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() != ".mustache") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in) return Status::InvalidArgument("console template " + entry.path().string() + ": cannot read it");
    mustache::mustache parsed{text.str()};
    if (!parsed.is_valid()) {
      return Status::InvalidArgument("console template " + entry.path().string() + ": " + parsed.error_message());
    }
    set.sources_[entry.path().stem().string()] = text.str();
  }
  if (ec) return Status::InvalidArgument("console templates: cannot read directory " + dir + ": " + ec.message());
  if (set.sources_.empty()) return Status::InvalidArgument("console templates: no *.mustache file in " + dir);
  return set;
}

Result<std::string> TemplateSet::Render(const std::string& name, const nlohmann::json& model) const {
  auto it = sources_.find(name);
  if (it == sources_.end()) return Status::NotFound("no console template \"" + name + "\"");
  mustache::data data = ToData(model);
  for (const auto& [partial_name, source] : sources_) {
    if (partial_name.front() != '_') continue;  // partials are named _x, so they never shadow a model key
    const std::string* text = &source;
    data.set(partial_name, mustache::partial{[text] { return *text; }});
  }
  mustache::mustache page{it->second};
  std::string html = page.render(data);
  if (!page.is_valid()) return Status::Internal("console template " + name + ": " + page.error_message());
  return html;
}

}  // namespace lk::hub::console
