#pragma once
// SHA-256 (FIPS 180-4): identifies scenario texts and checksums stored results in the database.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace orgforces::store {

/// An incremental SHA-256: update() any number of times, then hex().
class Sha256 {
public:
    Sha256();
    void update(const void* data, std::size_t size);
    /// The digest of everything so far as 64 lowercase hex digits.
    std::string hex();

private:
    std::array<std::uint32_t, 8> h_;
    std::array<unsigned char, 64> buffer_{};
    std::size_t fill_ = 0;
    std::uint64_t length_ = 0;
};

/// The SHA-256 digest of `data` as 64 lowercase hex digits.
std::string sha256_hex(std::string_view data);

}  // namespace orgforces::store
