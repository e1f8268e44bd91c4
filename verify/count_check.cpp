#include "verify/count_check.hpp"

#include <algorithm>

namespace litelift {

bool CountCheck::ok() const {
  return mismatches() == 0;
}

size_t CountCheck::mismatches() const {
  return static_cast<size_t>(std::count_if(rows.begin(), rows.end(), [](const CountRow& r) { return !r.match(); }));
}

CountCheck check_counts(Source& source, TargetCatalog& catalog, const MigrationPlan& plan,
                        const std::map<std::string, CountAllowance>& allowances) {
  CountCheck check;
  std::vector<std::string> names;
  for (const auto& tp : plan.tables) names.push_back(tp.name);
  std::vector<std::string> present = catalog.existing_tables(names);
  for (const auto& tp : plan.tables) {
    CountRow row;
    row.table = tp.name;
    row.source_rows = source.count_rows(*source.schema().find(tp.source_name));
    if (auto it = allowances.find(tp.source_name); it != allowances.end()) {
      row.rejected = it->second.rejected;
      row.before = it->second.before;
    }
    if (std::find(present.begin(), present.end(), tp.name) != present.end())
      row.target_rows = catalog.count_rows(tp.name);
    check.rows.push_back(row);
  }
  return check;
}

}  // namespace litelift
