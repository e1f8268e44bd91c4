// How MySQL's and MariaDB's information_schema spell the types litelift
// creates: the family a catalog type is read as, and whether a catalog
// spelling is a planned type. Pure functions, testable offline.
#pragma once

#include <string>
#include <string_view>

#include "mapping/target_plan.hpp"

namespace litelift {

// The family of a column from information_schema.COLUMNS' DATA_TYPE and
// COLUMN_TYPE: tinyint(1) -> Boolean, double -> Real, datetime -> Timestamp,
// ... `json_check`: MariaDB's JSON is a longtext with a json_valid() check
// on it, which makes it Json. A UUID in varchar(36) is Varchar: the catalog
// cannot tell it from text.
TypeFamily mysql_type_family(std::string_view data_type, std::string_view column_type, bool json_check);

// One spelling per type: lower case, single blanks, integer display widths
// dropped except tinyint(1) ("bigint(20)" -> "bigint"), aliases to MySQL's
// own names ("integer" -> "int", "boolean" -> "tinyint(1)", "numeric(10)" ->
// "decimal(10,0)", "datetime(0)" -> "datetime").
std::string mysql_canonical_type(std::string_view type);

// Whether the catalog's `actual` (COLUMN_TYPE) is the type `planned` as the
// dialect wrote it. A planned JSON is also MariaDB's "longtext" (the
// catalog's spelling of its JSON alias).
bool mysql_same_type(std::string_view planned, std::string_view actual);

}  // namespace litelift
