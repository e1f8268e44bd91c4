// How PostgreSQL's catalog spells the types litelift creates: the family a
// catalog type is read as, and whether a catalog spelling is a planned type.
// Pure functions, so the verifier's type checks can be tested offline.
#pragma once

#include <string>
#include <string_view>

#include "mapping/target_plan.hpp"

namespace litelift {

// The family of a column from its pg_type name (the base type's for a
// domain): int8 -> Integer, float8 -> Real, jsonb -> Json, ... Types
// litelift never creates read as Text.
TypeFamily postgres_type_family(std::string_view typname);

// One spelling per type: lower case, single blanks, SQL-standard names to
// PostgreSQL's short ones ("character varying(20)" -> "varchar(20)",
// "timestamp(6) with time zone" -> "timestamptz", "int8" -> "bigint").
std::string postgres_canonical_type(std::string_view type);

// Whether the catalog's `actual` (format_type) is the type `planned` as the
// dialect wrote it in litelift's DDL.
bool postgres_same_type(std::string_view planned, std::string_view actual);

}  // namespace litelift
