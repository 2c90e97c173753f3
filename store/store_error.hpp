#pragma once
// Failures of the results database: a file that is not an orgforces database, a newer schema,
// a locked or unwritable file. Shown to the user with the database path.

#include <stdexcept>
#include <string>

namespace orgforces::store {

class StoreError : public std::runtime_error {
public:
    StoreError(const std::string& path, const std::string& what);
    const std::string& path() const noexcept { return path_; }

private:
    std::string path_;
};

}  // namespace orgforces::store
