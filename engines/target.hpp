// The neutral target interfaces: a catalog that runs DDL and reads back what
// exists, a writer that streams one load over one connection, and an encoder
// that turns row batches into the writer's wire bytes. The pipeline sees only
// these; a new target engine is a new folder implementing them.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engines/target_url.hpp"
#include "mapping/dialect.hpp"
#include "mapping/row_batch.hpp"
#include "mapping/target_plan.hpp"
#include "mapping/value_convert.hpp"

namespace litelift {

// A row the encoder left out: its first value that cannot arrive unchanged.
struct RejectedValue {
  uint32_t row = 0;     // row of the batch
  uint32_t column = 0;  // index into TablePlan::columns
  Refusal refusal = Refusal::BadValue;
  std::string reason;
};

// What one encode() call did besides the bytes.
struct EncodeResult {
  size_t rows = 0;                      // rows encoded into `out`
  std::vector<RejectedValue> rejected;  // rows left out, in row order
  // How many values of each plan column had each ConversionNote bit:
  // note_counts[column * kConversionNoteCount + bit].
  std::vector<uint32_t> note_counts;

  void reset(size_t columns) {
    rows = 0;
    rejected.clear();
    note_counts.assign(columns * kConversionNoteCount, 0);
  }
};

// Built once per table from its plan. Pure and thread-safe (const): it runs
// in the pipeline's parallel stage.
class Encoder {
 public:
  virtual ~Encoder() = default;
  // Appends the wire bytes of every row of `batch` that can arrive unchanged
  // to `out`; a row with a refused value leaves no bytes and is listed in
  // `result.rejected`. The run's policies decide what happens to it.
  virtual void encode(const RowBatch& batch, std::string& out, EncodeResult& result) const = 0;
};

// Owns one connection. Not thread-safe; one load at a time.
class TargetWriter {
 public:
  virtual ~TargetWriter() = default;  // aborts an unfinished load; never throws
  virtual void begin(const TablePlan& table) = 0;
  // `encoded` holds exactly `rows` whole rows from the table's encoder.
  virtual void write(std::string_view encoded, size_t rows) = 0;
  // Ends the load and commits it; returns the rows the server reports loaded.
  // Throws Error(Target) with the server's message on failure.
  virtual int64_t finish() = 0;
  virtual void abort() noexcept = 0;
};

// How the verifier reads a table back: these columns, optionally one
// integer column's range, optionally in byte order of some columns.
struct TableRead {
  std::string table;                  // target name
  std::vector<std::string> columns;   // target names, values come back in this order
  std::vector<TypeFamily> families;   // per column; Blob columns come back as raw bytes
  std::vector<std::string> order_by;  // target names, ascending, in byte order (no collation); empty: any order
  std::string range_column;           // an integer column to restrict to [first, last]; "" for every row
  int64_t first = 0;
  int64_t last = 0;
};

// The rows of one TableRead, streamed. Values come back as the server's
// text with the session fixed for it (UTC, ISO dates, shortest exact
// floats), except Blob columns, which are raw bytes:
//   integer "-12"; real "0.1", "1e+100", "Infinity", "NaN" (shortest text that reads back exactly);
//   decimal "12.50" (as the server prints it); boolean "t"/"f" or "1"/"0";
//   date "2024-01-31"; time "10:00:00[.ffffff]"; timestamp "2024-01-31 10:00:00[.ffffff]";
//   timestamptz the same with an optional "+00" suffix; uuid "xxxxxxxx-xxxx-...";
//   text and json as stored.
// Holds its catalog's connection until destroyed: one stream at a time per catalog.
class TargetRowStream {
 public:
  virtual ~TargetRowStream() = default;  // abandons an unfinished read; never throws
  // The next row, one entry per column (nullopt for NULL), valid until the
  // next call. False at the end. Throws Error(Target) on a server error.
  virtual bool next(std::vector<std::optional<std::string_view>>& values) = 0;
};

// What a table looks like in the target, as its catalog says.
struct ColumnShape {
  std::string name;
  std::string type;                      // as the catalog spells it: "numeric(10,2)", "bigint(20)", "varchar(255)"
  TypeFamily family = TypeFamily::Text;  // the family a value of that type is read as
  bool nullable = true;
};
struct IndexShape {
  std::string name;
  bool unique = false;
  std::vector<std::string> columns;  // column names; an expression key as the catalog prints it
};
struct ForeignKeyShape {
  std::string name;
  std::vector<std::string> columns;
  std::string parent_table;
  std::vector<std::string> parent_columns;
};
struct TableShape {
  std::string name;
  bool exists = false;
  std::vector<ColumnShape> columns;      // in table order
  std::vector<std::string> primary_key;  // column names, in key order
  std::vector<IndexShape> indexes;       // secondary and unique indexes, not the primary key's
  std::vector<ForeignKeyShape> foreign_keys;
  std::vector<std::string> checks;  // CHECK constraint names
};

// Who holds the run lock, as the server sees that session.
struct LockHolder {
  std::string session;          // the server's id of the session (TargetCatalog::session_id)
  std::string client;           // its client address, "" when the server does not say
  std::string connected_since;  // when it connected (server time, ISO-like), "" when not known
};

// Runs DDL and catalog queries over its own connection.
class TargetCatalog {
 public:
  virtual ~TargetCatalog() = default;
  virtual std::string server_version() = 0;
  // Whether the server refuses tables without a primary key (MariaDB
  // innodb_force_primary_key, MySQL sql_require_primary_key).
  virtual bool requires_primary_key() { return false; }
  // Which of `names` already exist as tables (or views) in the target database/schema.
  virtual std::vector<std::string> existing_tables(const std::vector<std::string>& names) = 0;
  virtual void create_table(const TablePlan& table) = 0;  // columns, NOT NULL, defaults, PK, identity
  // IF EXISTS; dependent foreign keys go too. One statement where the
  // dialect allows, so tables that reference each other drop together.
  virtual void drop_tables(const std::vector<std::string>& names) = 0;
  virtual void truncate_tables(const std::vector<std::string>& names) = 0;
  virtual void create_index(const TablePlan& table, const IndexPlan& index) = 0;
  virtual void add_foreign_key(const TablePlan& table, const ForeignKeyPlan& fk) = 0;
  // After the data: the server checks every row, and refuses the constraint if one fails.
  virtual void add_check(const TablePlan& table, const CheckPlan& check) = 0;
  // For checks created with the table (Dialect::checks_in_create_table):
  // how many rows break it, and removing it.
  virtual int64_t check_violations(const TablePlan& table, const CheckPlan& check) = 0;
  virtual void drop_check(const TablePlan& table, const CheckPlan& check) = 0;
  virtual void create_view(const ViewPlan& view) = 0;
  virtual void drop_views(const std::vector<std::string>& names) = 0;  // IF EXISTS
  // Makes the identity / AUTO_INCREMENT column hand out `next_value` next.
  virtual void set_identity_next(const TablePlan& table, int64_t next_value) = 0;
  virtual int64_t count_rows(const std::string& table) = 0;

