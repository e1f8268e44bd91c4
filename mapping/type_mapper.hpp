// Declared SQLite types -> target types, and the whole source schema -> a
// target plan for one dialect. Pure: no I/O. Where the declared type does
// not decide (no type, a type SQLite apps use loosely, VARCHAR(n) holding
// longer text), the decision is taken from a profile of the values the
// column actually holds, which the caller reads from the source first
// (profile_requests says which columns need one). The rules are documented
// in docs/types.md.
#pragma once

#include <cstdint>
#include <map>
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
};

// The family and parameters a declared type asks for, ignoring data, keys
// and cast rules: "VARCHAR(20)" -> Varchar 20, "DECIMAL(10,2)" -> Decimal
// 10,2; no type or an unknown one -> Text.
TargetType map_declared_type(const std::string& declared_type, const Dialect& dialect);

// Renders the type name for the dialect and fills TargetType::sql.
void render_type(TargetType& type, const Dialect& dialect);

// The columns whose values decide their mapping.
std::vector<ProfileRequest> profile_requests(const Schema& schema, const Dialect& dialect,
                                             const MappingOptions& options);

struct PlanResult {
  MigrationPlan plan;
  std::vector<std::string> errors;  // problems that stop the migration before the target is touched
};

PlanResult build_plan(const Schema& schema, const Dialect& dialect, const MappingOptions& options = {},
                      const Profiles& profiles = {});

}  // namespace litelift
