// DDL and catalog queries over one libmariadb connection. The session uses
// utf8mb4 with the configured collation, a strict sql_mode and
// foreign_key_checks = 0 (tables drop and foreign keys are added without
// checks; the source was checked for orphans before).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engines/mysql/mysql_session.hpp"
#include "engines/target.hpp"

namespace litelift {

// The catalog's connection, shared with the row stream that reads over it:
// neither outlives it, and the catalog refuses statements while a stream reads.
struct MySQLCatalogSession {
  MySQLConnPtr conn;
  bool streaming = false;
};

class MySQLCatalog final : public TargetCatalog {
 public:
  // Throws Error(TargetConnect) when the server cannot be reached or refuses
  // the credentials or the database.
  MySQLCatalog(const TargetUrl& url, const std::string& collation);
  ~MySQLCatalog() override;
  MySQLCatalog(const MySQLCatalog&) = delete;
  MySQLCatalog& operator=(const MySQLCatalog&) = delete;

  std::string server_version() override;
  bool requires_primary_key() override;
  std::vector<std::string> existing_tables(const std::vector<std::string>& names) override;
  void create_table(const TablePlan& table) override;
  void drop_tables(const std::vector<std::string>& names) override;
  void truncate_tables(const std::vector<std::string>& names) override;
  void create_index(const TablePlan& table, const IndexPlan& index) override;
  void add_foreign_key(const TablePlan& table, const ForeignKeyPlan& fk) override;
  void add_check(const TablePlan& table, const CheckPlan& check) override;
  int64_t check_violations(const TablePlan& table, const CheckPlan& check) override;
  void drop_check(const TablePlan& table, const CheckPlan& check) override;
  void create_view(const ViewPlan& view) override;
  void drop_views(const std::vector<std::string>& names) override;
  void set_identity_next(const TablePlan& table, int64_t next_value) override;
  int64_t count_rows(const std::string& table) override;

 private:
  using Rows = std::vector<std::vector<std::optional<std::string>>>;

  // Runs one statement; a server error becomes Error(Target) that says what
  // was being done and carries the server's code, SQLSTATE and message verbatim.
  void run(const std::string& sql, const std::string& doing, const std::string& table);
  // Runs a query and returns every value as text (nullopt for NULL).
  Rows rows(const std::string& sql, const std::string& doing, const std::string& table);
  [[noreturn]] void fail(const std::string& doing, const std::string& table);
  std::string literal(const std::string& text) const;                     // a string literal
  std::string literal_list(const std::vector<std::string>& texts) const;  // "'a', 'b'"

  std::shared_ptr<MySQLCatalogSession> session_;
  std::string collation_;
};

}  // namespace litelift