  // For the verifier and the audit.
  virtual std::unique_ptr<TargetRowStream> read_rows(const TableRead& read) = 0;
  // One entry per name, in order; exists = false for a table that is not there.
  virtual std::vector<TableShape> describe_tables(const std::vector<std::string>& names) = 0;
  // Whether a column the catalog describes as `actual` (ColumnShape::type)
  // has the planned type (e.g. "bigint(20)" is MariaDB's BIGINT).
  virtual bool same_type(const TargetType& planned, const std::string& actual) const = 0;
  // A query the caller composed in the dialect's SQL; every value as text, NULL as nullopt.
  virtual std::vector<std::vector<std::optional<std::string>>> query(const std::string& sql) = 0;
  virtual void execute(const std::string& sql) = 0;
  // Every table in the target's database/schema, sorted.
  virtual std::vector<std::string> list_tables() = 0;

  // The server's id of this connection's session (PostgreSQL's backend pid,
  // MySQL's connection id): what run_lock_holder() names.
  virtual std::string session_id() = 0;
  // The migration lock of the target database, one litelift migrate at a
  // time. Session-level: held until release_run_lock() or until the
  // connection closes, so a killed run's lock goes with its session.
  // Returns at once, false when another session holds it.
  virtual bool try_run_lock() = 0;
  virtual void release_run_lock() = 0;
  // The session that holds the run lock; nullopt when it is free.
  virtual std::optional<LockHolder> run_lock_holder() = 0;
  // The lock as the server names it, for messages: "advisory lock 123 ...".
  virtual std::string run_lock_name() const = 0;
};

// Engine-specific options by name (EngineOption::name), as given; an engine
// reads its own and falls back to its defaults.
struct TargetOptions {
  std::map<std::string, std::string> values;
  std::string get(const std::string& name, const std::string& fallback) const {
    auto it = values.find(name);
    return it == values.end() ? fallback : it->second;
  }
};

class Target {
 public:
  virtual ~Target() = default;
  // The dialect plans are made for. Before use_server() it assumes the
  // engine's most common server.
  virtual const Dialect& dialect() const = 0;
  // Tells the target which server it talks to (TargetCatalog::server_version),
  // so that the dialect can follow it (MySQL 8 vs MariaDB).
  virtual void use_server(const std::string& /*server_version*/) {}
  // Both throw Error(TargetConnect) when the server cannot be reached or
  // refuses the credentials.
  virtual std::unique_ptr<TargetCatalog> connect_catalog() = 0;
  virtual std::unique_ptr<TargetWriter> connect_writer() = 0;
  virtual std::unique_ptr<Encoder> make_encoder(const TablePlan& table) const = 0;
  // What follows CREATE TABLE's closing parenthesis ("ENGINE=InnoDB ..."), for scripts.
  virtual std::string table_options() const { return ""; }
};

std::unique_ptr<Target> make_target(const TargetUrl& url, const TargetOptions& options);

}  // namespace litelift
