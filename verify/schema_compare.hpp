// The schema comparison: every table, column (type and nullability), key,
// index, foreign key and check the plan put on the target is there as
// planned; columns the plan does not know are named too.
#pragma once

#include <vector>

#include "engines/target.hpp"
#include "verify/verify_result.hpp"

namespace litelift {

// `shapes` holds one entry per plan table, in plan order (TargetCatalog::describe_tables).
std::vector<SchemaFinding> compare_schema(const MigrationPlan& plan, const std::vector<TableShape>& shapes,
                                          const TargetCatalog& catalog);

}  // namespace litelift
