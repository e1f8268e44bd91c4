// The neutral target interfaces: a catalog that runs DDL and reads back what
// exists, a writer that streams one load over one connection, and an encoder
// that turns row batches into the writer's wire bytes. The pipeline sees only
// these; a new target engine is a new folder implementing them.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engines/target_url.hpp"
#include "mapping/dialect.hpp"
#include "mapping/row_batch.hpp"
#include "mapping/target_plan.hpp"

namespace litelift {

// Built once per table from its plan. Pure and thread-safe (const): it runs
// in the pipeline's parallel stage.
class Encoder {
 public:
  virtual ~Encoder() = default;
  // Appends the wire bytes for every row of `batch` to `out`. Throws
  // Error(Data) (throw_value_error) on a value that cannot arrive unchanged.
  virtual void encode(const RowBatch& batch, std::string& out) const = 0;
};

// Owns one connection. Not thread-safe; one load at a time.
class TargetWriter {
 public:
  virtual ~TargetWriter() = default;  // aborts an unfinished load; never throws
  virtual void begin(const TablePlan& table) = 0;
  virtual void write(std::string_view encoded) = 0;
  // Ends the load and commits it; returns the rows the server reports loaded.
  // Throws Error(Target) with the server's message on failure.
  virtual int64_t finish() = 0;
  virtual void abort() noexcept = 0;
};

// Runs DDL and catalog queries over its own connection.
class TargetCatalog {
 public:
  virtual ~TargetCatalog() = default;
  virtual std::string server_version() = 0;
  // Which of `names` already exist as tables (or views) in the target database/schema.
  virtual std::vector<std::string> existing_tables(const std::vector<std::string>& names) = 0;
  virtual void create_table(const TablePlan& table) = 0;  // columns, NOT NULL, defaults, PK, identity
  // IF EXISTS; dependent foreign keys go too. One statement where the
  // dialect allows, so tables that reference each other drop together.
  virtual void drop_tables(const std::vector<std::string>& names) = 0;
  virtual void truncate_tables(const std::vector<std::string>& names) = 0;
  virtual void create_index(const TablePlan& table, const IndexPlan& index) = 0;
  virtual void add_foreign_key(const TablePlan& table, const ForeignKeyPlan& fk) = 0;
  // Makes the identity / AUTO_INCREMENT column hand out `next_value` next.
  virtual void set_identity_next(const TablePlan& table, int64_t next_value) = 0;
  virtual int64_t count_rows(const std::string& table) = 0;
};

struct TargetOptions {
  std::string mysql_collation = "utf8mb4_unicode_ci";
};

class Target {
 public:
  virtual ~Target() = default;
  virtual const Dialect& dialect() const = 0;
  // Both throw Error(TargetConnect) when the server cannot be reached or
  // refuses the credentials.
  virtual std::unique_ptr<TargetCatalog> connect_catalog() = 0;
  virtual std::unique_ptr<TargetWriter> connect_writer() = 0;
  virtual std::unique_ptr<Encoder> make_encoder(const TablePlan& table) const = 0;
};

std::unique_ptr<Target> make_target(const TargetUrl& url, const TargetOptions& options);

}  // namespace litelift
