// MySQL / MariaDB as a Dialect. MariaDB and MySQL 8 differ in a few values
// (see docs/types.md); the target picks the variant once it knows the server.
#pragma once

#include <string_view>

#include "mapping/dialect.hpp"

namespace litelift {

const Dialect& mysql_dialect();   // MariaDB, and the default before the server is known
const Dialect& mysql8_dialect();  // Oracle MySQL 8: JSON is stored parsed

// The dialect for a server's VERSION() text ("10.11.6-MariaDB-0+deb12u1", "8.0.36").
const Dialect& mysql_dialect_for(std::string_view server_version);

}  // namespace litelift
