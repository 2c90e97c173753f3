#pragma once
// UTF-8 validation (RFC 3629): scenario files must be UTF-8, and stored text printed on a terminal
// is neutralized byte by byte where it is not.

#include <cstddef>
#include <string_view>

namespace orgforces::model {

/// Length (1 to 4) of the well-formed UTF-8 sequence at the start of `s`, or 0 when it is not one
/// (a stray continuation byte, an overlong form, a surrogate, a code point above U+10FFFF, a
/// truncated sequence, or `s` empty).
std::size_t utf8_sequence_length(std::string_view s);

}  // namespace orgforces::model
