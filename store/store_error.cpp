#include "store/store_error.hpp"

namespace orgforces::store {

StoreError::StoreError(const std::string& path, const std::string& what)
    : std::runtime_error(path + ": " + what), path_(path) {}

}  // namespace orgforces::store
