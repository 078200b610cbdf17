#include "sync/client/catalog_pull.h"

#include "kiosk/core/catalog_store.h"
#include "sync/client/crash_point.h"
#include "sync/protocol/catalog_messages.h"
#include "sync/protocol/protocol.h"

namespace lk::sync {
namespace {

constexpr int kMaxPages = 10'000;  // a hub that never says has_more=false is broken

}  // namespace

Result<PullResult> CatalogPuller::Pull(TimeMs now) {
  CatalogStore store(db_);
  LK_ASSIGN_OR_RETURN(CatalogState state, store.State());
  PullResult result;
  result.version = state.version;
  std::string cursor = state.cursor;
  std::optional<CatalogAccumulator> acc;  // built lazily: a 304 needs no local catalogue
  for (int page_no = 0; page_no < kMaxPages; ++page_no) {
    HubRequest request;
    request.path = std::string(kCatalogPath) + (cursor.empty() ? "" : "?since=" + UrlEncode(cursor));
    if (page_no == 0 && !state.etag.empty() && !state.cursor.empty()) {
      request.headers.push_back("If-None-Match: " + state.etag);
    }
    LK_ASSIGN_OR_RETURN(HubResponse response, client_.Send(request));
    if (page_no == 0 && response.from_hub && response.http_status == 304) {
      result.not_modified = true;
      return result;
    }
    LK_RETURN_IF_ERROR(ExpectHub(response, {200}));
    auto page = ParseCatalogPage(response.body);
    if (!page.ok()) {
      return Status::Unavailable("the hub's catalogue page could not be read (" + page.status().message() + ")");
    }
    ++result.pages;
    CrashPoint("mid_pull");
    if (!acc) {
      if (page->full || state.version.empty()) {
        acc.emplace();
      } else {
        LK_ASSIGN_OR_RETURN(Catalog local, store.Load());
        acc.emplace(local);
      }
    }
    acc->Apply(*page);
    bool cursor_moved = page->next_cursor != state.cursor;
    cursor = page->next_cursor;
    // The kiosk switches catalogues only after the last page (PROTOCOL.md §4): all pages of one pull
    // and the final cursor go in one transaction, so a crash mid-pull leaves the old catalogue.
    if (page->has_more) continue;
    bool nothing_new = page->items.empty() && !page->full && page->catalog_version == result.version;
    if (!nothing_new || cursor_moved || response.etag != state.etag) {
      auto catalog = acc->Build();
      if (!catalog.ok()) {
        return Status::Unavailable("the hub's catalogue is not valid: " + catalog.status().message());
      }
      LK_RETURN_IF_ERROR(store.Apply(FullCatalogChanges(*catalog, cursor, response.etag), now));
      state.etag = response.etag;
      result.changed = result.changed || !nothing_new;
      result.version = catalog->version;
      CrashPoint("after_pull_page");
    }
    if (!page->has_more) return result;
  }
  return Status::Unavailable("the hub's catalogue feed did not end after " + std::to_string(kMaxPages) + " pages");
}

}  // namespace lk::sync
