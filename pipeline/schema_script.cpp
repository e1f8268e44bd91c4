#include "pipeline/schema_script.hpp"

#include <algorithm>
#include <map>

#include "mapping/ddl.hpp"
#include "pipeline/migration.hpp"

namespace litelift {
namespace {

// Every line of `text` as an SQL comment.
std::string comment(const std::string& text) {
  std::string out = "-- ";
  for (char c : text) {
    if (c == '\n')
      out += "\n-- ";
    else if (c != '\r')
      out += c;
  }
  return out + "\n";
}

void replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
}

std::string string_literal(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

}  // namespace

std::string schema_script(Source& source, const Target& target, const MappingOptions& options) {
  const Dialect& d = target.dialect();
  PlanResult pr = build_plan(source.schema(), d, options, read_profiles(source, d, options, 1));
  const MigrationPlan& plan = pr.plan;

  std::string out = comment("litelift schema for " + d.display_name + ": the DDL `litelift migrate` runs, in order");
  for (const auto& n : plan.notes) out += comment(n.object + ": " + n.message);
  out += "\n";
  for (const auto& t : plan.tables) out += create_table_sql(t, d, target.table_options()) + ";\n";
  for (const auto& t : plan.tables)
    for (const auto& ix : t.indexes) out += create_index_sql(t, ix, d) + ";\n";
  for (const auto& t : plan.tables)
    for (const auto& fk : t.foreign_keys) out += add_foreign_key_sql(t, fk, d) + ";\n";
  if (!d.checks_in_create_table)
    for (const auto& t : plan.tables)
      for (const auto& c : t.checks) out += add_check_sql(t, c, d) + ";\n";
  for (const auto& v : plan.views) out += create_view_sql(v, d) + ";\n";
  for (const auto& t : plan.tables) {
    if (t.identity_column < 0) continue;
    const Table& st = *source.schema().find(t.source_name);
    const int64_t last = std::max<int64_t>(source.max_rowid(st).value_or(0), t.sequence.value_or(0));
    if (last <= 0 || d.identity_restart.empty()) continue;
    std::string sql = d.identity_restart;
    const std::string& column = t.columns[static_cast<size_t>(t.identity_column)].name;
    replace_all(sql, "{table_text}", string_literal(d.quote_identifier(t.name)));
    replace_all(sql, "{column_text}", string_literal(column));
    replace_all(sql, "{table}", d.quote_identifier(t.name));
    replace_all(sql, "{column}", d.quote_identifier(column));
    replace_all(sql, "{next}", std::to_string(last + 1));
    out += sql + ";\n";
  }
  bool header = false;
  for (const auto& o : plan.objects) {
    if (o.status == "created") continue;
    if (!header) out += "\n" + comment("Not migrated as they are:");
    header = true;
    out += comment(o.kind + " " + (o.table.empty() ? "" : o.table + ".") + o.name + ": " + o.status +
                   (o.reason.empty() ? "" : ": " + o.reason));
  }
  return out;
}

}  // namespace litelift
