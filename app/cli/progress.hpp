#pragma once
// The terminal progress bar shared by the commands that run ensembles.

#include <chrono>
#include <string>

namespace orgforces::cli {

/// A one-line bar on stderr, redrawn at most every 100 ms; silent unless stderr is a terminal.
class ProgressBar {
public:
    explicit ProgressBar(std::string label = "");
    ~ProgressBar();
    ProgressBar(const ProgressBar&) = delete;
    ProgressBar& operator=(const ProgressBar&) = delete;

    /// Shows `done` of `total` replicates.
    void update(int done, int total);
    /// Erases the bar (also done by the destructor).
    void finish();

private:
    std::string label_;
    bool enabled_;
    bool drawn_ = false;
    std::chrono::steady_clock::time_point last_{};
};

}  // namespace orgforces::cli
