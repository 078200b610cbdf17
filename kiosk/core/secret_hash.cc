#include "kiosk/core/secret_hash.h"

#include <sodium.h>

namespace lk {

Status InitSodium() {
  static const int rc = sodium_init();  // thread-safe, idempotent; < 0 only when no entropy source
  if (rc < 0) return Status::Internal("libsodium could not be initialised (no random source?)");
  return Status::Ok();
}

Result<std::string> HashSecret(std::string_view secret) {
  LK_RETURN_IF_ERROR(InitSodium());
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(hash, secret.data(), secret.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return Status::ResourceExhausted("not enough memory to hash the secret (Argon2id needs 64 MiB)");
  }
  return std::string(hash);
}

bool SecretMatches(const std::string& hash, std::string_view secret) {
  if (hash.empty() || !InitSodium().ok()) return false;
  return crypto_pwhash_str_verify(hash.c_str(), secret.data(), secret.size()) == 0;
}

}  // namespace lk
