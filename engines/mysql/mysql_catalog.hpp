// DDL and catalog queries over one libmariadb connection. The session uses
// utf8mb4 with the configured collation, a strict sql_mode and
// foreign_key_checks = 0 (tables drop and foreign keys are added without
// checks; the source was checked for orphans before), and time_zone
// '+00:00' so that TIMESTAMP values read back in UTC.
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

  // mysql_use_result on this catalog's connection; see MySQLRowStream.
  std::unique_ptr<TargetRowStream> read_rows(const TableRead& read) override;
  // Five information_schema queries for all `names` (tables, columns,
  // indexes, foreign keys, checks). MariaDB's JSON columns are longtext with
  // a column check json_valid(`col`) named after the column: such a column
  // is reported as Json and that check is left out of `checks` (MariaDB
  // itself cannot tell it from the same check written by hand; litelift
  // never writes one, as it refuses json_valid() in translated CHECKs).
  std::vector<TableShape> describe_tables(const std::vector<std::string>& names) override;
  bool same_type(const TargetType& planned, const std::string& actual) const override;
  std::vector<std::vector<std::optional<std::string>>> query(const std::string& sql) override;
  void execute(const std::string& sql) override;
  std::vector<std::string> list_tables() override;
  // GET_LOCK(mysql_run_lock_name(the database), 0): locks are server-wide, so the name carries the database.
  std::string session_id() override;
  bool try_run_lock() override;
  void release_run_lock() override;
  std::optional<LockHolder> run_lock_holder() override;
  std::string run_lock_name() const override;

 private:
  using Rows = std::vector<std::vector<std::optional<std::string>>>;

  static std::string first_value(const Rows& r);  // "" for no row or NULL
  const std::string& lock_name();

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
  std::string lock_name_;
};

// "litelift:<database>", or "litelift:<hash>" when that would pass MySQL's 64 characters.
std::string mysql_run_lock_name(const std::string& database);

}  // namespace litelift
