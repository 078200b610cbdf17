// The hub's request-body path (sync/hub/body_decoder.h): Content-Encoding header values and bodies fed
// in arbitrary pieces, raw and as real gzip/deflate of the input.
//   byte 0: low 2 bits: the Content-Encoding value to parse (identity, gzip, deflate, the rest of the
//           input up to a newline as a header value); bit 2: feed the input as is, or compressed first
//   byte 1: piece size (1..256) for Feed()
//   rest:   the body
// Properties: the decoder never holds more than the limit; a body within the limit decodes to exactly
// itself (identity, or a round trip through zlib); one over it is kTooLarge; arbitrary bytes claimed
// as gzip are kOk, kTooLarge or kCorrupt, never a crash.
#include <zlib.h>

#include <string>

#include "sync/hub/body_decoder.h"
#include "tests/fuzz/fuzz_common.h"

namespace {

constexpr size_t kLimit = 4096;

std::string Compress(std::string_view data, bool gzip) {
  z_stream z{};
  deflateInit2(&z, 6, Z_DEFLATED, gzip ? 15 + 16 : 15, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, uLong(data.size())) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = uInt(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = uInt(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using lk::hub::BodyDecoder;
  using lk::hub::BodyEncoding;
  if (size < 2) return 0;
  std::string_view body = AsView(data + 2, size - 2);
  const bool compress = data[0] & 4;
  const size_t piece = size_t(data[1]) + 1;
  std::optional<BodyEncoding> encoding;
  switch (data[0] & 3) {
    case 0: encoding = lk::hub::ParseBodyEncoding(""); break;
    case 1: encoding = lk::hub::ParseBodyEncoding(" GZIP "); break;
    case 2: encoding = lk::hub::ParseBodyEncoding("deflate"); break;
    default: {
      size_t nl = body.find('\n');
      encoding = lk::hub::ParseBodyEncoding(body.substr(0, nl));
      if (!encoding) return 0;
      body = nl == std::string_view::npos ? std::string_view() : body.substr(nl + 1);
    }
  }
  LK_FUZZ_CHECK(encoding.has_value(), "a known encoding was not recognised");
  std::string wire(body);
  if (compress && *encoding != BodyEncoding::kIdentity) wire = Compress(body, *encoding == BodyEncoding::kGzip);

  BodyDecoder decoder(*encoding, kLimit);
  for (size_t off = 0; off < wire.size(); off += piece) {
    decoder.Feed(std::string_view(wire).substr(off, piece));
    LK_FUZZ_CHECK(decoder.body().size() <= kLimit, "holds %zu bytes", decoder.body().size());
  }
  BodyDecoder::State state = decoder.Finish();
  LK_FUZZ_CHECK(decoder.body().size() <= kLimit, "holds %zu bytes", decoder.body().size());
  bool round_trip = *encoding == BodyEncoding::kIdentity || compress;
  if (round_trip) {
    if (body.size() <= kLimit && wire.size() <= kLimit) {
      LK_FUZZ_CHECK(state == BodyDecoder::State::kOk, "a valid body of %zu bytes was refused", body.size());
      LK_FUZZ_CHECK(decoder.body() == body, "decoded body differs");
    } else if (body.size() > kLimit) {
      LK_FUZZ_CHECK(state == BodyDecoder::State::kTooLarge, "a body of %zu bytes was not refused", body.size());
    }
  }
  return 0;
}
