// Status and Result<T>: how every fallible call crosses a module boundary.
//
// A Status is either ok or carries an error code plus a message written for a person (the message names
// the file, key, record or value concerned). Result<T> holds either a value or a non-ok Status.
// Both are plain values: copyable, movable, thread-compatible (no shared state).
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace lk {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,   // bad input from a person or a peer: learner id, config value, JSON
  kNotFound,          // unknown session, course, file
  kAlreadyExists,     // duplicate check-in (not an error for callers that treat it as success)
  kFailedPrecondition,// session not open yet / closed, schema too new, device not enrolled
  kPermissionDenied,  // staff PIN wrong or locked
  kResourceExhausted, // disk full
  kCorruption,        // database fails its integrity check
  kUnavailable,       // network or peer not reachable; retry later
  kIoError,           // any other file or database failure
  kInternal,
};

const char* StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return {}; }
  static Status InvalidArgument(std::string m) { return {StatusCode::kInvalidArgument, std::move(m)}; }
  static Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
  static Status AlreadyExists(std::string m) { return {StatusCode::kAlreadyExists, std::move(m)}; }
  static Status FailedPrecondition(std::string m) { return {StatusCode::kFailedPrecondition, std::move(m)}; }
  static Status PermissionDenied(std::string m) { return {StatusCode::kPermissionDenied, std::move(m)}; }
  static Status ResourceExhausted(std::string m) { return {StatusCode::kResourceExhausted, std::move(m)}; }
  static Status Corruption(std::string m) { return {StatusCode::kCorruption, std::move(m)}; }
  static Status Unavailable(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }
  static Status IoError(std::string m) { return {StatusCode::kIoError, std::move(m)}; }
  static Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // "code: message", for logs and stderr.
  std::string ToString() const;
  // Marks a status as deliberately ignored.
  void IgnoreError() const {}

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : data_(std::move(status)) { assert(!std::get<Status>(data_).ok()); }  // NOLINT

  bool ok() const { return std::holds_alternative<T>(data_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(data_);
  }
  T& value() & { return std::get<T>(data_); }
  const T& value() const& { return std::get<T>(data_); }
  T&& value() && { return std::get<T>(std::move(data_)); }
  T value_or(T fallback) const& { return ok() ? value() : std::move(fallback); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> data_;
};

}  // namespace lk

// Returns early from the enclosing function when `expr` (a Status) is not ok.
#define LK_RETURN_IF_ERROR(expr)          \
  do {                                    \
    ::lk::Status lk_status_ = (expr);     \
    if (!lk_status_.ok()) return lk_status_; \
  } while (0)

#define LK_CONCAT_INNER(a, b) a##b
#define LK_CONCAT(a, b) LK_CONCAT_INNER(a, b)
// `LK_ASSIGN_OR_RETURN(auto x, ResultExpr())` binds the value or returns the error.
#define LK_ASSIGN_OR_RETURN(lhs, expr) LK_ASSIGN_OR_RETURN_IMPL(LK_CONCAT(lk_result_, __LINE__), lhs, expr)
#define LK_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                             \
  if (!tmp.ok()) return tmp.status();            \
  lhs = std::move(tmp).value()
