// Target URLs: scheme://user:pass@host:port/db?key=value. The scheme names
// the engine (engines/engine_registry.hpp): postgresql://, mysql://, ...
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace litelift {

struct TargetUrl {
  std::string engine;  // canonical scheme of the engine: "postgresql", "mysql"
  std::string user;
  std::string password;  // never printed; see redacted()
  std::string host = "localhost";
  int port = 0;  // 0: the engine's default
  std::string database;
  std::map<std::string, std::string> params;

  int effective_port() const;
  // The URL with the password replaced by "***", for logs and reports.
  std::string redacted() const;
};

// Throws Error(Usage) with a one-line reason for a malformed URL.
TargetUrl parse_target_url(std::string_view url);

// Where the password of `url` is written (offset, length; length 0 when it
// has none): user:PASSWORD@ or ?password=PASSWORD, as parse_target_url reads
// it, without parsing the rest.
struct TextSpan {
  size_t offset = 0;
  size_t length = 0;
};
TextSpan password_span(std::string_view url);

}  // namespace litelift
