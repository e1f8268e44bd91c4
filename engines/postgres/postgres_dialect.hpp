// PostgreSQL as a Dialect: the data the mapper and DDL renderer read.
#pragma once

#include "mapping/dialect.hpp"

namespace litelift {

const Dialect& postgres_dialect();

}  // namespace litelift
