#include "model/suggest.hpp"

#include <algorithm>
#include <cctype>

namespace orgforces::model {

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0u : 1u)});
            diagonal = up;
        }
    }
    return row[b.size()];
}

std::string closest(std::string_view word, const std::vector<std::string>& candidates) {
    if (word.size() > 200) return {};  // long garbage: nothing to suggest, and no quadratic work
    std::string best;
    std::size_t best_distance = 0;
    for (const auto& c : candidates) {
        if (c.size() > 200) continue;
        const std::size_t d = edit_distance(word, c);
        if (best.empty() || d < best_distance) {
            best = c;
            best_distance = d;
        }
    }
    // A typo changes a few characters; beyond a third of the word it is a different word.
    const std::size_t allowed = std::max<std::size_t>(2, std::max(word.size(), best.size()) / 3);
    if (best.empty() || best_distance == 0 || best_distance > allowed) return {};
    return best;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
    const std::string c = closest(word, candidates);
    return c.empty() ? std::string() : " (did you mean '" + c + "'?)";
}

}  // namespace orgforces::model
