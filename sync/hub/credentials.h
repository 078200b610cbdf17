// Secrets of learning-hub: bearer tokens and one-time enrolment codes, made from libsodium's CSPRNG,
// and the hashes the hub stores in their place.
//
// Tokens are 32 random bytes (high entropy), so a fast SHA-256 is the right hash: no per-request Argon2.
// Enrolment codes are 12 characters from a 31-letter alphabet without look-alikes (59 bits), printed as
// XXXX-XXXX-XXXX; NormalizeEnrollCode makes typing forgiving (case, dashes, spaces). Free functions,
// thread-safe (libsodium is initialised once).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace lk::hub {

// Initialises libsodium; false if it cannot (the hub must not run without a CSPRNG).
bool InitCrypto();

std::string NewToken();                         // "lkt1_" + 43 base64url characters
std::string NewEnrollCode();                    // "ABCD-EFGH-JKMN"
std::string NormalizeEnrollCode(std::string_view code);  // upper case, separators removed
std::string Sha256Hex(std::string_view data);
std::string HashToken(std::string_view token);  // Sha256Hex with a domain prefix
std::string HashEnrollCode(std::string_view code);  // of the normalized code
// The token of an `Authorization: Bearer <token>` header; nullopt when absent or malformed.
std::optional<std::string> ParseBearer(std::string_view authorization);
// True when `a` and `b` are equal, in time independent of where they differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace lk::hub
