// Formats `learning-hub report` and `learning-hub devices` output: CSV (csv_writer.h: RFC 4180, formula-safe, one header line) or
// JSON, with times in the centre's time zone. Pure functions of their inputs: thread-safe.
#pragma once

#include <string>
#include <vector>

#include "kiosk/core/time_zone.h"
#include "sync/hub/hub_store.h"

namespace lk::hub {

enum class ReportFormat { kCsv, kJson };

// Credit hours as reports and pages print them: "1.5", "3", "-2" (printf's %g).
std::string FormatHours(double hours);

std::string FormatReport(const std::vector<ReportRow>& rows, const TimeZone& zone, ReportFormat format);
std::string FormatReportSummary(const std::vector<SessionSummary>& sessions, const TimeZone& zone,
                                ReportFormat format);
// `now` turns last-seen times into ages for the text table.
std::string FormatDevices(const std::vector<DeviceInfo>& devices, TimeMs now, bool json);

}  // namespace lk::hub
