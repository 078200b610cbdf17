// BodyDecoder: a request body as it arrives, decoded as it streams (Content-Encoding identity, gzip or
// deflate) with a running count, so that neither the bytes on the wire nor the inflated bytes can
// exceed the limit: a 200 KB gzip bomb stops at `limit` inflated bytes, never inflated whole.
//
// Feed() the wire bytes in any pieces; Finish() at the end. Once a state other than kOk is reached the
// decoder stays there and keeps nothing more. Value type; one request, one thread.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace lk::hub {

enum class BodyEncoding { kIdentity, kGzip, kDeflate };
// The encoding named by a Content-Encoding header value (empty: identity); nullopt for any other.
std::optional<BodyEncoding> ParseBodyEncoding(std::string_view header_value);

class BodyDecoder {
 public:
  enum class State {
    kOk,
    kTooLarge,  // over the limit, on the wire or inflated
    kCorrupt,   // not valid compressed data, or truncated at Finish()
  };

  BodyDecoder(BodyEncoding encoding, size_t limit);
  ~BodyDecoder();
  BodyDecoder(BodyDecoder&&) noexcept;
  BodyDecoder& operator=(BodyDecoder&&) noexcept;

  State Feed(std::string_view wire);
  State Finish();
  State state() const { return state_; }
  size_t wire_bytes() const { return wire_bytes_; }  // every byte fed, also after a refusal
  // The decoded body so far (all of it after a kOk Finish()).
  const std::string& body() const { return body_; }
  std::string TakeBody() { return std::move(body_); }

 private:
  struct Inflater;
  State Fail(State state);

  BodyEncoding encoding_;
  size_t limit_;
  size_t wire_bytes_ = 0;
  State state_ = State::kOk;
  bool stream_ended_ = false;
  std::string body_;
  std::unique_ptr<Inflater> inflater_;
};

}  // namespace lk::hub
