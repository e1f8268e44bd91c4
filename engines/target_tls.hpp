// TLS to the target, engine-neutral: the --ssl-mode and --ssl-ca options
// every engine offers, and the modes they name. Each engine maps a mode onto
// its client library (engines/<target>/).
#pragma once

#include <optional>
#include <string>

#include "engines/engine_registry.hpp"

namespace litelift {

// Weakest to strongest. VerifyCa checks the certificate's chain, VerifyIdentity
// also that it names the host connected to.
enum class TlsMode { Disabled, Preferred, Required, VerifyCa, VerifyIdentity };

// MySQL's names (DISABLED, PREFERRED, REQUIRED, VERIFY_CA, VERIFY_IDENTITY) or
// libpq's (disable, prefer, require, verify-ca, verify-full), any case.
// Throws Error(Usage) naming `where` for anything else.
TlsMode parse_tls_mode(const std::string& text, const std::string& where);

extern const char* const kSslModeOption;  // "ssl-mode"
extern const char* const kSslCaOption;    // "ssl-ca"
// The two options, as each engine lists them (the CLI offers a name once).
EngineOption ssl_mode_option();
EngineOption ssl_ca_option();

}  // namespace litelift
