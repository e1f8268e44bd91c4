// The whole source schema -> a target plan for one dialect: names, column
// types (type_mapper), keys, indexes, foreign keys, constraints and views,
// with every schema object accounted for (MigrationPlan::objects). Pure: no
// I/O, so the schema command, the plan command and the tests see exactly
// what migrate will do.
#pragma once

#include <string>
#include <vector>

#include "mapping/cast_rule.hpp"
#include "mapping/dialect.hpp"
#include "mapping/identifiers.hpp"
#include "mapping/profile.hpp"
#include "mapping/schema.hpp"
#include "mapping/target_plan.hpp"

namespace litelift {

struct MappingOptions {
  std::vector<CastRule> casts;
  IdentifierCase identifier_case = IdentifierCase::Preserve;
  bool replace_invalid_utf8 = false;  // --invalid-utf8 replace
  bool strip_nul = false;             // --nul strip
  bool nfc = false;                   // --normalize nfc
  std::vector<std::string> include_tables;  // --tables globs; empty: every table
  std::vector<std::string> exclude_tables;  // --exclude globs
  // The target refuses tables without a primary key (MariaDB
  // innodb_force_primary_key, MySQL sql_require_primary_key): keyless tables
  // get an invisible generated key.
  bool require_primary_key = false;
};

// Whether --tables / --exclude select `table`; `why` says which glob left it out.
bool table_selected(const std::string& table, const MappingOptions& options, std::string* why = nullptr);

// The columns whose mapping depends on their values.
std::vector<ProfileRequest> profile_requests(const Schema& schema, const Dialect& dialect,
                                             const MappingOptions& options);

struct PlanResult {
  MigrationPlan plan;
  std::vector<std::string> errors;  // problems that stop the migration before the target is touched
};

PlanResult build_plan(const Schema& schema, const Dialect& dialect, const MappingOptions& options = {},
                      const Profiles& profiles = {});

// The name of the invisible key build_plan adds to keyless tables.
constexpr const char* kAddedKeyColumn = "litelift_row_id";

}  // namespace litelift
