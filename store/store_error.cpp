#include "store/store_error.hpp"

namespace orgforces::store {

StoreError::StoreError(const std::string& path, const std::string& what, Kind kind)
    : std::runtime_error(path + ": " + what), path_(path), message_(what), kind_(kind) {}

}  // namespace orgforces::store
