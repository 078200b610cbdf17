// SecretHash: Argon2id hashes of secrets people type (the staff PIN, console passwords), as libsodium's
// crypto_pwhash_str strings with its interactive limits (~0.1-0.3 s and 64 MiB per hash or check: never
// on a UI thread). The secret is only read; the caller owns and wipes its buffer.
// Thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "kiosk/core/status.h"

namespace lk {

// libsodium's one-time initialisation (idempotent); an error only when the system has no random source.
[[nodiscard]] Status InitSodium();
Result<std::string> HashSecret(std::string_view secret);
// False for a wrong secret and for a malformed or empty hash.
bool SecretMatches(const std::string& hash, std::string_view secret);

}  // namespace lk
