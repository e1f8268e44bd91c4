// `litelift schema`: the DDL a migration would run, in the order it runs it
// (tables, indexes, foreign keys, views, counters), with everything that is
// not translated written as SQL comments. Reads the source (to profile the
// values that decide types and to find where counters continue); connects
// to nothing.
#pragma once

#include <string>

#include "engines/source.hpp"
#include "engines/target.hpp"
#include "mapping/plan_builder.hpp"

namespace litelift {

std::string schema_script(Source& source, const Target& target, const MappingOptions& options);

}  // namespace litelift
