#include "kiosk/core/status.h"

#include "kiosk/core/enum_names.h"

namespace lk {

namespace {
constexpr EnumName<StatusCode> kStatusCodeNames[] = {{StatusCode::kInternal, "internal error"},
                                                     {StatusCode::kOk, "ok"},
                                                     {StatusCode::kInvalidArgument, "invalid argument"},
                                                     {StatusCode::kNotFound, "not found"},
                                                     {StatusCode::kAlreadyExists, "already exists"},
                                                     {StatusCode::kFailedPrecondition, "failed precondition"},
                                                     {StatusCode::kPermissionDenied, "permission denied"},
                                                     {StatusCode::kResourceExhausted, "resource exhausted"},
                                                     {StatusCode::kCorruption, "corruption"},
                                                     {StatusCode::kUnavailable, "unavailable"},
                                                     {StatusCode::kIoError, "I/O error"}};
}  // namespace

const char* StatusCodeName(StatusCode code) { return NameOf(kStatusCodeNames, code); }

std::string Status::ToString() const {
  if (ok()) return "ok";
  return std::string(StatusCodeName(code_)) + ": " + message_;
}

}  // namespace lk
