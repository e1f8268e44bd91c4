// Loads one table at a time with LOAD DATA LOCAL INFILE fed from memory over
// one libmariadb connection. A load is one transaction: begin() starts it,
// finish() commits it, abort() (or the destructor) rolls it back.
//
// Costs: up to ~16 MiB of encoded rows are buffered before each LOAD DATA
// statement. With LOCAL the server turns bad values and duplicate keys into
// warnings and keeps going, so every statement's warnings are read and any
// warning fails the load.
#pragma once

#include <mysql.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "engines/mysql/mysql_session.hpp"
#include "engines/target.hpp"

namespace litelift {

class MySQLLoadWriter final : public TargetWriter {
 public:
  // Connects and prepares the session (utf8mb4 with `collation`, strict
  // sql_mode, foreign_key_checks = 0). Throws Error(TargetConnect).
  MySQLLoadWriter(const TargetUrl& url, const std::string& collation);
  ~MySQLLoadWriter() override;
  MySQLLoadWriter(const MySQLLoadWriter&) = delete;
  MySQLLoadWriter& operator=(const MySQLLoadWriter&) = delete;

  void begin(const TablePlan& table) override;
  void write(std::string_view encoded, size_t rows) override;
  int64_t finish() override;
  void abort() noexcept override;

  // The LOAD DATA statement that reads MySQLTextEncoder's rows for `table`.
  static std::string load_statement(const TablePlan& table);

  // The local-infile callbacks (libmariadb calls them; public for the
  // offline tests). init refuses any file name but the one of our own
  // statement, and any request while none of our loads runs: whatever the
  // server asks for, only the buffered rows are ever sent.
  static int infile_init(void** ptr, const char* filename, void* self);
  static int infile_read(void* ptr, char* buf, unsigned int len);
  static void infile_end(void* ptr);
  static int infile_error(void* ptr, char* msg, unsigned int len);
  static constexpr const char* kStreamName = "litelift-stream";
  // A writer with no connection, for those tests: it loads nothing.
  struct Unconnected {};
  explicit MySQLLoadWriter(Unconnected) {}

 private:
  void execute(const std::string& sql, const std::string& doing);
  void load_buffer();
  [[noreturn]] void throw_server_error(const std::string& doing);
  void check_warnings();

  MySQLConnPtr conn_;
  std::string table_;                   // target name of the table being loaded
  std::string statement_;               // the LOAD DATA statement for it
  std::string buffer_;                  // encoded rows not yet sent
  uint64_t buffer_rows_ = 0;            // how many
  std::string_view pending_;            // what the running LOAD DATA still has to read
  bool loading_ = false;                // our LOAD DATA statement is running
  std::optional<std::string> refused_;  // the file name a refused request asked for
  bool in_transaction_ = false;
  int64_t loaded_ = 0;
};

}  // namespace litelift
