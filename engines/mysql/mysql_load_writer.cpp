#include "engines/mysql/mysql_load_writer.hpp"

#include <errmsg.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "engines/mysql/mysql_dialect.hpp"
#include "engines/mysql/mysql_session.hpp"
#include "mapping/error.hpp"

namespace litelift {

namespace {

constexpr size_t kLoadBytes = size_t{16} << 20;

std::string quoted(const std::string& name) {
  return mysql_dialect().quote_identifier(name);
}

}  // namespace

MySQLLoadWriter::MySQLLoadWriter(const TargetUrl& url, const std::string& collation) : conn_(mysql_connect(url, true)) {
  MYSQL* m = conn_.get();
  // The server names the file it wants; these handlers hand over the
  // buffered rows for our own statement's name and refuse anything else, so
  // no path on this machine is ever read.
  mysql_set_local_infile_handler(m, infile_init, infile_read, infile_end, infile_error, this);
  for (const MySQLSessionStep& step : mysql_session_setup(collation)) execute(step.sql, step.doing);
  // MariaDB: CHECK constraints are created with the table and checked by a
  // query after the load (MySQL 8 has no such variable and adds them later).
  static const std::string kNoChecks = "SET SESSION check_constraint_checks = 0";
  if (mysql_real_query(m, kNoChecks.data(), kNoChecks.size()) != 0) {
    // MySQL 8: no such variable, and no CHECK constraints until after the load.
  }
}

MySQLLoadWriter::~MySQLLoadWriter() {
  abort();
}

std::string MySQLLoadWriter::load_statement(const TablePlan& table) {
  std::string columns, set;
  for (size_t i = 0; i < table.columns.size(); ++i) {
    const ColumnPlan& c = table.columns[i];
    if (!c.loaded()) continue;  // computed by the server
    if (!columns.empty()) columns += ", ";
    // Blobs arrive as hex. MariaDB 10.11 ignores NO_AUTO_VALUE_ON_ZERO for a
    // column read directly once the statement has a SET clause (rowid 0
    // became 1 and collided with rowid 1), so the identity goes through SET too.
    const bool blob = c.type.family == TypeFamily::Blob;
    if (blob || c.identity) {
      std::string var = "@v" + std::to_string(i);
      columns += var;
      set += set.empty() ? " SET " : ", ";
      set += quoted(c.name) + (blob ? " = UNHEX(" + var + ")" : " = " + var);
    } else {
      columns += quoted(c.name);
    }
  }
  return "LOAD DATA LOCAL INFILE '" + std::string(kStreamName) + "' INTO TABLE " + quoted(table.name) +
         " CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' (" + columns +
         ")" + set;
}

void MySQLLoadWriter::begin(const TablePlan& table) {
  if (in_transaction_) throw Error(ErrorKind::Internal, "MySQL writer: begin() while loading table `" + table_ + "`");
  table_ = table.name;
  buffer_.clear();
  buffer_rows_ = 0;
  loaded_ = 0;
  statement_ = load_statement(table);
  execute("START TRANSACTION", "starting the load of table " + quoted(table_));
  in_transaction_ = true;
}

void MySQLLoadWriter::write(std::string_view encoded, size_t rows) {
  buffer_.append(encoded);
  buffer_rows_ += rows;
  if (buffer_.size() >= kLoadBytes) load_buffer();
}

int64_t MySQLLoadWriter::finish() {
  if (!in_transaction_) throw Error(ErrorKind::Internal, "MySQL writer: finish() without begin()");
  load_buffer();
  execute("COMMIT", "committing table " + quoted(table_));
  in_transaction_ = false;
  return loaded_;
}

void MySQLLoadWriter::abort() noexcept {
  buffer_.clear();
  buffer_rows_ = 0;
  pending_ = {};
  if (!in_transaction_ || !conn_) return;
  in_transaction_ = false;
  mysql_real_query(conn_.get(), "ROLLBACK", 8);  // errors swallowed: the load is being given up
}

void MySQLLoadWriter::execute(const std::string& sql, const std::string& doing) {
  if (mysql_real_query(conn_.get(), sql.data(), sql.size()) != 0) throw_server_error(doing);
}

// The encoder hands over whole rows only, so the buffer always ends at a row
// boundary; the server must confirm every row the encoder said it holds.
void MySQLLoadWriter::load_buffer() {
  if (buffer_.empty()) return;
  const std::string doing = "loading table " + quoted(table_);
  const uint64_t rows = buffer_rows_;
  pending_ = buffer_;
  loading_ = true;
  int rc = mysql_real_query(conn_.get(), statement_.data(), statement_.size());
  loading_ = false;
  pending_ = {};
  if (rc != 0) throw_server_error(doing);
  const uint64_t affected = mysql_affected_rows(conn_.get());
  check_warnings();
  if (affected != rows) {
    Error e(ErrorKind::Target,
            doing + ": the server loaded " + std::to_string(affected) + " of " + std::to_string(rows) + " rows sent");
    e.table = table_;
    throw e;
  }
  loaded_ += static_cast<int64_t>(affected);
  buffer_.clear();
  buffer_rows_ = 0;
}

// With LOCAL the server downgrades bad values, truncation and duplicate keys
// to warnings and carries on, so any warning means a row did not arrive as sent.
void MySQLLoadWriter::check_warnings() {
  const unsigned int count = mysql_warning_count(conn_.get());
  if (count == 0) return;
  const std::string doing = "loading table " + quoted(table_);
  if (mysql_real_query(conn_.get(), "SHOW WARNINGS", 13) != 0) throw_server_error(doing);
  MySQLResultPtr result(mysql_store_result(conn_.get()));
  if (!result) throw_server_error(doing);
  std::string first = "(no warning text)";
  int code = 0;
  if (MYSQL_ROW row = mysql_fetch_row(result.get()); row && mysql_num_fields(result.get()) >= 3) {
    first = std::string(row[0] ? row[0] : "") + " " + (row[1] ? row[1] : "") + " " + (row[2] ? row[2] : "");
    code = row[1] ? std::atoi(row[1]) : 0;
  }
  std::string message = doing + ": the server changed or skipped rows: " + mysql_one_line(first);
  if (count > 1) message += " (and " + std::to_string(count - 1) + " more)";
  Error e(ErrorKind::Target, message);
  e.table = table_;
  e.server_code = code;
  throw e;
}

void MySQLLoadWriter::throw_server_error(const std::string& doing) {
  MYSQL* m = conn_.get();
  const unsigned int code = mysql_errno(m);
  std::string message = doing + ": " + mysql_one_line(mysql_error(m));
  // local_infile is OFF on the server: 4166 (MariaDB 10.5+), 3948 (MySQL 8), 1148 (older).
  if (code == 4166 || code == 3948 || code == 1148)
    message += " (enable it on the server: SET GLOBAL local_infile = 1)";
  // The server went away or dropped the connection (2006, 2013, 2055): no refusal of the data.
  const bool lost = code == 2006 || code == 2013 || code == 2055;
  Error e(lost ? ErrorKind::TargetConnect : ErrorKind::Target, message);
  e.transient = lost;
  e.server_code = static_cast<int>(code);
  e.sqlstate = mysql_sqlstate(m);
  e.table = table_;
  throw e;
}

int MySQLLoadWriter::infile_init(void** ptr, const char* filename, void* self) {
  *ptr = self;
  auto* writer = static_cast<MySQLLoadWriter*>(self);
  if (writer->loading_ && filename && std::strcmp(filename, kStreamName) == 0) return 0;
  writer->refused_ = filename ? filename : "";
  return 1;
}

int MySQLLoadWriter::infile_read(void* ptr, char* buf, unsigned int len) {
  auto* self = static_cast<MySQLLoadWriter*>(ptr);
  const size_t n = std::min<size_t>(len, self->pending_.size());
  std::memcpy(buf, self->pending_.data(), n);
  self->pending_.remove_prefix(n);
  return static_cast<int>(n);
}

void MySQLLoadWriter::infile_end(void* /*ptr*/) {}

int MySQLLoadWriter::infile_error(void* ptr, char* msg, unsigned int len) {
  const auto* self = static_cast<const MySQLLoadWriter*>(ptr);
  if (self && self->refused_)
    std::snprintf(msg, len, "litelift refused the server's request for local file '%s': it sends only its own rows",
                  self->refused_->c_str());
  else
    std::snprintf(msg, len, "litelift could not supply the rows");
  return CR_UNKNOWN_ERROR;
}

}  // namespace litelift
