// The target engines litelift knows, as data: URL schemes, default port, the
// password variable, engine-specific options and the factory. A new target
// engine is a folder under engines/ and one line in engine_registry.cpp.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engines/target.hpp"

namespace litelift {

// An option only one engine reads (--mysql-collation); the CLI offers it on
// every command line and in config files, and passes it in TargetOptions.
struct EngineOption {
  std::string name;  // without the dashes
  std::string default_value;
  std::string help;
};

struct Engine {
  std::string name;                  // canonical URL scheme: "postgresql"
  std::string display_name;          // "PostgreSQL"
  std::vector<std::string> schemes;  // accepted URL schemes, lower case
  int default_port = 0;
  std::string password_env;  // PGPASSWORD
  std::string url_form;      // "postgresql://user[:password]@host[:port]/database[?sslmode=...]"
  std::vector<EngineOption> options;
  std::unique_ptr<Target> (*make)(const TargetUrl& url, const TargetOptions& options) = nullptr;
};

const std::vector<const Engine*>& engines();
// nullptr for a scheme no engine accepts; `scheme` is compared case-insensitively.
const Engine* find_engine(std::string_view scheme);
// The engine of a parsed URL (always found: parse_target_url checked it).
const Engine& engine_of(const TargetUrl& url);

}  // namespace litelift
