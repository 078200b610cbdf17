// TemplateSet: the console's HTML templates (mustache files, kainjow's renderer), read once at start-up
// from a directory (installed under /usr/share/learning-hub/console/templates). Templates named _x
// are partials every page may include ({{> _head}}). Models are JSON values (the same a page's live
// JSON endpoint serves); {{name}} is HTML-escaped, so text from centres and catalogues cannot inject.
// Sections ({{#x}}) skip false, null and empty lists; an empty string counts as true (kainjow's
// rule), so a model says "nothing" with null.
//
// Thread-safety: immutable after Load; Render may run on many threads at once (each call parses its
// own copy: templates are a few KB and parse in microseconds).
#pragma once

#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "kiosk/core/status.h"

namespace lk::hub::console {

class TemplateSet {
 public:
  // Reads every NAME.mustache in `dir`; each must parse. Errors name the file.
  static Result<TemplateSet> Load(const std::string& dir);

  // kNotFound for an unknown name; kInternal if rendering fails (a template error).
  Result<std::string> Render(const std::string& name, const nlohmann::json& model) const;

 private:
  std::map<std::string, std::string> sources_;  // name -> template text
};

}  // namespace lk::hub::console
