#include "engines/postgres/postgres_target.hpp"

#include <utility>

#include "engines/postgres/postgres_binary_encoder.hpp"
#include "engines/postgres/postgres_catalog.hpp"
#include "engines/postgres/postgres_copy_writer.hpp"
#include "engines/postgres/postgres_dialect.hpp"
#include "engines/target_tls.hpp"

namespace litelift {

namespace {

void set_param(PostgresConnectParams& p, const std::string& key, const std::string& value) {
  for (size_t i = 0; i < p.keywords.size(); ++i) {
    if (p.keywords[i] == key) {
      p.values[i] = value;
      return;
    }
  }
  p.keywords.push_back(key);
  p.values.push_back(value);
}

std::string param_or(const PostgresConnectParams& p, const std::string& key, const std::string& fallback) {
  for (size_t i = 0; i < p.keywords.size(); ++i)
    if (p.keywords[i] == key) return p.values[i];
  return fallback;
}

}  // namespace

PostgresConnectParams postgres_connect_params(const TargetUrl& url) {
  PostgresConnectParams p;
  if (!url.host.empty()) set_param(p, "host", url.host);
  set_param(p, "port", std::to_string(url.effective_port()));
  if (!url.user.empty()) set_param(p, "user", url.user);
  if (!url.password.empty()) set_param(p, "password", url.password);
  if (!url.database.empty()) set_param(p, "dbname", url.database);
  set_param(p, "application_name", "litelift");
  set_param(p, "connect_timeout", "10");
  // URL parameters win, so ?host=/run/postgresql reaches a Unix socket as in libpq URIs.
  for (const auto& [key, value] : url.params) set_param(p, key, value);
  p.location = param_or(p, "host", "localhost") + ":" + param_or(p, "port", "5432") + "/" +
               param_or(p, "dbname", param_or(p, "user", ""));
  return p;
}

std::string postgres_first_line(std::string_view message) {
  size_t end = message.find('\n');
  if (end == std::string_view::npos) end = message.size();
  while (end > 0 && (message[end - 1] == '\r' || message[end - 1] == ' ')) --end;
  return std::string(message.substr(0, end));
}

namespace {

// --ssl-mode and --ssl-ca fill in what the URL's sslmode and sslrootcert do not say.
TargetUrl with_tls_options(TargetUrl url, const TargetOptions& options) {
  const std::string mode = options.get(kSslModeOption, "");
  if (!mode.empty() && !url.params.count("sslmode")) {
    static const char* const kLibpq[] = {"disable", "prefer", "require", "verify-ca", "verify-full"};
    url.params["sslmode"] = kLibpq[static_cast<int>(parse_tls_mode(mode, "--ssl-mode"))];
  }
  const std::string ca = options.get(kSslCaOption, "");
  if (!ca.empty() && !url.params.count("sslrootcert")) url.params["sslrootcert"] = ca;
  return url;
}

}  // namespace

PostgresTarget::PostgresTarget(const TargetUrl& url, const TargetOptions& options)
    : params_(postgres_connect_params(with_tls_options(url, options))) {}

const Dialect& PostgresTarget::dialect() const {
  return postgres_dialect();
}

std::unique_ptr<TargetCatalog> PostgresTarget::connect_catalog() {
  return std::make_unique<PostgresCatalog>(params_);
}

std::unique_ptr<TargetWriter> PostgresTarget::connect_writer() {
  return std::make_unique<PostgresCopyWriter>(params_);
}

std::unique_ptr<Encoder> PostgresTarget::make_encoder(const TablePlan& table) const {
  return std::make_unique<PostgresBinaryEncoder>(table, postgres_dialect());
}

const Engine& postgres_engine() {
  static const Engine e = [] {
    Engine x;
    x.name = "postgresql";
    x.display_name = "PostgreSQL";
    x.schemes = {"postgresql", "postgres"};
    x.default_port = 5432;
    x.password_env = "PGPASSWORD";
    x.url_form = "postgresql://user[:password]@host[:port]/database";
    x.options = {ssl_mode_option(), ssl_ca_option()};
    x.make = [](const TargetUrl& url, const TargetOptions& options) -> std::unique_ptr<Target> {
      return std::make_unique<PostgresTarget>(url, options);
    };
    return x;
  }();
  return e;
}

}  // namespace litelift
