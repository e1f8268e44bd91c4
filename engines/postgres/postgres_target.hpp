// The PostgreSQL target over libpq: DDL, catalog reads and COPY ... TO STDOUT
// row streams on the catalog's connection, loads through COPY ... (FORMAT
// binary) on the writer's, binary tuples from the encoder.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engines/engine_registry.hpp"
#include "engines/target.hpp"
#include "engines/target_url.hpp"

namespace litelift {

// libpq connection keywords and values built once from the URL; both the
// catalog and the writer connect with them (PQconnectdbParams).
struct PostgresConnectParams {
  std::vector<std::string> keywords;
  std::vector<std::string> values;
  std::string location;  // "host:port/db" for messages; never the password
};

PostgresConnectParams postgres_connect_params(const TargetUrl& url);

// The first line of a libpq / server message, without a trailing newline.
std::string postgres_first_line(std::string_view message);

class PostgresTarget : public Target {
 public:
  PostgresTarget(const TargetUrl& url, const TargetOptions& options);

  const Dialect& dialect() const override;
  std::unique_ptr<TargetCatalog> connect_catalog() override;
  std::unique_ptr<TargetWriter> connect_writer() override;
  std::unique_ptr<Encoder> make_encoder(const TablePlan& table) const override;

 private:
  PostgresConnectParams params_;
};

const Engine& postgres_engine();

}  // namespace litelift
