#include "kiosk/core/staff/csv_export.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <string_view>
#include <vector>

#include "kiosk/core/roster_csv.h"

namespace lk {
namespace {

Status CheckDirectory(const std::string& dir) {
  struct stat st;
  if (::stat(dir.c_str(), &st) != 0) {
    if (errno == ENOENT) {
      return Status::NotFound("export folder " + dir + " does not exist: is the USB stick plugged in?");
    }
    return Status::IoError("cannot open export folder " + dir + ": " + std::strerror(errno));
  }
  if (!S_ISDIR(st.st_mode)) return Status::IoError("export folder " + dir + " is not a folder");
  return Status::Ok();
}

struct RangeCsv {
  std::string text;
  int rows = 0;
};

// Writes `bytes` to `path` through `env`, the disk-full case worded for staff.
Status WriteExport(Env& env, const std::string& path, std::string_view bytes) {
  const std::string dir = ParentDir(path);
  LK_RETURN_IF_ERROR(CheckDirectory(dir));
  auto free_bytes = env.FreeBytes(dir);
  const bool no_room = free_bytes.ok() && *free_bytes < bytes.size();  // unknown free space: let the write find out
  Status written = no_room ? Status::Ok() : env.WriteFileAtomically(path, bytes);
  if (no_room || written.code() == StatusCode::kResourceExhausted) {
    return Status::ResourceExhausted("not enough free space in " + dir + " for the export (" +
                                     std::to_string((bytes.size() + 1023) / 1024) +
                                     " KB needed): the disk or USB stick is full");
  }
  return written;
}

Result<RangeCsv> MakeCsv(AttendanceStore& attendance, const TimeZone& zone, const ExportRange& range) {
  if (range.to < range.from) {
    return Status::InvalidArgument("the export's first day " + range.from.ToString() + " is after its last day " +
                                   range.to.ToString());
  }
  LK_ASSIGN_OR_RETURN(std::vector<RosterEntry> entries,
                      attendance.Roster(zone.StartOfDay(range.from), zone.StartOfDay(AddDays(range.to, 1))));
  return RangeCsv{RosterToCsv(entries, zone, {.byte_order_mark = true, .mask_learner_ids = false}),
                  int(entries.size())};
}

}  // namespace

std::string ExportFileName(const std::string& centre_id, const ExportRange& range) {
  std::string centre = centre_id.empty() ? "kiosk" : centre_id;
  for (char& c : centre) {
    bool safe = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!safe) c = '_';
  }
  return "attendance-" + centre + "-" + range.from.ToString() + "_" + range.to.ToString() + ".csv";
}

Result<ExportResult> ExportAttendanceToFile(AttendanceStore& attendance, const TimeZone& zone, const ExportRange& range,
                                            const std::string& file, Env* env) {
  LK_ASSIGN_OR_RETURN(RangeCsv csv, MakeCsv(attendance, zone, range));
  LK_RETURN_IF_ERROR(WriteExport(*env, file, csv.text));
  return ExportResult{file, csv.rows, csv.text.size()};
}

Status AuditExport(AuditLog& log, const std::string& actor, const ExportRange& range, const ExportResult& result,
                   TimeMs now) {
  return log.Append(actor, "attendance.export",
                    range.from.ToString() + " to " + range.to.ToString() + ": " + std::to_string(result.rows) +
                        " records to " + result.path,
                    now);
}

Result<ExportResult> ExportAttendanceToDir(AttendanceStore& attendance, const TimeZone& zone, const ExportRange& range,
                                           const std::string& centre_id, const std::string& dir, Env* env) {
  LK_RETURN_IF_ERROR(CheckDirectory(dir));
  std::string base = dir.size() > 1 && dir.back() == '/' ? dir.substr(0, dir.size() - 1) : dir;
  return ExportAttendanceToFile(attendance, zone, range, base + "/" + ExportFileName(centre_id, range), env);
}

}  // namespace lk
