#include "engines/target_tls.hpp"

#include <cctype>

#include "mapping/error.hpp"

namespace litelift {

const char* const kSslModeOption = "ssl-mode";
const char* const kSslCaOption = "ssl-ca";

TlsMode parse_tls_mode(const std::string& text, const std::string& where) {
  std::string t;
  for (char c : text) t += c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (t == "disabled" || t == "disable") return TlsMode::Disabled;
  if (t == "preferred" || t == "prefer") return TlsMode::Preferred;
  if (t == "required" || t == "require") return TlsMode::Required;
  if (t == "verify-ca") return TlsMode::VerifyCa;
  if (t == "verify-identity" || t == "verify-full") return TlsMode::VerifyIdentity;
  throw Error(ErrorKind::Usage, where + ": invalid TLS mode '" + text +
                                    "': expected DISABLED, PREFERRED, REQUIRED, VERIFY_CA or VERIFY_IDENTITY");
}

EngineOption ssl_mode_option() {
  return {kSslModeOption, "",
          "TLS to the target: DISABLED|PREFERRED|REQUIRED|VERIFY_CA|VERIFY_IDENTITY (PostgreSQL: or ?sslmode= in "
          "the URL, which wins)"};
}

EngineOption ssl_ca_option() {
  return {kSslCaOption, "", "CA certificate (PEM) the target's certificate must chain to, for VERIFY_CA and up"};
}

}  // namespace litelift
