// Reads a table back over the catalog's libmariadb connection with
// mysql_use_result: rows stream from the server one mysql_fetch_row at a
// time, with their lengths (values may hold NUL bytes). Values are the
// text protocol's, under the catalog's session (time_zone '+00:00');
// blobs arrive as their raw bytes.
//
// Doubles are read as printed: MariaDB 10.11 prints a DOUBLE with the
// fewest digits that read back as the same double (checked against 5000
// random bit patterns and the extremes: "5e-324", "2.2250738585072014e-308",
// "1.7976931348623157e308", "0.3333333333333333"), though not always in
// the shortest notation ("-0.00000000015", "9.007199254740992e15").
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engines/mysql/mysql_catalog.hpp"
#include "engines/target.hpp"

namespace litelift {

class MySQLRowStream final : public TargetRowStream {
 public:
  // Runs `select_sql` on the session's connection and holds it until
  // destroyed. Throws Error(Target) with the server's message when refused.
  // With `columns` 0 the query selects one placeholder column that rows leave out.
  MySQLRowStream(std::shared_ptr<MySQLCatalogSession> session, const std::string& select_sql, std::string table,
                 size_t columns);
  // The rows not read yet are read and discarded (the protocol has no other
  // way to end a result early without killing the query): abandoning a
  // large table costs the rest of its transfer.
  ~MySQLRowStream() override;
  MySQLRowStream(const MySQLRowStream&) = delete;
  MySQLRowStream& operator=(const MySQLRowStream&) = delete;

  bool next(std::vector<std::optional<std::string_view>>& values) override;

 private:
  void release() noexcept;
  [[noreturn]] void fail();

  std::shared_ptr<MySQLCatalogSession> session_;
  std::string table_;
  MySQLResultPtr result_;
  unsigned int columns_ = 0;
};

}  // namespace litelift
