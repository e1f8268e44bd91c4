// The MySQL / MariaDB target over libmariadb: DDL and catalog reads on the
// catalog's connection, rows through LOAD DATA LOCAL INFILE fed from memory, tables
// in utf8mb4 with the configured collation (TargetOptions::mysql_collation).
#pragma once

#include <memory>

#include "engines/engine_registry.hpp"

namespace litelift {

// The factory throws Error(Usage) when --mysql-collation is not a plain collation name.
const Engine& mysql_engine();

}  // namespace litelift
