// DDL and catalog reads on PostgreSQL over one libpq connection. Every
// statement runs on its own (autocommit); server errors become Error(Target)
// with the server's first message line and SQLSTATE. The session is fixed
// for the text forms TargetRowStream promises (UTC, ISO dates, shortest
// exact floats, hex bytea) for read_rows and query alike.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engines/postgres/postgres_connection.hpp"
#include "engines/postgres/postgres_target.hpp"
#include "engines/target.hpp"

namespace litelift {

// The catalog's connection, shared with the row stream that reads over it:
// neither outlives it, and the catalog refuses statements while a stream reads.
struct PostgresSession {
  PgConnPtr conn;
  std::string location;  // "host:port/db", for messages
  bool streaming = false;
};

class PostgresCatalog : public TargetCatalog {
 public:
  // Connects at once; throws Error(TargetConnect) when it cannot.
  explicit PostgresCatalog(const PostgresConnectParams& params);
  ~PostgresCatalog() override;

  PostgresCatalog(const PostgresCatalog&) = delete;
  PostgresCatalog& operator=(const PostgresCatalog&) = delete;

  std::string server_version() override;
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

  // COPY (SELECT ...) TO STDOUT on this catalog's connection; see PostgresRowStream.
  std::unique_ptr<TargetRowStream> read_rows(const TableRead& read) override;
  // Four catalog queries for all `names` (tables, columns, constraints, indexes) in current_schema().
  std::vector<TableShape> describe_tables(const std::vector<std::string>& names) override;
  bool same_type(const TargetType& planned, const std::string& actual) const override;
  std::vector<std::vector<std::optional<std::string>>> query(const std::string& sql) override;
  void execute(const std::string& sql) override;
  std::vector<std::string> list_tables() override;
  // pg_try_advisory_lock (session level) on postgres_run_lock_key(the database).
  std::string session_id() override;
  bool try_run_lock() override;
  void release_run_lock() override;
  std::optional<LockHolder> run_lock_holder() override;
  std::string run_lock_name() const override;

 private:
  int64_t lock_key();
  // Runs `sql` outside a transaction block; `what` ("creating table "t"")
  // and `table` name the statement in errors.
  PgResultPtr run(const std::string& sql, const std::string& what, const std::string& table);
  std::string literal(const std::string& text) const;                     // a string literal
  std::string literal_list(const std::vector<std::string>& texts) const;  // "'a', 'b'"

  std::shared_ptr<PostgresSession> session_;
  std::optional<int64_t> lock_key_;
  std::string database_;
};

// The advisory lock key of litelift's migration lock on `database`.
int64_t postgres_run_lock_key(const std::string& database);

}  // namespace litelift
