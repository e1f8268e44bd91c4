#pragma once

#include <memory>
#include <string>

#include "engines/source.hpp"

struct sqlite3_stmt;
namespace SQLite {
class Database;
}

namespace litelift {

// Streams one slice with the raw C API (SQLiteCpp's per-column objects cost
// an atomic reference count per value on the hot path).
class SqliteSliceReader : public SliceReader {
 public:
  SqliteSliceReader(std::string path, std::shared_ptr<SQLite::Database> db, const Table& table, const Slice& slice,
                    const std::vector<OrphanRule>& orphans = {});
  ~SqliteSliceReader() override;
  SqliteSliceReader(const SqliteSliceReader&) = delete;
  SqliteSliceReader& operator=(const SqliteSliceReader&) = delete;

  bool next(RowBatch& batch, size_t max_rows) override;

 private:
  std::string path_;
  std::string table_;
  std::shared_ptr<SQLite::Database> db_;
  sqlite3_stmt* stmt_ = nullptr;
  size_t columns_ = 0;
  bool has_rowid_ = false;
  int64_t position_ = 0;
  bool done_ = false;
};

}  // namespace litelift
