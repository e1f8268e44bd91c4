#include "verify/schema_compare.hpp"

#include <algorithm>

namespace litelift {

namespace {

std::string list(const std::vector<std::string>& names) {
  std::string s = "(";
  for (size_t i = 0; i < names.size(); ++i) s += (i ? ", " : "") + names[i];
  return s + ")";
}

// Checks the run itself dropped (their rows broke them), by the source's name for them.
bool not_migrated(const MigrationPlan& plan, const TablePlan& table, const std::string& kind,
                  const std::string& source_name) {
  return std::any_of(plan.objects.begin(), plan.objects.end(), [&](const PlannedObject& o) {
    return o.kind == kind && o.table == table.source_name && o.name == source_name && o.status == "not migrated";
  });
}

void compare_table(const MigrationPlan& plan, const TablePlan& t, const TableShape& shape, const TargetCatalog& catalog,
                   std::vector<SchemaFinding>& out) {
  auto finding = [&](std::string object, std::string problem) {
    out.push_back({t.name, std::move(object), std::move(problem)});
  };
  if (!shape.exists) {
    finding("table", "missing");
    return;
  }
  for (const ColumnPlan& c : t.columns) {
    auto it = std::find_if(shape.columns.begin(), shape.columns.end(),
                           [&](const ColumnShape& s) { return s.name == c.name; });
    if (it == shape.columns.end()) {
      finding("column " + c.name, "missing");
      continue;
    }
    if (!catalog.same_type(c.type, it->type))
      finding("column " + c.name, "type " + it->type + ", expected " + c.type.sql);
    const bool in_key = std::find(t.primary_key.begin(), t.primary_key.end(), c.name) != t.primary_key.end();
    if (c.not_null && it->nullable) finding("column " + c.name, "nullable, expected NOT NULL");
    if (!c.not_null && !in_key && !it->nullable) finding("column " + c.name, "NOT NULL, expected nullable");
  }
  for (const ColumnShape& s : shape.columns)
    if (std::none_of(t.columns.begin(), t.columns.end(), [&](const ColumnPlan& c) { return c.name == s.name; }))
      finding("column " + s.name, "not in the source (" + s.type + ")");
  if (shape.primary_key != t.primary_key)
    finding("primary key", shape.primary_key.empty() ? "missing, expected " + list(t.primary_key)
                           : t.primary_key.empty()   ? "unexpected " + list(shape.primary_key)
                                                     : list(shape.primary_key) + ", expected " + list(t.primary_key));
  for (const IndexPlan& ix : t.indexes) {
    auto it = std::find_if(shape.indexes.begin(), shape.indexes.end(),
                           [&](const IndexShape& s) { return s.name == ix.name; });
    if (it == shape.indexes.end()) {
      finding("index " + ix.name, "missing");
      continue;
    }
    if (it->unique != ix.unique)
      finding("index " + ix.name, ix.unique ? "not unique, expected unique" : "unique, expected not unique");
    const bool plain = !ix.fulltext && std::all_of(ix.columns.begin(), ix.columns.end(),
                                                   [](const std::string& c) { return !c.empty(); });
    if (plain && it->columns != ix.columns)
      finding("index " + ix.name, "on " + list(it->columns) + ", expected " + list(ix.columns));
  }
  for (const ForeignKeyPlan& fk : t.foreign_keys) {
    auto it = std::find_if(shape.foreign_keys.begin(), shape.foreign_keys.end(),
                           [&](const ForeignKeyShape& s) { return s.name == fk.name; });
    if (it == shape.foreign_keys.end()) {
      finding("foreign key " + fk.name, "missing");
      continue;
    }
    if (it->columns != fk.columns || it->parent_table != fk.parent_table || it->parent_columns != fk.parent_columns)
      finding("foreign key " + fk.name, list(it->columns) + " -> " + it->parent_table + " " + list(it->parent_columns) +
                                            ", expected " + list(fk.columns) + " -> " + fk.parent_table + " " +
                                            list(fk.parent_columns));
  }
  for (const CheckPlan& c : t.checks) {
    if (not_migrated(plan, t, "check", c.source)) continue;
    if (std::find(shape.checks.begin(), shape.checks.end(), c.name) == shape.checks.end())
      finding("check " + c.name, "missing");
  }
}

}  // namespace

std::vector<SchemaFinding> compare_schema(const MigrationPlan& plan, const std::vector<TableShape>& shapes,
                                          const TargetCatalog& catalog) {
  std::vector<SchemaFinding> out;
  for (size_t i = 0; i < plan.tables.size() && i < shapes.size(); ++i)
    compare_table(plan, plan.tables[i], shapes[i], catalog, out);
  return out;
}

}  // namespace litelift
