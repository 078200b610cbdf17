#include "sync/hub/credentials.h"

#include <sodium.h>

namespace lk::hub {

bool InitCrypto() {
  static const bool ok = sodium_init() >= 0;
  return ok;
}

std::string NewToken() {
  InitCrypto();
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  char text[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(text, sizeof text, bytes, sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return std::string("lkt1_") + text;
}

std::string NewEnrollCode() {
  InitCrypto();
  static constexpr char kAlphabet[] = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";  // no I, L, O, 0, 1
  static_assert(sizeof kAlphabet - 1 == 31);
  std::string code;
  for (int i = 0; i < 12; ++i) {
    if (i > 0 && i % 4 == 0) code += '-';
    code += kAlphabet[randombytes_uniform(31)];
  }
  return code;
}

std::string NormalizeEnrollCode(std::string_view code) {
  std::string out;
  for (char c : code) {
    if (c == '-' || c == ' ') continue;
    out += (c >= 'a' && c <= 'z') ? char(c - 'a' + 'A') : c;
  }
  return out;
}

std::string Sha256Hex(std::string_view data) {
  InitCrypto();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

std::string HashToken(std::string_view token) { return Sha256Hex("learning-hub token\n" + std::string(token)); }

std::string HashEnrollCode(std::string_view code) {
  return Sha256Hex("learning-hub enrol\n" + NormalizeEnrollCode(code));
}

std::optional<std::string> ParseBearer(std::string_view value) {
  constexpr std::string_view kPrefix = "Bearer ";
  if (value.size() <= kPrefix.size()) return std::nullopt;
  for (size_t i = 0; i < kPrefix.size(); ++i) {
    char a = value[i], b = kPrefix[i];
    if ((a | 0x20) != (b | 0x20)) return std::nullopt;
  }
  std::string_view token = value.substr(kPrefix.size());
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  if (token.empty() || token.size() > 256) return std::nullopt;
  for (char c : token) {
    if (c <= ' ' || c >= 0x7f) return std::nullopt;
  }
  return std::string(token);
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace lk::hub
