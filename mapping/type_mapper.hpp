// Declared SQLite types -> target types, and the whole source schema -> a
// target plan for one dialect. Pure: no I/O, so the plan command and the
// tests see exactly what migrate will do.
#pragma once

#include <string>
#include <vector>

#include "mapping/dialect.hpp"
#include "mapping/schema.hpp"
#include "mapping/target_plan.hpp"

namespace litelift {

// The family and parameters a declared type asks for, before key-column
// adjustments: "VARCHAR(20)" -> Varchar 20, "DECIMAL(10,2)" -> Decimal 10,2.
TargetType map_declared_type(const std::string& declared_type, const Dialect& dialect);

// Renders the type name for the dialect and fills TargetType::sql.
void render_type(TargetType& type, const Dialect& dialect);

struct PlanResult {
  MigrationPlan plan;
  std::vector<std::string> errors;  // problems that stop the migration before the target is touched
};

PlanResult build_plan(const Schema& schema, const Dialect& dialect);

// A name derived from parts ("orders_user_id_fkey") that fits the dialect's
// limit: cut, with a short hash of the full name appended when cut.
std::string derived_name(const std::string& full, const Dialect& dialect);

}  // namespace litelift
