#pragma once
// The database schema as SQL, one script per version step (docs/database.md describes it).

#include <string_view>
#include <vector>

namespace orgforces::store {

/// PRAGMA application_id of an orgforces database ("ORGF").
inline constexpr int kApplicationId = 0x4F524746;

/// migrations()[v] upgrades a database at schema version v to v + 1.
const std::vector<std::string_view>& migrations();

}  // namespace orgforces::store
