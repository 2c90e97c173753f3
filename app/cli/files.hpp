#pragma once
// Files the CLI writes for people: never seen half-written.

#include <filesystem>
#include <string>

namespace orgforces::cli {

/// Writes `text` beside `path` and renames it into place, so a reader sees the old file or the new
/// one, never half of it; throws std::runtime_error when the file cannot be written.
void write_file_atomically(const std::filesystem::path& path, const std::string& text);

}  // namespace orgforces::cli
