// The MySQL / MariaDB target: DDL through mysql-connector-c++, rows through
// LOAD DATA LOCAL INFILE fed from memory, tables in utf8mb4 with the
// configured collation (TargetOptions::mysql_collation).
#pragma once

#include <memory>

#include "engines/target.hpp"

namespace litelift {

// Throws Error(Usage) when the collation is not a plain collation name.
std::unique_ptr<Target> make_mysql_target(const TargetUrl& url, const TargetOptions& options);

}  // namespace litelift
