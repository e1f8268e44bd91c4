#include "engines/sqlite/sqlite_slice_reader.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include "engines/sqlite/sqlite_source.hpp"

namespace litelift {

namespace {

// True for a row whose key matches a parent row or has a NULL part (SQLite's
// MATCH SIMPLE: a key with a NULL part references nothing).
std::string key_matches(const Table& table, const OrphanRule& rule) {
  const std::string child = sqlite_quote(table.name);
  std::string nulls, match;
  for (size_t i = 0; i < rule.columns.size(); ++i) {
    nulls += child + "." + sqlite_quote(rule.columns[i]) + " IS NULL OR ";
    match += (i ? " AND " : "") + std::string("p.") + sqlite_quote(rule.parent_columns[i]) + " = " + child + "." +
             sqlite_quote(rule.columns[i]);
  }
  return "(" + nulls + "EXISTS (SELECT 1 FROM " + sqlite_quote(rule.parent_table) + " AS p WHERE " + match + "))";
}

}  // namespace

SqliteSliceReader::SqliteSliceReader(std::string path, std::shared_ptr<SQLite::Database> db, const Table& table,
                                     const Slice& slice, const std::vector<OrphanRule>& orphans)
    : path_(std::move(path)), table_(table.name), db_(std::move(db)), columns_(table.columns.size()) {
  std::string rowid = sqlite_rowid_expression(table);
  has_rowid_ = !table.without_rowid && !rowid.empty();
  std::string sql = "SELECT ";
  sql += has_rowid_ ? rowid : "NULL";
  // Hidden columns of virtual tables (an FTS table's own name, its rank) are not data.
  for (const auto& c : table.columns) {
    std::string value = c.kind == ColumnKind::Hidden ? "NULL" : sqlite_quote(table.name) + "." + sqlite_quote(c.name);
    for (const auto& rule : orphans)
      if (rule.action == OrphanRule::Action::Null)
        for (const auto& k : rule.columns)
          if (same_sqlite_name(k, c.name)) value = "CASE WHEN " + key_matches(table, rule) + " THEN " + value + " END";
    sql += ", " + value;
  }
  for (const auto& rule : orphans)
    if (rule.action == OrphanRule::Action::Flag) {
      sql += ", NOT " + key_matches(table, rule);
      ++columns_;
    }
  sql += " FROM " + sqlite_quote(table.name);
  if (has_rowid_) {
    if (!slice.whole) sql += " WHERE " + rowid + " BETWEEN ?1 AND ?2";
    sql += " ORDER BY " + rowid;
  } else if (!table.primary_key.empty()) {
    sql += " ORDER BY ";
    for (size_t i = 0; i < table.primary_key.size(); ++i) sql += (i ? ", " : "") + sqlite_quote(table.primary_key[i]);
  }
  int rc = sqlite3_prepare_v2(db_->getHandle(), sql.c_str(), -1, &stmt_, nullptr);
  if (rc != SQLITE_OK)
    throw_sqlite_error(path_, "reading \"" + table_ + "\"", sqlite3_extended_errcode(db_->getHandle()),
                       sqlite3_errmsg(db_->getHandle()));
  if (has_rowid_ && !slice.whole) {
    sqlite3_bind_int64(stmt_, 1, slice.first);
    sqlite3_bind_int64(stmt_, 2, slice.last);
  }
}

SqliteSliceReader::~SqliteSliceReader() {
  sqlite3_finalize(stmt_);
}

bool SqliteSliceReader::next(RowBatch& batch, size_t max_rows) {
  batch.reset(columns_);
  while (!done_ && batch.rows() < max_rows) {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_DONE) {
      done_ = true;
      break;
    }
    if (rc != SQLITE_ROW)
      throw_sqlite_error(path_, "reading \"" + table_ + "\"", sqlite3_extended_errcode(db_->getHandle()),
                         sqlite3_errmsg(db_->getHandle()));
    batch.start_row(has_rowid_ ? sqlite3_column_int64(stmt_, 0) : ++position_);
    for (size_t c = 0; c < columns_; ++c) {
      int i = static_cast<int>(c) + 1;
      switch (sqlite3_column_type(stmt_, i)) {
        case SQLITE_INTEGER:
          batch.add_integer(sqlite3_column_int64(stmt_, i));
          break;
        case SQLITE_FLOAT:
          batch.add_real(sqlite3_column_double(stmt_, i));
          break;
        case SQLITE_TEXT: {
          const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, i));
          batch.add_text(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, i)));
          break;
        }
        case SQLITE_BLOB: {
          const void* p = sqlite3_column_blob(stmt_, i);
          batch.add_blob(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, i)));
          break;
        }
        default:
          batch.add_null();
          break;
      }
    }
  }
  return batch.rows() > 0;
}

}  // namespace litelift
