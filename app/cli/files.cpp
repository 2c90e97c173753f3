#include "app/cli/files.hpp"

#include <fmt/format.h>

#include <fstream>
#include <stdexcept>

namespace orgforces::cli {

void write_file_atomically(const std::filesystem::path& path, const std::string& text) {
    const auto tmp = path.string() + ".tmp";
    {
        std::ofstream f(tmp, std::ios::binary);
        if (!f) throw std::runtime_error(fmt::format("cannot write {}", path.string()));
        f << text;
        if (!f.flush()) throw std::runtime_error(fmt::format("cannot write {}", path.string()));
    }
    std::filesystem::rename(tmp, path);
}

}  // namespace orgforces::cli
