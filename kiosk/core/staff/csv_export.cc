#include "kiosk/core/staff/csv_export.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "kiosk/core/roster_csv.h"

namespace lk {
namespace {

std::string ParentDir(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

bool IsFull(int err) { return err == ENOSPC || err == EDQUOT || err == EFBIG; }

// A Status for a failed system call on `path`, the disk-full cases worded for staff.
Status OsError(int err, const std::string& what, const std::string& path, size_t bytes) {
  if (IsFull(err)) {
    return Status::ResourceExhausted("not enough free space in " + ParentDir(path) + " for the export (" +
                                     std::to_string((bytes + 1023) / 1024) +
                                     " KB needed): the disk or USB stick is full");
  }
  return Status::IoError("cannot " + what + " " + path + ": " + std::strerror(err));
}

// Writes all of `bytes` to `fd`, retrying short writes and EINTR; returns 0 or errno.
int WriteAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    bytes.remove_prefix(size_t(n));
  }
  return 0;
}

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

Status WriteFileAtomically(const std::string& path, std::string_view bytes) {
  const std::string dir = ParentDir(path);
  LK_RETURN_IF_ERROR(CheckDirectory(dir));
  std::string temp = dir + "/.export-XXXXXX";
  std::vector<char> name(temp.begin(), temp.end());
  name.push_back('\0');
  int fd = ::mkostemp(name.data(), O_CLOEXEC);
  if (fd < 0) return OsError(errno, "create a file in", dir, bytes.size());
  temp = name.data();
  ::fchmod(fd, 0644);  // mkostemp makes 0600; FAT sticks refuse chmod, which is harmless

  int err = WriteAll(fd, bytes);
  const char* step = "write";
  if (err == 0 && ::fsync(fd) != 0) err = errno, step = "flush";
  if (::close(fd) != 0 && err == 0) err = errno, step = "close";
  if (err != 0) {
    ::unlink(temp.c_str());
    return OsError(err, step, path, bytes.size());
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    err = errno;
    ::unlink(temp.c_str());
    return OsError(err, "replace", path, bytes.size());
  }
  // Make the rename itself durable before staff pull the stick out.
  int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    int rc = ::fsync(dir_fd);
    int sync_err = errno;
    ::close(dir_fd);
    if (rc != 0 && sync_err != EINVAL) return OsError(sync_err, "flush folder", dir, bytes.size());
  }
  return Status::Ok();
}

Result<ExportResult> ExportAttendanceToFile(AttendanceStore& attendance, const TimeZone& zone, const ExportRange& range,
                                            const std::string& file) {
  LK_ASSIGN_OR_RETURN(RangeCsv csv, MakeCsv(attendance, zone, range));
  LK_RETURN_IF_ERROR(WriteFileAtomically(file, csv.text));
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
                                           const std::string& centre_id, const std::string& dir) {
  LK_RETURN_IF_ERROR(CheckDirectory(dir));
  std::string base = dir.size() > 1 && dir.back() == '/' ? dir.substr(0, dir.size() - 1) : dir;
  return ExportAttendanceToFile(attendance, zone, range, base + "/" + ExportFileName(centre_id, range));
}

}  // namespace lk
