#include "engines/postgres/postgres_row_stream.hpp"

#include "engines/postgres/postgres_dialect.hpp"
#include "mapping/error.hpp"

namespace litelift {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Appends the field's value with COPY's backslash escapes undone (PostgreSQL's
// CopyReadAttributesText: \b \f \n \r \t \v, 1-3 octal digits, \x and 1-2 hex
// digits, any other character stands for itself).
bool unescape(std::string_view raw, std::string& out) {
  for (size_t k = 0; k < raw.size(); ++k) {
    const size_t escape = raw.find('\\', k);
    out.append(raw.data() + k, (escape == std::string_view::npos ? raw.size() : escape) - k);
    if (escape == std::string_view::npos) break;
    k = escape + 1;
    if (k == raw.size()) return false;
    char c = raw[k];
    switch (c) {
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'v':
        out += '\v';
        break;
      case 'x':
        if (k + 1 < raw.size() && hex_value(raw[k + 1]) >= 0) {
          int v = hex_value(raw[++k]);
          if (k + 1 < raw.size() && hex_value(raw[k + 1]) >= 0) v = v * 16 + hex_value(raw[++k]);
          out += static_cast<char>(v);
        } else {
          out += c;
        }
        break;
      default:
        if (c >= '0' && c <= '7') {
          int v = c - '0';
          for (int digits = 1; digits < 3 && k + 1 < raw.size() && raw[k + 1] >= '0' && raw[k + 1] <= '7'; ++digits)
            v = v * 8 + (raw[++k] - '0');
          out += static_cast<char>(v & 0377);
        } else {
          out += c;
        }
    }
  }
  return true;
}

// bytea_output = 'hex': "\x" then two digits per byte, decoded in place from `start`.
bool decode_bytea_hex(std::string& buffer, size_t start) {
  const size_t size = buffer.size() - start;
  if (size < 2 || buffer[start] != '\\' || buffer[start + 1] != 'x' || size % 2 != 0) return false;
  size_t out = start;
  for (size_t k = start + 2; k < buffer.size(); k += 2) {
    int hi = hex_value(buffer[k]), lo = hex_value(buffer[k + 1]);
    if (hi < 0 || lo < 0) return false;
    buffer[out++] = static_cast<char>(hi * 16 + lo);
  }
  buffer.resize(out);
  return true;
}

}  // namespace

std::string decode_postgres_copy_row(std::string_view line, const std::vector<bool>& blob, std::string& buffer,
                                     std::vector<std::optional<std::string_view>>& values) {
  values.clear();
  buffer.clear();
  // Decoded values are never longer than their escaped text: no reallocation
  // moves the views handed out below.
  buffer.reserve(line.size());
  if (blob.empty()) return line.empty() ? "" : "a row with values where no column was selected";
  size_t at = 0;
  while (true) {
    size_t end = line.find('\t', at);
    if (end == std::string_view::npos) end = line.size();
    const size_t column = values.size();
    if (column == blob.size()) return "more than the " + std::to_string(blob.size()) + " columns selected";
    std::string_view raw = line.substr(at, end - at);
    if (raw == "\\N") {
      values.emplace_back(std::nullopt);
    } else {
      const size_t start = buffer.size();
      if (!unescape(raw, buffer)) return "a backslash ends value " + std::to_string(column + 1);
      if (blob[column] && !decode_bytea_hex(buffer, start))
        return "value " + std::to_string(column + 1) + " is not bytea in hex";
      values.emplace_back(std::string_view(buffer.data() + start, buffer.size() - start));
    }
    if (end == line.size()) break;
    at = end + 1;
  }
  if (values.size() != blob.size())
    return std::to_string(values.size()) + " values where " + std::to_string(blob.size()) + " columns were selected";
  return "";
}

PostgresRowStream::PostgresRowStream(std::shared_ptr<PostgresSession> session, const std::string& copy_sql,
                                     std::string table, std::vector<bool> blob)
    : session_(std::move(session)), table_(std::move(table)), blob_(std::move(blob)) {
  if (session_->streaming)
    throw Error(ErrorKind::Internal, "reading table " + postgres_dialect().quote_identifier(table_) +
                                         ": another row stream still reads over the catalog's connection");
  PgResultPtr r(PQexec(session_->conn.get(), copy_sql.c_str()));
  if (PQresultStatus(r.get()) != PGRES_COPY_OUT) {
    postgres_drain(session_->conn.get());
    fail(r.get(), "the server did not start the COPY");
  }
  copying_ = true;
  session_->streaming = true;
}

PostgresRowStream::~PostgresRowStream() {
  abandon();
}

void PostgresRowStream::abandon() noexcept {
  if (!copying_) return;
  copying_ = false;
  PGconn* conn = session_->conn.get();
  // Cancel rather than read a large table to its end; what is already on
  // the way is drained. A cancel that arrives after the COPY ended finds the
  // backend idle, where it is ignored.
  if (PGcancel* cancel = PQgetCancel(conn)) {
    char message[256];
    PQcancel(cancel, message, sizeof message);
    PQfreeCancel(cancel);
  }
  postgres_drain(conn);
  session_->streaming = false;
}

bool PostgresRowStream::next(std::vector<std::optional<std::string_view>>& values) {
  if (!copying_) return false;
  PGconn* conn = session_->conn.get();
  char* row = nullptr;
  const int n = PQgetCopyData(conn, &row, 0);
  if (n > 0) {
    std::string_view line(row, static_cast<size_t>(n));
    if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
    std::string problem = decode_postgres_copy_row(line, blob_, buffer_, values);
    PQfreemem(row);
    if (!problem.empty()) {
      abandon();
      Error err(ErrorKind::Internal,
                "reading table " + postgres_dialect().quote_identifier(table_) + ": unreadable COPY row: " + problem);
      err.table = table_;
      throw err;
    }
    return true;
  }
  if (n == -2) fail(nullptr, "the COPY failed");
  // -1: the COPY is over; its result says whether it ended well.
  PgResultPtr r(PQgetResult(conn));
  if (PQresultStatus(r.get()) != PGRES_COMMAND_OK) fail(r.get(), "the COPY ended without a result");
  copying_ = false;
  postgres_drain(conn);
  session_->streaming = false;
  return false;
}

void PostgresRowStream::fail(const PGresult* result, const std::string& fallback) {
  PGconn* conn = session_->conn.get();
  std::string message = postgres_server_message(conn, result);
  if (message.empty()) message = fallback;
  const bool lost = PQstatus(conn) != CONNECTION_OK;
  Error err =
      lost ? Error(ErrorKind::TargetConnect, "lost the connection to PostgreSQL at " + session_->location +
                                                 " while reading table " + postgres_dialect().quote_identifier(table_) +
                                                 ": " + message)
           : Error(ErrorKind::Target, "reading table " + postgres_dialect().quote_identifier(table_) + ": " + message);
  err.sqlstate = postgres_error_field(result, PG_DIAG_SQLSTATE);
  err.table = table_;
  err.column = postgres_error_field(result, PG_DIAG_COLUMN_NAME);
  if (copying_) {
    copying_ = false;
    postgres_drain(conn);
    session_->streaming = false;
  }
  throw err;
}

}  // namespace litelift
