#include "store/sqlite.hpp"

#include <sqlite3.h>

#include <chrono>
#include <cmath>
#include <thread>
#include <utility>

namespace orgforces::store {

namespace {

BusyPolicy& policy() {
    static BusyPolicy p;
    return p;
}

std::int64_t steady_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// A file: URI for `path` (immutable=1 needs one); '%', '?' and '#' are escaped.
std::string immutable_uri(const std::string& path) {
    std::string out = "file:";
    for (char c : path) {
        if (c == '%' || c == '?' || c == '#') {
            static const char* hex = "0123456789ABCDEF";
            out += '%';
            out += hex[(static_cast<unsigned char>(c) >> 4) & 0xf];
            out += hex[static_cast<unsigned char>(c) & 0xf];
        } else {
            out += c;
        }
    }
    return out + "?immutable=1";
}

StoreError::Kind kind_of(int code) {
    switch (code & 0xff) {
        case SQLITE_CORRUPT:
        case SQLITE_NOTADB: return StoreError::Kind::Damaged;
        case SQLITE_BUSY:
        case SQLITE_LOCKED: return StoreError::Kind::Busy;
        case SQLITE_READONLY: return StoreError::Kind::ReadOnly;
        case SQLITE_FULL: return StoreError::Kind::DiskFull;
        case SQLITE_IOERR:
        case SQLITE_CANTOPEN:
        case SQLITE_PERM: return StoreError::Kind::Io;
        default: return StoreError::Kind::Other;
    }
}

}  // namespace

void set_busy_policy(BusyPolicy p) { policy() = std::move(p); }
const BusyPolicy& busy_policy() { return policy(); }

// [Database] ----------------------------------------------------------------------------------

Database::Database(const std::string& path, Mode mode) : path_(path) {
    int flags = SQLITE_OPEN_FULLMUTEX;
    std::string name = path;
    switch (mode) {
        case Mode::ReadWriteCreate: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE; break;
        case Mode::ReadWrite: flags |= SQLITE_OPEN_READWRITE; break;
        case Mode::ReadOnly: flags |= SQLITE_OPEN_READONLY; break;
        case Mode::Immutable:
            flags |= SQLITE_OPEN_READONLY | SQLITE_OPEN_URI;
            name = immutable_uri(path);
            break;
    }
    const int rc = sqlite3_open_v2(name.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
        sqlite3_close(db_);
        db_ = nullptr;
        throw StoreError(path_, "cannot open database: " + msg, kind_of(rc));
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_handler(db_, &Database::on_busy, this);
}

// Waits with back-off (1 ms doubling to 100 ms) until the policy's ceiling; tells the user once.
// SQLite calls this with count 0 at the start of every new wait.
int Database::on_busy(void* self, int count) {
    auto* db = static_cast<Database*>(self);
    const BusyPolicy& p = policy();
    const std::int64_t now = steady_ns();
    if (count == 0) {
        db->wait_started_ns_ = now;
        db->wait_noticed_ = false;
    }
    const double waited = static_cast<double>(now - db->wait_started_ns_) * 1e-9;
    if (waited >= p.max_seconds) return 0;
    if (!db->wait_noticed_ && waited >= p.notice_after_seconds) {
        db->wait_noticed_ = true;
        if (p.on_wait) p.on_wait(db->path_, p.max_seconds);
    }
    const int ms = count < 7 ? 1 << count : 100;
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
    return 1;
}

Database::~Database() {
    if (db_) sqlite3_close_v2(db_);
}

// The busy handler points at the Database object, so a move re-registers it.
Database::Database(Database&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), path_(std::move(other.path_)) {
    if (db_) sqlite3_busy_handler(db_, &Database::on_busy, this);
}

Database& Database::operator=(Database&& other) noexcept {
    if (this != &other) {
        if (db_) sqlite3_close_v2(db_);
        db_ = std::exchange(other.db_, nullptr);
        path_ = std::move(other.path_);
        if (db_) sqlite3_busy_handler(db_, &Database::on_busy, this);
    }
    return *this;
}

void Database::fail(std::string_view context) const {
    std::string msg(context);
    msg += ": ";
    msg += db_ ? sqlite3_errmsg(db_) : "no connection";
    const int code = db_ ? sqlite3_errcode(db_) & 0xff : 0;
    const StoreError::Kind kind = kind_of(code);
    switch (kind) {
        case StoreError::Kind::Damaged:
            msg = code == SQLITE_NOTADB ? "not an orgforces database (the file is not SQLite, or it is damaged)"
                                        : "the database file is damaged (" + msg + ")";
            break;
        case StoreError::Kind::Busy:
            msg = "the database is locked by another process (waited " +
                  std::to_string(static_cast<long long>(std::lround(policy().max_seconds))) +
                  " s; ORGFORCES_DB_WAIT=SECONDS sets how long to wait)";
            break;
        case StoreError::Kind::ReadOnly: msg = "the database is read-only (" + msg + ")"; break;
        case StoreError::Kind::DiskFull: msg = "disk full: the database cannot grow (" + msg + ")"; break;
        default: break;
    }
    throw StoreError(path_, msg, kind);
}

void Database::exec(std::string_view sql) {
    std::string text(sql);
    char* err = nullptr;
    if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
        std::string msg = err ? err : "unknown error";
        sqlite3_free(err);
        fail(msg.rfind("executing", 0) == 0 ? msg : "executing `" + text.substr(0, 40) + "`");
    }
}

std::int64_t Database::query_int(std::string_view sql) {
    Statement st(*this, sql);
    return st.step() ? st.column_int(0) : 0;
}

std::int64_t Database::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }

