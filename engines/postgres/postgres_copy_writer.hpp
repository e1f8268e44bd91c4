// Loads one table at a time with COPY ... FROM STDIN (FORMAT binary) over raw
// libpq (libpqxx 6.4's streams are slow). Small writes are gathered into a
// 1 MiB buffer before they reach the socket. Each load is its own transaction:
// finish() commits it, abort() and the destructor roll it back.
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "engines/postgres/postgres_connection.hpp"
#include "engines/postgres/postgres_target.hpp"
#include "engines/target.hpp"

namespace litelift {

class PostgresCopyWriter : public TargetWriter {
 public:
  // Connects at once; throws Error(TargetConnect) when it cannot.
  explicit PostgresCopyWriter(const PostgresConnectParams& params);
  ~PostgresCopyWriter() override;

  PostgresCopyWriter(const PostgresCopyWriter&) = delete;
  PostgresCopyWriter& operator=(const PostgresCopyWriter&) = delete;

  void begin(const TablePlan& table) override;
  void write(std::string_view encoded, size_t rows) override;
  int64_t finish() override;
  void abort() noexcept override;

 private:
  using ResultPtr = PgResultPtr;

  void flush();
  void put(const char* data, size_t size);
  // Reads results until libpq has none left; returns the first error, or
  // else the last command result. Ends a COPY still in progress.
  ResultPtr drain() noexcept;
  [[noreturn]] void fail(const PGresult* result);

  std::string location_;
  PgConnPtr conn_;
  std::string table_;
  bool in_copy_ = false;
  std::string buffer_;
};

}  // namespace litelift
