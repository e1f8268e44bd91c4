// The SQLite source: opens the file read-only, introspects the schema and
// streams rows in rowid ranges. Every reader sees one snapshot: a read
// transaction is held for the life of the source. In rollback-journal mode
// that transaction's shared lock keeps writers from committing, so readers
// on their own connections see the same state. A writer waiting to commit
// (its PENDING lock) does not keep those readers out: SQLite's unix VFS keeps
// one lock per process and file, which the holder already has. In WAL mode
// (no snapshot API: Debian's SQLite is built without SQLITE_ENABLE_SNAPSHOT)
// readers share the holding connection.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "engines/source.hpp"

namespace SQLite {
class Database;
}

namespace litelift {

class SqliteSource : public Source {
 public:
  // Throws Error(SourceMissing) when the file cannot be opened or stays
  // locked by another process past the busy timeout, and
  // Error(SourceInvalid) when it is not a SQLite database, is corrupt
  // (PRAGMA quick_check unless options.integrity_check is off: reads the
  // whole file once) or has no tables.
  static std::unique_ptr<SqliteSource> open(const std::string& path, const SourceOpenOptions& options = {});
  ~SqliteSource() override;

  const Schema& schema() const override { return schema_; }
  std::vector<Slice> plan_slices(const Table& table, int64_t rows_per_slice) override;
  std::unique_ptr<SliceReader> open_slice(const Table& table, const Slice& slice,
                                          const std::vector<OrphanRule>& orphans = {}) override;
  int64_t count_rows(const Table& table) override;
  std::map<std::string, ColumnProfile> profile_columns(const Table& table,
                                                       const std::vector<ProfileColumn>& columns) override;
  std::optional<int64_t> max_rowid(const Table& table) override;
  int64_t orphan_rows(const Table& table, const std::vector<std::string>& columns, const std::string& parent_table,
                      const std::vector<std::string>& parent_columns, size_t limit,
                      std::vector<int64_t>& sample) override;

  const std::string& path() const { return path_; }
  // Size and mtime as open() found them; pages and schema from the snapshot.
  SourceFingerprint fingerprint();
  bool wal() const { return wal_; }

 private:
  SqliteSource(std::string path, const SourceOpenOptions& options) : path_(std::move(path)), options_(options) {}
  // A connection on the run's snapshot for one reader: its own in rollback
  // mode, the holder in WAL mode (then callers serialise on holder_mutex_).
  std::shared_ptr<SQLite::Database> reader_connection();

  std::string path_;
  SourceOpenOptions options_;
  bool wal_ = false;
  SourceFingerprint file_;                    // size and mtime, from open()
  std::shared_ptr<SQLite::Database> holder_;  // holds the read transaction
  std::mutex holder_mutex_;                   // serialises the catalog queries below
  std::map<std::string, int64_t> counts_;
  Schema schema_;
};

// Reads the schema through `db` (internal to engines/sqlite).
Schema read_sqlite_schema(SQLite::Database& db);

// A name quoted for SQLite's SQL: "name" with quotes doubled.
std::string sqlite_quote(const std::string& name);

// How a table's rows are addressed: the rowid alias or a rowid name no column shadows.
std::string sqlite_rowid_expression(const Table& table);

// Translates a SQLite failure into litelift's error kinds (internal).
[[noreturn]] void throw_sqlite_error(const std::string& path, const std::string& doing, int code,
                                     const std::string& message);

}  // namespace litelift
