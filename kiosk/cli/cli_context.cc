#include "cli_context.h"

#include <iostream>

namespace lk::cli {

const KioskConfig& CliContext::config() {
  if (!config_) {
    // The default path may be absent on a development machine; a path the user named must exist.
    config_ = Check(LoadKioskConfig(config_path, /*missing_ok=*/!config_path_given));
  }
  return *config_;
}

KioskStore& CliContext::store() {
  if (!store_) store_.emplace(Check(KioskStore::Open(data_dir)));
  return *store_;
}

const TimeZone& CliContext::zone() {
  if (!zone_) zone_ = Check(TimeZone::Load(config().time_zone));
  return *zone_;
}

void CliContext::Fail(const Status& status) {
  std::cerr << "kioskctl: " << status.message() << "\n";
  int code = kExitFailure;
  switch (status.code()) {
    case StatusCode::kInvalidArgument:
    case StatusCode::kNotFound:
    case StatusCode::kFailedPrecondition:
    case StatusCode::kPermissionDenied:
    case StatusCode::kAlreadyExists: code = kExitRefused; break;
    default: break;
  }
  throw CommandFailed{code};
}

}  // namespace lk::cli
