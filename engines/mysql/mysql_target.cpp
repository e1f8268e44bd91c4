#include "engines/mysql/mysql_target.hpp"

#include <algorithm>

#include "engines/mysql/mysql_catalog.hpp"
#include "engines/mysql/mysql_load_writer.hpp"
#include "engines/mysql/mysql_text_encoder.hpp"
#include "mapping/error.hpp"

namespace litelift {

namespace {

class MySQLTarget final : public Target {
 public:
  MySQLTarget(const TargetUrl& url, const TargetOptions& options) : url_(url), options_(options) {}

  const Dialect& dialect() const override { return mysql_dialect(); }
  std::unique_ptr<TargetCatalog> connect_catalog() override {
    return std::make_unique<MySQLCatalog>(url_, options_.mysql_collation);
  }
  std::unique_ptr<TargetWriter> connect_writer() override {
    return std::make_unique<MySQLLoadWriter>(url_, options_.mysql_collation);
  }
  std::unique_ptr<Encoder> make_encoder(const TablePlan& table) const override {
    return std::make_unique<MySQLTextEncoder>(table);
  }

 private:
  TargetUrl url_;
  TargetOptions options_;
};

}  // namespace

std::unique_ptr<Target> make_mysql_target(const TargetUrl& url, const TargetOptions& options) {
  // The collation is spliced into SET NAMES and CREATE TABLE, so it must be a bare name.
  const std::string& c = options.mysql_collation;
  const bool plain = !c.empty() && std::all_of(c.begin(), c.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_';
  });
  if (!plain)
    throw Error(ErrorKind::Usage, "invalid MySQL collation '" + c + "': expected a name such as utf8mb4_unicode_ci");
  return std::make_unique<MySQLTarget>(url, options);
}

}  // namespace litelift
