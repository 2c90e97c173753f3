#pragma once
// SHA-256 (FIPS 180-4), used to identify scenario texts in the results database.

#include <string>
#include <string_view>

namespace orgforces::store {

/// The SHA-256 digest of `data` as 64 lowercase hex digits.
std::string sha256_hex(std::string_view data);

}  // namespace orgforces::store
