#include "app/cli/progress.hpp"

#include <cstdio>

#include <unistd.h>

namespace orgforces::cli {

ProgressBar::ProgressBar(std::string label) : label_(std::move(label)), enabled_(isatty(STDERR_FILENO) != 0) {}

ProgressBar::~ProgressBar() { finish(); }

void ProgressBar::update(int done, int total) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    if (done < total && now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    const int width = 40;
    const int filled = total > 0 ? done * width / total : width;
    std::fprintf(stderr, "\r%s%s[%s%s] %d/%d replicates", label_.c_str(), label_.empty() ? "" : " ",
                 std::string(filled, '#').c_str(), std::string(width - filled, ' ').c_str(), done, total);
    std::fflush(stderr);
    drawn_ = true;
}

void ProgressBar::finish() {
    if (drawn_) std::fprintf(stderr, "\r%80s\r", "");
    drawn_ = false;
}

}  // namespace orgforces::cli