int Database::changes() const { return sqlite3_changes(db_); }

// [Statement] ---------------------------------------------------------------------------------

Statement::Statement(Database& db, std::string_view sql) : db_(&db) {
    if (sqlite3_prepare_v2(db.handle(), sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr) !=
        SQLITE_OK)
        db.fail("preparing `" + std::string(sql.substr(0, 60)) + "`");
}

Statement::~Statement() {
    if (stmt_) sqlite3_finalize(stmt_);
}

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)) {}

Statement& Statement::bind(int index, std::int64_t v) {
    if (sqlite3_bind_int64(stmt_, index, v) != SQLITE_OK) db_->fail("binding a value");
    return *this;
}

Statement& Statement::bind(int index, double v) {
    if (sqlite3_bind_double(stmt_, index, v) != SQLITE_OK) db_->fail("binding a value");
    return *this;
}

Statement& Statement::bind(int index, std::string_view v) {
    if (sqlite3_bind_text64(stmt_, index, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8) !=
        SQLITE_OK)
        db_->fail("binding a value");
    return *this;
}

Statement& Statement::bind_null(int index) {
    if (sqlite3_bind_null(stmt_, index) != SQLITE_OK) db_->fail("binding a value");
    return *this;
}

bool Statement::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    // sqlite3_step's error lives on the connection; reset so the statement can be reused.
    std::string sql = sqlite3_sql(stmt_) ? sqlite3_sql(stmt_) : "";
    try {
        db_->fail("running `" + sql.substr(0, 60) + "`");
    } catch (...) {
        sqlite3_reset(stmt_);
        throw;
    }
}

void Statement::run() {
    while (step()) {
    }
    reset();
}

void Statement::reset() { sqlite3_reset(stmt_); }

std::int64_t Statement::column_int(int col) const { return sqlite3_column_int64(stmt_, col); }

double Statement::column_double(int col) const { return sqlite3_column_double(stmt_, col); }

double Statement::column_real(int col) const {
    return sqlite3_column_type(stmt_, col) == SQLITE_NULL ? std::nan("") : sqlite3_column_double(stmt_, col);
}

std::string Statement::column_text(int col) const {
    const auto* p = sqlite3_column_text(stmt_, col);
    const int n = sqlite3_column_bytes(stmt_, col);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n)) : std::string();
}

bool Statement::column_is_null(int col) const {
    return sqlite3_column_type(stmt_, col) == SQLITE_NULL;
}

// [Transaction] -------------------------------------------------------------------------------

Transaction::Transaction(Database& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }

Transaction::~Transaction() {
    if (!done_) sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
    db_.exec("COMMIT");
    done_ = true;
}

}  // namespace orgforces::store
