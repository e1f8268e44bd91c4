// Reads a table back with COPY (SELECT ...) TO STDOUT in text format over
// the catalog's libpq connection (libpqxx 6.4's stream_from is slow and
// buggy), one row per PQgetCopyData call. Values are the server's text
// under the session the catalog fixed; bytea arrives as "\x..." hex and is
// decoded to raw bytes.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engines/postgres/postgres_catalog.hpp"
#include "engines/target.hpp"

namespace litelift {

// One row of COPY's text format (without its newline) decoded into
// `buffer`, one entry per field in `values` (nullopt for \N), pointing into
// `buffer`. Fields flagged in `blob` are bytea hex ("\x0a0b") and come back
// as raw bytes. Returns "" or what is wrong with the line.
std::string decode_postgres_copy_row(std::string_view line, const std::vector<bool>& blob, std::string& buffer,
                                     std::vector<std::optional<std::string_view>>& values);

class PostgresRowStream final : public TargetRowStream {
 public:
  // Starts `copy_sql` on the session's connection and holds it until
  // destroyed. Throws Error(Target) with the server's message when refused.
  PostgresRowStream(std::shared_ptr<PostgresSession> session, const std::string& copy_sql, std::string table,
                    std::vector<bool> blob);
  // An unfinished COPY is cancelled and drained, so the connection takes
  // the catalog's next statement.
  ~PostgresRowStream() override;
  PostgresRowStream(const PostgresRowStream&) = delete;
  PostgresRowStream& operator=(const PostgresRowStream&) = delete;

  bool next(std::vector<std::optional<std::string_view>>& values) override;

 private:
  void abandon() noexcept;
  [[noreturn]] void fail(const PGresult* result, const std::string& fallback);

  std::shared_ptr<PostgresSession> session_;
  std::string table_;
  std::vector<bool> blob_;
  std::string buffer_;  // the current row's decoded values
  bool copying_ = false;
};

}  // namespace litelift
