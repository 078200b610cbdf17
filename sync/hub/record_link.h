// RecordLinks: the capability links of the learner's record page, /me/TOKEN (sync/PROTOCOL.md §7).
//
// A token is the learner id, the centre whose kiosk asked (its time zone dates the page) and an expiry,
// sealed with libsodium's crypto_secretbox (XSalsa20-Poly1305: encrypted, so the card number - in practice
// a national ID - is not in the URL in clear, and authenticated, so a token with any byte changed opens to
// nothing) under the hub's record-link key, then base64url. The key is 32 random bytes made once and kept
// in the hub's database (HubStore::EnsureSecret "record-link"), so every replica and every restart honours
// the same links. ViewKey is a keyed BLAKE2b hash of the learner id (under a key derived from the same
// secret) for counting page views without the id in clear.
// Thread-safety: immutable after Open; every method may be called from any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "kiosk/core/domain.h"
#include "kiosk/core/status.h"
#include "sync/hub/hub_store.h"

namespace lk::hub {

struct RecordClaims {
  std::string learner_id;
  std::string centre_id;
  TimeMs expires_at = 0;
};

class RecordLinks {
 public:
  static constexpr const char* kKeyName = "record-link";

  // Reads the hub's key from the store, making and storing it on the first call. libsodium must be
  // initialised here if it was not.
  static Result<RecordLinks> Open(HubStore& store, TimeMs now);

  std::string Issue(const RecordClaims& claims) const;
  // The claims of an unaltered token that has not expired at `now`; nullopt otherwise (any reason).
  std::optional<RecordClaims> Verify(std::string_view token, TimeMs now) const;
  // The page-view counter's key for a learner: 32 hex digits, the same for the same learner.
  std::string ViewKey(std::string_view learner_id) const;

 private:
  RecordLinks() = default;
  std::string seal_key_;  // crypto_secretbox_KEYBYTES
  std::string view_key_;  // crypto_generichash_KEYBYTES
};

}  // namespace lk::hub
