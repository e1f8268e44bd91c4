#include "engines/mysql/mysql_session.hpp"

#include <optional>
#include <string>

#include "engines/target_tls.hpp"

namespace litelift {

namespace {

// ssl-mode and ssl-ca (URL parameters, filled in from --ssl-mode and --ssl-ca
// by the factory) onto libmariadb's options. Without ssl-mode: libmariadb's
// default (no TLS unless the server insists).
std::optional<TlsMode> tls_mode(const TargetUrl& url) {
  auto mode = url.params.find(kSslModeOption);
  if (mode == url.params.end()) return std::nullopt;
  return parse_tls_mode(mode->second, "ssl-mode");
}

void set_tls(MYSQL* m, const TargetUrl& url) {
  auto ca = url.params.find(kSslCaOption);
  if (ca != url.params.end() && !ca->second.empty()) mysql_optionsv(m, MYSQL_OPT_SSL_CA, ca->second.c_str());
  if (!tls_mode(url)) return;
  const TlsMode mode = *tls_mode(url);
  my_bool enforce = mode >= TlsMode::Required;
  my_bool verify = mode == TlsMode::VerifyIdentity;
  if (mode == TlsMode::Disabled) {
    // Nothing asks for TLS.
  } else if (mode == TlsMode::Preferred) {
    mysql_ssl_set(m, nullptr, nullptr, ca == url.params.end() ? nullptr : ca->second.c_str(), nullptr, nullptr);
  } else {
    mysql_optionsv(m, MYSQL_OPT_SSL_ENFORCE, &enforce);
  }
  mysql_optionsv(m, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &verify);
}

// libmariadb's messages, made to say what is wrong.
std::string tls_hint(const TargetUrl& url, const std::string& message) {
  if (message.find("Validation of SSL server certificate failed") != std::string::npos)
    return "; the server's certificate does not name the host '" + url.host +
           "' (ssl-mode VERIFY_IDENTITY): connect by a name it holds, or use VERIFY_CA";
  if (message.find("TLS/SSL error") != std::string::npos && message.find("certificate") != std::string::npos)
    return "; the server's certificate is not signed by a CA given with --ssl-ca (or ?ssl-ca=)";
  return "";
}

}  // namespace

MySQLConnPtr mysql_connect(const TargetUrl& url, bool local_infile) {
  MySQLConnPtr conn(mysql_init(nullptr));
  if (!conn) throw mysql_connect_error(url, "out of memory");
  MYSQL* m = conn.get();
  unsigned int timeout = 10;
  unsigned int infile = local_infile ? 1 : 0;
  // "localhost" would otherwise mean the Unix socket.
  unsigned int protocol = MYSQL_PROTOCOL_TCP;
  mysql_options(m, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
  mysql_options(m, MYSQL_OPT_LOCAL_INFILE, &infile);
  mysql_options(m, MYSQL_OPT_PROTOCOL, &protocol);
  mysql_options(m, MYSQL_SET_CHARSET_NAME, "utf8mb4");
  set_tls(m, url);
  // 2002/2003/2005/2013 (unreachable), 1045 (credentials), 1044/1049 (database).
  if (!mysql_real_connect(m, url.host.c_str(), url.user.c_str(), url.password.c_str(), url.database.c_str(),
                          static_cast<unsigned int>(url.effective_port()), nullptr, 0)) {
    const std::string message = mysql_error(m);
    throw mysql_connect_error(url, message + tls_hint(url, message), static_cast<int>(mysql_errno(m)));
  }
  // libmariadb asks for TLS but goes on without it when the server has none,
  // unless it verifies the certificate.
  if (tls_mode(url) >= TlsMode::Required && !mysql_get_ssl_cipher(m))
    throw mysql_connect_error(
        url, "server does not support TLS, but ssl-mode " + url.params.at(kSslModeOption) + " requires it");
  return conn;
}

}  // namespace litelift
