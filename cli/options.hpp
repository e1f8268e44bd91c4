// Command-line and INI-file options (Boost.Program_options).
#pragma once

#include <string>
#include <vector>

#include "engines/target.hpp"
#include "pipeline/migration.hpp"

namespace litelift {

struct CliOptions {
  std::string command;  // "migrate", "verify"; empty with --help/--version
  bool help = false;
  bool version = false;
  std::string help_text;
  std::string source;
  TargetUrl target;
  TargetOptions target_options;
  MigrateOptions migrate;
  std::string verify_mode = "counts";  // migrate: none|counts
  std::vector<std::string> reports;
  bool quiet = false;
  bool verbose = false;
};

// Throws Error(Usage) with a one-line message.
CliOptions parse_options(int argc, char** argv);

}  // namespace litelift
