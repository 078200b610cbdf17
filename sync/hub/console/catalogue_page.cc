// Catalogue (/console/catalogue): upload a centre's catalogue JSON (kiosk/core/CATALOG.md), see what it
// would add, change and remove (or the validator's error with its JSON path), and which texts have
// characters a kiosk cannot show, before applying it; the kiosks pick it up on their next pull.
#include <algorithm>

#include "kiosk/core/catalog_json.h"
#include "kiosk/core/shown_text.h"
#include "sync/hub/console/console_pages.h"
#include "sync/hub/console/page_util.h"

namespace lk::hub::console {
namespace {

nlohmann::json Items(const std::vector<CatalogItemKey>& keys, Language lang) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& [type, id] : keys) items.push_back({{"type", Text(lang, sync::ItemTypeName(sync::ItemType(type)))}, {"id", id}});
  return items;
}

// The texts a kiosk would draw boxes in (shown_text.h, the rule `import-catalog` warns with), in the
// viewer's words: "课程 c-tea · 标题: 𠮷 ×1".
nlohmann::json Unshowable(const Catalog& catalog, Language lang) {
  nlohmann::json items = nlohmann::json::array();
  for (const UnshowableText& u : UnshowableTexts(catalog)) {
    items.push_back({{"owner", Text(lang, u.owner)},
                     {"id", u.id},
                     {"field", Text(lang, "field_" + u.field)},
                     {"characters", u.characters},
                     {"count", u.count}});
  }
  return items;
}

// The centre and the parsed catalogue of a preview or apply form; false when a refusal or an error
// page has been written (with the upload form again for an invalid catalogue).
bool ReadUpload(ConsoleApp& app, PageCall& call, std::vector<CentreRow>* centres, CentreRow* centre, Catalog* catalog) {
  auto visible = app.VisibleCentres(call.viewer);
  if (!visible.ok()) {
    app.StoreError(call, visible.status());
    return false;
  }
  *centres = std::move(*visible);
  const std::string id = call.form["centre"];
  auto found = std::find_if(centres->begin(), centres->end(), [&](const CentreRow& c) { return c.centre.id == id; });
  if (found == centres->end()) {
    app.Refuse(call, 403, "forbidden");
    return false;
  }
  *centre = *found;
  auto parsed = ParseCatalogJson(call.form["catalog"], call.now, "catalogue");
  if (!parsed.ok()) {
    call.res.status = 422;
    app.Render(call, "catalogue",
               {{"centres", CentreChoice(*centres, id, "catalogue-centre", /*allow_all=*/false, call.lang)},
                {"error", parsed.status().message()},
                {"catalog", call.form["catalog"]}},
               "catalogue");
    return false;
  }
  *catalog = std::move(*parsed);
  return true;
}

}  // namespace

void CataloguePage(ConsoleApp& app, PageCall& call) {
  auto centres = app.VisibleCentres(call.viewer);
  if (!centres.ok()) return app.StoreError(call, centres.status());
  nlohmann::json model{
      {"centres", CentreChoice(*centres, call.req.query_value("centre"), "catalogue-centre", /*allow_all=*/false,
                               call.lang)}};
  if (call.req.query_value("applied") == "1") model["applied"] = true;
  app.Render(call, "catalogue", std::move(model), "catalogue");
}

void CataloguePreview(ConsoleApp& app, PageCall& call) {
  std::vector<CentreRow> centres;
  CentreRow centre;
  Catalog catalog;
  if (!ReadUpload(app, call, &centres, &centre, &catalog)) return;
  auto preview = app.store().PreviewCatalog(centre.centre.id, catalog);
  if (!preview.ok()) return app.StoreError(call, preview.status());
  nlohmann::json unshowable = Unshowable(catalog, call.lang);
  const bool has_unshowable = !unshowable.empty();
  app.Render(call, "catalogue_preview",
             {{"centre_id", centre.centre.id},
              {"unshowable", std::move(unshowable)},
              {"has_unshowable", has_unshowable},
              {"centre_name", LocalizedName(centre.centre.name, call.lang)},
              {"version", catalog.version},
              {"other_centre", catalog.centre.id != centre.centre.id ? nlohmann::json(catalog.centre.id) : nullptr},
              {"added", Items(preview->added, call.lang)},
              {"changed", Items(preview->changed, call.lang)},
              {"removed", Items(preview->removed, call.lang)},
              {"added_n", preview->added.size()},
              {"changed_n", preview->changed.size()},
              {"removed_n", preview->removed.size()},
              {"unchanged_n", preview->unchanged},
              {"catalog", call.form["catalog"]}},
             "catalogue");
}

void CatalogueApply(ConsoleApp& app, PageCall& call) {
  std::vector<CentreRow> centres;
  CentreRow centre;
  Catalog catalog;
  if (!ReadUpload(app, call, &centres, &centre, &catalog)) return;
  auto stats = app.hub().ImportCatalog(centre.centre.id, catalog, call.now, app.options().tombstone_retention_ms);
  if (!stats.ok()) return app.StoreError(call, stats.status());
  Status audited = app.Audit(call, "catalogue.import", centre.centre.id,
                             "catalogue " + catalog.version + ": " + std::to_string(stats->added) + " added, " +
                                 std::to_string(stats->changed) + " changed, " + std::to_string(stats->removed) +
                                 " removed");
  if (!audited.ok()) return app.StoreError(call, audited);
  ConsoleApp::Redirect(call.res, "/console/catalogue?applied=1&centre=" + centre.centre.id);
}

}  // namespace lk::hub::console
