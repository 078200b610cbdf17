#include "sync/hub/body_decoder.h"

#include <zlib.h>

#include <cctype>

namespace lk::hub {

std::optional<BodyEncoding> ParseBodyEncoding(std::string_view value) {
  size_t b = value.find_first_not_of(" \t"), e = value.find_last_not_of(" \t");
  if (b == std::string_view::npos) return BodyEncoding::kIdentity;
  std::string name;
  for (char c : value.substr(b, e - b + 1)) name += char(std::tolower(static_cast<unsigned char>(c)));
  if (name == "identity") return BodyEncoding::kIdentity;
  if (name == "gzip" || name == "x-gzip") return BodyEncoding::kGzip;
  if (name == "deflate") return BodyEncoding::kDeflate;
  return std::nullopt;
}

// RAII for zlib's inflate state.
struct BodyDecoder::Inflater {
  z_stream z{};
  bool ready = false;
  explicit Inflater(BodyEncoding encoding) {
    // gzip: 15 + 16 (gzip header only); deflate: 15 + 32 (zlib header, auto-detected).
    ready = inflateInit2(&z, encoding == BodyEncoding::kGzip ? 15 + 16 : 15 + 32) == Z_OK;
  }
  ~Inflater() {
    if (ready) inflateEnd(&z);
  }
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;
};

BodyDecoder::BodyDecoder(BodyEncoding encoding, size_t limit) : encoding_(encoding), limit_(limit) {
  if (encoding_ != BodyEncoding::kIdentity) {
    inflater_ = std::make_unique<Inflater>(encoding_);
    if (!inflater_->ready) state_ = State::kCorrupt;
  }
}

BodyDecoder::~BodyDecoder() = default;
BodyDecoder::BodyDecoder(BodyDecoder&&) noexcept = default;
BodyDecoder& BodyDecoder::operator=(BodyDecoder&&) noexcept = default;

BodyDecoder::State BodyDecoder::Fail(State state) {
  state_ = state;
  body_.clear();
  body_.shrink_to_fit();
  inflater_.reset();
  return state_;
}

BodyDecoder::State BodyDecoder::Feed(std::string_view wire) {
  wire_bytes_ += wire.size();  // counted in every state: the server cuts off a sender that goes on
  if (state_ != State::kOk) return state_;
  if (wire_bytes_ > limit_) return Fail(State::kTooLarge);
  if (!inflater_) {
    body_.append(wire);
    return state_;
  }
  if (stream_ended_) return wire.empty() ? state_ : Fail(State::kCorrupt);  // bytes after the end
  z_stream& z = inflater_->z;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(wire.data()));
  z.avail_in = uInt(wire.size());
  char out[16384];
  // Until the input is used up and zlib has no more output pending (a full buffer may hide more).
  do {
    z.next_out = reinterpret_cast<Bytef*>(out);
    z.avail_out = sizeof out;
    int rc = inflate(&z, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) return Fail(State::kCorrupt);
    size_t produced = sizeof out - z.avail_out;
    if (body_.size() + produced > limit_) return Fail(State::kTooLarge);
    body_.append(out, produced);
    if (rc == Z_STREAM_END) {
      stream_ended_ = true;
      if (z.avail_in > 0) return Fail(State::kCorrupt);  // bytes after the end of the stream
      break;
    }
  } while (z.avail_in > 0 || z.avail_out == 0);
  return state_;
}

BodyDecoder::State BodyDecoder::Finish() {
  if (state_ != State::kOk) return state_;
  if (inflater_ && !stream_ended_) {
    // An empty body with a Content-Encoding is an empty body, not a truncated stream.
    if (wire_bytes_ == 0) return state_;
    return Fail(State::kCorrupt);
  }
  return state_;
}

}  // namespace lk::hub
