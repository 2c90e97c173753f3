#pragma once
// Failures of the results database: a file that is not an orgforces database, a newer schema,
// damage, a lock held past the wait ceiling, a read-only file, a full disk. Shown to the user with
// the database path; kind() lets a writer decide whether its results can go to a side file.

#include <stdexcept>
#include <string>

namespace orgforces::store {

class StoreError : public std::runtime_error {
public:
    enum class Kind { Other, Damaged, Busy, ReadOnly, DiskFull, Io };

    StoreError(const std::string& path, const std::string& what, Kind kind = Kind::Other);
    const std::string& path() const noexcept { return path_; }
    /// what() without the path.
    const std::string& message() const noexcept { return message_; }
    Kind kind() const noexcept { return kind_; }
    /// The database cannot take a write now (locked, read-only, full, I/O), but results kept
    /// elsewhere could be stored later.
    bool unwritable() const noexcept {
        return kind_ == Kind::Busy || kind_ == Kind::ReadOnly || kind_ == Kind::DiskFull || kind_ == Kind::Io;
    }

private:
    std::string path_;
    std::string message_;
    Kind kind_;
};

}  // namespace orgforces::store
