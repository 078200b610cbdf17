#include "sync/hub/record_link.h"

#include <sodium.h>

#include <charconv>
#include <vector>

#include "sync/hub/credentials.h"

namespace lk::hub {
namespace {

constexpr size_t kMaxTokenChars = 512;

std::string ToHex(const unsigned char* data, size_t n) {
  std::string hex(n * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), data, n);
  hex.pop_back();
  return hex;
}

std::string Base64Url(const unsigned char* data, size_t n) {
  std::string out(sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), data, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.pop_back();  // the terminating NUL
  return out;
}

}  // namespace

Result<RecordLinks> RecordLinks::Open(HubStore& store, TimeMs now) {
  if (!InitCrypto()) return Status::Internal("libsodium failed to initialise");
  unsigned char fresh[crypto_secretbox_KEYBYTES];
  randombytes_buf(fresh, sizeof fresh);
  LK_ASSIGN_OR_RETURN(std::string hex, store.EnsureSecret(kKeyName, ToHex(fresh, sizeof fresh), now));
  sodium_memzero(fresh, sizeof fresh);
  unsigned char master[crypto_kdf_KEYBYTES];
  size_t bytes = 0;
  if (sodium_hex2bin(master, sizeof master, hex.data(), hex.size(), nullptr, &bytes, nullptr) != 0 ||
      bytes != sizeof master) {
    return Status::Corruption("the hub's record-link key is not 32 bytes of hex");
  }
  RecordLinks links;
  links.seal_key_.resize(crypto_secretbox_KEYBYTES);
  links.view_key_.resize(crypto_generichash_KEYBYTES);
  crypto_kdf_derive_from_key(reinterpret_cast<unsigned char*>(links.seal_key_.data()), links.seal_key_.size(), 1,
                             "lkrecord", master);
  crypto_kdf_derive_from_key(reinterpret_cast<unsigned char*>(links.view_key_.data()), links.view_key_.size(), 2,
                             "lkrecord", master);
  sodium_memzero(master, sizeof master);
  return links;
}

std::string RecordLinks::Issue(const RecordClaims& claims) const {
  const std::string plain = "1\n" + claims.learner_id + "\n" + claims.centre_id + "\n" + std::to_string(claims.expires_at);
  std::vector<unsigned char> box(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plain.size());
  unsigned char* nonce = box.data();
  randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(box.data() + crypto_secretbox_NONCEBYTES, reinterpret_cast<const unsigned char*>(plain.data()),
                        plain.size(), nonce, reinterpret_cast<const unsigned char*>(seal_key_.data()));
  return Base64Url(box.data(), box.size());
}

std::optional<RecordClaims> RecordLinks::Verify(std::string_view token, TimeMs now) const {
  if (token.empty() || token.size() > kMaxTokenChars) return std::nullopt;
  std::vector<unsigned char> box(token.size());
  size_t n = 0;
  if (sodium_base642bin(box.data(), box.size(), token.data(), token.size(), nullptr, &n, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
      n < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) {
    return std::nullopt;
  }
  std::string plain(n - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()), box.data() + crypto_secretbox_NONCEBYTES,
                                 n - crypto_secretbox_NONCEBYTES, box.data(),
                                 reinterpret_cast<const unsigned char*>(seal_key_.data())) != 0) {
    return std::nullopt;
  }
  // "1\n<learner>\n<centre>\n<expires_at>"
  std::vector<std::string_view> parts;
  std::string_view rest(plain);
  for (size_t nl; (nl = rest.find('\n')) != std::string_view::npos; rest.remove_prefix(nl + 1)) {
    parts.push_back(rest.substr(0, nl));
  }
  parts.push_back(rest);
  if (parts.size() != 4 || parts[0] != "1") return std::nullopt;
  RecordClaims claims{std::string(parts[1]), std::string(parts[2]), 0};
  auto [end, ec] = std::from_chars(parts[3].data(), parts[3].data() + parts[3].size(), claims.expires_at);
  if (ec != std::errc() || end != parts[3].data() + parts[3].size()) return std::nullopt;
  if (now >= claims.expires_at) return std::nullopt;
  return claims;
}

std::string RecordLinks::ViewKey(std::string_view learner_id) const {
  unsigned char out[16];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(learner_id.data()), learner_id.size(),
                     reinterpret_cast<const unsigned char*>(view_key_.data()), view_key_.size());
  return ToHex(out, sizeof out);
}

}  // namespace lk::hub
