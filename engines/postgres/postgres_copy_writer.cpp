#include "engines/postgres/postgres_copy_writer.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>

#include "engines/postgres/postgres_dialect.hpp"
#include "mapping/error.hpp"

namespace litelift {

namespace {

constexpr size_t kBufferSize = size_t{1} << 20;
constexpr size_t kMaxPut = size_t{1} << 30;  // PQputCopyData takes an int

// Signature, flags field (no OIDs), header extension length.
constexpr char kHeader[] = "PGCOPY\n\377\r\n\0\0\0\0\0\0\0\0\0";
constexpr size_t kHeaderSize = 19;
static_assert(sizeof kHeader == kHeaderSize + 1);

std::string quoted(const std::string& name) {
  return postgres_dialect().quote_identifier(name);
}

std::string field(const PGresult* r, int code) {
  return postgres_error_field(r, code);
}

bool is_error(ExecStatusType s) {
  return s == PGRES_BAD_RESPONSE || s == PGRES_NONFATAL_ERROR || s == PGRES_FATAL_ERROR;
}

}  // namespace

PostgresCopyWriter::PostgresCopyWriter(const PostgresConnectParams& params)
    : location_(params.location), conn_(postgres_connect(params)) {
  buffer_.reserve(kBufferSize);
}

PostgresCopyWriter::~PostgresCopyWriter() {
  abort();
}

void PostgresCopyWriter::begin(const TablePlan& table) {
  if (in_copy_)
    throw Error(ErrorKind::Internal, "loading table " + quoted(table.name) + ": the previous load of " +
                                         quoted(table_) + " is still in progress");
  table_ = table.name;
  if (PQstatus(conn_.get()) != CONNECTION_OK)
    throw Error(ErrorKind::TargetConnect,
                "lost the connection to PostgreSQL at " + location_ + " before loading table " + quoted(table_));
  std::string sql = "COPY " + quoted(table.name) + " (";
  bool first = true;
  for (const ColumnPlan& c : table.columns) {
    if (!c.loaded()) continue;  // computed by the server
    if (!first) sql += ", ";
    sql += quoted(c.name);
    first = false;
  }
  sql += ") FROM STDIN (FORMAT binary)";
  ResultPtr r(PQexec(conn_.get(), sql.c_str()));
  if (PQresultStatus(r.get()) != PGRES_COPY_IN) fail(r.get());
  in_copy_ = true;
  buffer_.assign(kHeader, kHeaderSize);
}

void PostgresCopyWriter::write(std::string_view encoded, size_t /*rows*/) {
  if (!in_copy_) throw Error(ErrorKind::Internal, "loading table " + quoted(table_) + ": write without begin");
  if (buffer_.size() + encoded.size() > kBufferSize) flush();
  if (encoded.size() >= kBufferSize)
    put(encoded.data(), encoded.size());
  else
    buffer_.append(encoded);
}

void PostgresCopyWriter::flush() {
  if (buffer_.empty()) return;
  put(buffer_.data(), buffer_.size());
  buffer_.clear();
}

void PostgresCopyWriter::put(const char* data, size_t size) {
  while (size > 0) {
    size_t n = std::min(size, kMaxPut);
    if (PQputCopyData(conn_.get(), data, static_cast<int>(n)) != 1) {
      // The server has usually ended the COPY with an error; that error is the message.
      ResultPtr r = drain();
      fail(r.get());
    }
    data += n;
    size -= n;
  }
}

int64_t PostgresCopyWriter::finish() {
  if (!in_copy_) throw Error(ErrorKind::Internal, "loading table " + quoted(table_) + ": finish without begin");
  buffer_.append("\xff\xff", 2);  // file trailer: a field count of -1
  flush();
  PQputCopyEnd(conn_.get(), nullptr);  // a failure here shows in the results drained below
  ResultPtr r = drain();
  if (PQresultStatus(r.get()) != PGRES_COMMAND_OK) fail(r.get());
  int64_t rows = 0;
  const char* tuples = PQcmdTuples(r.get());
  std::from_chars(tuples, tuples + std::strlen(tuples), rows);
  return rows;
}

void PostgresCopyWriter::abort() noexcept {
  if (!in_copy_) return;
  buffer_.clear();
  if (conn_) PQputCopyEnd(conn_.get(), "aborted by litelift");
  drain();
}

PostgresCopyWriter::ResultPtr PostgresCopyWriter::drain() noexcept {
  in_copy_ = false;
  ResultPtr kept;
  if (!conn_) return kept;
  bool ended = false;
  while (ResultPtr r{PQgetResult(conn_.get())}) {
    ExecStatusType s = PQresultStatus(r.get());
    if (s == PGRES_COPY_IN || s == PGRES_COPY_BOTH) {
      // Still copying: PQgetResult would return this forever until the COPY ends.
      if (ended || PQputCopyEnd(conn_.get(), "aborted by litelift") != 1) break;
      ended = true;
      continue;
    }
    if (s == PGRES_COPY_OUT) break;
    if (!kept || (is_error(s) && !is_error(PQresultStatus(kept.get())))) kept = std::move(r);
  }
  return kept;
}

void PostgresCopyWriter::fail(const PGresult* result) {
  std::string message = field(result, PG_DIAG_MESSAGE_PRIMARY);
  if (message.empty() && result) message = postgres_first_line(PQresultErrorMessage(result));
  if (message.empty()) message = postgres_first_line(PQerrorMessage(conn_.get()));
  if (message.empty()) message = "the server ended the load without a result";
  message = postgres_first_line(message);
  // A dropped connection is no refusal by the server: it gets the catalog's wording and kind.
  const bool lost =
      PQstatus(conn_.get()) != CONNECTION_OK || postgres_sqlstate_transient(field(result, PG_DIAG_SQLSTATE));
  Error err = !lost ? Error(ErrorKind::Target, "loading table " + quoted(table_) + ": " + message)
                    : Error(ErrorKind::TargetConnect, "lost the connection to PostgreSQL at " + location_ +
                                                          " while loading table " + quoted(table_) + ": " + message);
  err.transient = lost;
  err.sqlstate = field(result, PG_DIAG_SQLSTATE);
  err.table = field(result, PG_DIAG_TABLE_NAME);
  if (err.table.empty()) err.table = table_;
  err.column = field(result, PG_DIAG_COLUMN_NAME);
  err.constraint = field(result, PG_DIAG_CONSTRAINT_NAME);
  throw err;
}

}  // namespace litelift
