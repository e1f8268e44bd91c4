#include "engines/mysql/mysql_row_stream.hpp"

#include <algorithm>

#include "engines/mysql/mysql_dialect.hpp"
#include "mapping/error.hpp"

namespace litelift {

MySQLRowStream::MySQLRowStream(std::shared_ptr<MySQLCatalogSession> session, const std::string& select_sql,
                               std::string table, size_t columns)
    : session_(std::move(session)), table_(std::move(table)) {
  if (session_->streaming)
    throw Error(ErrorKind::Internal, "reading table " + mysql_dialect().quote_identifier(table_) +
                                         ": another row stream still reads over the catalog's connection");
  MYSQL* m = session_->conn.get();
  if (mysql_real_query(m, select_sql.data(), select_sql.size()) != 0) fail();
  result_.reset(mysql_use_result(m));
  if (!result_) fail();
  session_->streaming = true;
  columns_ = static_cast<unsigned int>(columns);
  const unsigned int fields = mysql_num_fields(result_.get());
  if (fields != std::max(columns_, 1u)) {
    release();
    throw Error(ErrorKind::Internal, "reading table " + mysql_dialect().quote_identifier(table_) + ": " +
                                         std::to_string(fields) + " columns where " + std::to_string(columns) +
                                         " were selected");
  }
}

MySQLRowStream::~MySQLRowStream() {
  release();
}

void MySQLRowStream::release() noexcept {
  if (!result_) return;
  result_.reset();  // mysql_free_result reads what is left of an unbuffered result
  session_->streaming = false;
}

bool MySQLRowStream::next(std::vector<std::optional<std::string_view>>& values) {
  if (!result_) return false;
  MYSQL_ROW row = mysql_fetch_row(result_.get());
  if (!row) {
    // The end of the rows, or a failure on the way (the server's error, a lost connection).
    if (mysql_errno(session_->conn.get()) != 0) fail();
    release();
    return false;
  }
  const unsigned long* lengths = mysql_fetch_lengths(result_.get());
  values.resize(columns_);
  for (unsigned int i = 0; i < columns_; ++i)
    values[i] = row[i] ? std::optional<std::string_view>(std::in_place, row[i], lengths[i]) : std::nullopt;
  return true;
}

void MySQLRowStream::fail() {
  MYSQL* m = session_->conn.get();
  Error error(ErrorKind::Target,
              "reading table " + mysql_dialect().quote_identifier(table_) + ": " + mysql_one_line(mysql_error(m)));
  error.server_code = static_cast<int>(mysql_errno(m));
  error.sqlstate = mysql_sqlstate(m);
  error.table = table_;
  release();
  throw error;
}

}  // namespace litelift
