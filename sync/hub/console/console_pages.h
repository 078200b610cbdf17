// The console's pages, one file each, listed once in console_routes.cc. Each handler fills the
// response of one PageCall; the route wrapper has already resolved the viewer, checked the CSRF token
// of a POST and the role a page needs. A handler checks the centre it is asked about against the
// viewer's scope (403 otherwise) and audits every change it makes.
#pragma once

#include "sync/hub/console/console_app.h"

namespace lk::hub::console {

// Today (/console/): the viewer's centres now; the live part is also served alone for the page's poll.
void TodayPage(ConsoleApp& app, PageCall& call);
void TodayLive(ConsoleApp& app, PageCall& call);

// Centre (/console/centre/ID): sessions of a day with live counts, a session's roster, its kiosks,
// attendance by category and course over a period.
void CentrePage(ConsoleApp& app, PageCall& call);
void CentreLive(ConsoleApp& app, PageCall& call);
void RevealLearner(ConsoleApp& app, PageCall& call);  // POST: one masked id in full, audited (JSON)

// Devices: the list, revoke (confirm, then POST), enrolment codes.
void DevicesPage(ConsoleApp& app, PageCall& call);
void RevokeConfirmPage(ConsoleApp& app, PageCall& call);
void RevokeDevice(ConsoleApp& app, PageCall& call);
void IssueEnrollCode(ConsoleApp& app, PageCall& call);

// Catalogue: upload, preview the diff (or the validator's error), apply.
void CataloguePage(ConsoleApp& app, PageCall& call);
void CataloguePreview(ConsoleApp& app, PageCall& call);
void CatalogueApply(ConsoleApp& app, PageCall& call);

// Export: the form, and the CSV itself.
void ExportPage(ConsoleApp& app, PageCall& call);
void ExportCsv(ConsoleApp& app, PageCall& call);

// Audit log (city role).
void AuditPage(ConsoleApp& app, PageCall& call);

}  // namespace lk::hub::console
