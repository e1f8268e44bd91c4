#include "engines/mysql/mysql_target.hpp"

#include <algorithm>

#include "engines/mysql/mysql_catalog.hpp"
#include "engines/mysql/mysql_dialect.hpp"
#include "engines/mysql/mysql_load_writer.hpp"
#include "engines/mysql/mysql_session.hpp"
#include "engines/mysql/mysql_text_encoder.hpp"
#include "engines/target_tls.hpp"
#include "mapping/error.hpp"

namespace litelift {

namespace {

constexpr const char* kCollationOption = "mysql-collation";
constexpr const char* kDefaultCollation = "utf8mb4_unicode_ci";

class MySQLTarget final : public Target {
 public:
  MySQLTarget(const TargetUrl& url, std::string collation) : url_(url), collation_(std::move(collation)) {}

  const Dialect& dialect() const override { return *dialect_; }
  void use_server(const std::string& server_version) override { dialect_ = &mysql_dialect_for(server_version); }
  std::unique_ptr<TargetCatalog> connect_catalog() override { return std::make_unique<MySQLCatalog>(url_, collation_); }
  std::unique_ptr<TargetWriter> connect_writer() override {
    return std::make_unique<MySQLLoadWriter>(url_, collation_);
  }
  std::unique_ptr<Encoder> make_encoder(const TablePlan& table) const override {
    return std::make_unique<MySQLTextEncoder>(table, *dialect_);
  }
  std::string table_options() const override { return mysql_table_options(collation_); }

 private:
  TargetUrl url_;
  std::string collation_;
  const Dialect* dialect_ = &mysql_dialect();
};

std::unique_ptr<Target> make(const TargetUrl& url, const TargetOptions& options) {
  // The collation is spliced into SET NAMES and CREATE TABLE, so it must be a bare name.
  const std::string c = options.get(kCollationOption, kDefaultCollation);
  const bool plain = !c.empty() && std::all_of(c.begin(), c.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_';
  });
  if (!plain)
    throw Error(ErrorKind::Usage,
                "--mysql-collation: invalid collation '" + c + "': expected a name such as utf8mb4_unicode_ci");
  // --ssl-mode and --ssl-ca fill in what the URL's ssl-mode and ssl-ca do not say.
  TargetUrl u = url;
  if (u.params.count(kSslModeOption)) parse_tls_mode(u.params[kSslModeOption], "ssl-mode");
  for (const char* option : {kSslModeOption, kSslCaOption}) {
    const std::string value = options.get(option, "");
    if (option == kSslModeOption && !value.empty()) parse_tls_mode(value, "--ssl-mode");
    if (!value.empty() && !u.params.count(option)) u.params[option] = value;
  }
  return std::make_unique<MySQLTarget>(u, c);
}

}  // namespace

const Engine& mysql_engine() {
  static const Engine e = [] {
    Engine x;
    x.name = "mysql";
    x.display_name = "MySQL";
    x.schemes = {"mysql", "mariadb"};
    x.default_port = 3306;
    x.password_env = "MYSQL_PWD";
    x.url_form = "mysql://user[:password]@host[:port]/database[?ssl-mode=...&ssl-ca=FILE]";
    x.options = {{kCollationOption, kDefaultCollation, "collation of MySQL tables and sessions"},
                 ssl_mode_option(),
                 ssl_ca_option()};
    x.make = make;
    return x;
  }();
  return e;
}

}  // namespace litelift
