#include "mapping/target_plan.hpp"

namespace litelift {

const char* type_family_name(TypeFamily f) {
  switch (f) {
    case TypeFamily::Integer:
      return "integer";
    case TypeFamily::Real:
      return "real";
    case TypeFamily::Decimal:
      return "decimal";
    case TypeFamily::Text:
      return "text";
    case TypeFamily::Varchar:
      return "varchar";
    case TypeFamily::Blob:
      return "blob";
    case TypeFamily::Boolean:
      return "boolean";
    case TypeFamily::Date:
      return "date";
    case TypeFamily::Time:
      return "time";
    case TypeFamily::Timestamp:
      return "timestamp";
    case TypeFamily::TimestampTz:
      return "timestamptz";
    case TypeFamily::Json:
      return "json";
    case TypeFamily::Uuid:
      return "uuid";
  }
  return "?";
}


const TablePlan* MigrationPlan::find(const std::string& source_name) const {
  for (const auto& t : tables)
    if (t.source_name == source_name) return &t;
  return nullptr;
}

}  // namespace litelift
