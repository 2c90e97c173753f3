#pragma once
// "Did you mean" for misspelled keys, names and parameter paths.

#include <string>
#include <string_view>
#include <vector>

namespace orgforces::model {

/// Levenshtein distance between `a` and `b` (case-sensitive).
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate closest to `word` if it is close enough to be a plausible typo, else "".
std::string closest(std::string_view word, const std::vector<std::string>& candidates);

/// " (did you mean 'x'?)" for the closest candidate, or "" when none is close.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace orgforces::model
