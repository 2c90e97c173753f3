#pragma once
// A thin RAII layer over the SQLite C API: Database owns a connection, Statement a prepared
// statement, Transaction a BEGIN that rolls back unless committed. sqlite3.h stays in sqlite.cpp.
// Every failure throws StoreError naming the database path and SQLite's message.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "store/store_error.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace orgforces::store {

/// How long a connection waits for another process's lock before its statement fails with a
/// Busy StoreError, and whom it tells that it is waiting. Process-wide; set before opening.
struct BusyPolicy {
    double max_seconds = 300.0;
    double notice_after_seconds = 1.0;
    /// Called once per wait that lasts notice_after_seconds (the CLI prints a line).
    std::function<void(const std::string& path, double max_seconds)> on_wait;
};
void set_busy_policy(BusyPolicy policy);
const BusyPolicy& busy_policy();

class Database {
public:
    /// Immutable: read-only without locks or a -shm file, for a database no one can write
    /// (a read-only directory); valid only when the file has no write-ahead log pending.
    enum class Mode { ReadWriteCreate, ReadWrite, ReadOnly, Immutable };

    /// Opens (or creates) `path`; ":memory:" is a private in-memory database.
    explicit Database(const std::string& path, Mode mode = Mode::ReadWriteCreate);
    ~Database();
    Database(Database&& other) noexcept;
    Database& operator=(Database&& other) noexcept;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    /// Runs one or more statements without results.
    void exec(std::string_view sql);
    /// The first column of the first row of `sql` as an integer (0 when there is no row).
    std::int64_t query_int(std::string_view sql);
    std::int64_t last_insert_rowid() const;
    /// Rows changed by the last INSERT, UPDATE or DELETE.
    int changes() const;
    const std::string& path() const noexcept { return path_; }
    sqlite3* handle() const noexcept { return db_; }

    /// A StoreError for the connection's last error, prefixed with `context`, of the kind its
    /// SQLite code means (damaged, busy, read-only, disk full, I/O).
    [[noreturn]] void fail(std::string_view context) const;

private:
    static int on_busy(void* self, int count);

    sqlite3* db_ = nullptr;
    std::string path_;
    std::int64_t wait_started_ns_ = 0;   ///< steady clock, start of the current wait
    bool wait_noticed_ = false;
};

class Statement {
public:
    Statement(Database& db, std::string_view sql);
    ~Statement();
    Statement(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    Statement& operator=(Statement&&) = delete;

    // Parameters are 1-based, as in SQL's ?1, ?2, ...
    Statement& bind(int index, std::int64_t v);
    Statement& bind(int index, int v) { return bind(index, static_cast<std::int64_t>(v)); }
    Statement& bind(int index, double v);
    Statement& bind(int index, std::string_view v);
    Statement& bind(int index, const std::string& v) { return bind(index, std::string_view(v)); }
    Statement& bind(int index, const char* v) { return bind(index, std::string_view(v)); }
    Statement& bind_null(int index);

    /// Advances to the next row; false when done.
    bool step();
    /// Runs a statement that returns no rows, then resets it for reuse.
    void run();
    /// Resets for another execution (bindings are kept unless overwritten).
    void reset();

    // Columns are 0-based.
    std::int64_t column_int(int col) const;
    double column_double(int col) const;
    /// A REAL column where NULL means NaN (SQLite stores a NaN as NULL).
    double column_real(int col) const;
    std::string column_text(int col) const;
    bool column_is_null(int col) const;

private:
    Database* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

/// BEGIN IMMEDIATE on construction; ROLLBACK in the destructor unless commit() was called.
class Transaction {
public:
    explicit Transaction(Database& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    Database& db_;
    bool done_ = false;
};

}  // namespace orgforces::store
