#include "verify/audit.hpp"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>

#include "engines/sqlite/sqlite_source.hpp"
#include "litelift_version.hpp"
#include "mapping/defaults.hpp"
#include "mapping/error.hpp"
#include "pipeline/workers.hpp"
#include "verify/run_report.hpp"
#include "verify/target_checks.hpp"

namespace litelift {

namespace {

using json = nlohmann::ordered_json;

// What the schema intends for one table, kept in the history.
struct Intent {
  std::string table;
  std::vector<std::string> not_null;
  std::vector<std::string> primary_key;
  std::vector<std::vector<std::string>> unique;  // unique keys besides the primary key
  std::vector<KeyRef> foreign_keys;
  std::vector<std::pair<std::string, std::string>> checks;  // name, the target's expression
};

json to_json(const Intent& i) {
  json j;
  j["table"] = i.table;
  j["not_null"] = i.not_null;
  j["primary_key"] = i.primary_key;
  j["unique"] = i.unique;
  j["foreign_keys"] = json::array();
  for (const auto& f : i.foreign_keys)
    j["foreign_keys"].push_back(
        {{"columns", f.columns}, {"parent_table", f.parent_table}, {"parent_columns", f.parent_columns}});
  j["checks"] = json::array();
  for (const auto& [name, expr] : i.checks) j["checks"].push_back({{"name", name}, {"expression", expr}});
  return j;
}

Intent intent_from_json(const json& j) {
  Intent i;
  i.table = j.value("table", "");
  i.not_null = j.value("not_null", std::vector<std::string>{});
  i.primary_key = j.value("primary_key", std::vector<std::string>{});
  i.unique = j.value("unique", std::vector<std::vector<std::string>>{});
  for (const auto& f : j.value("foreign_keys", json::array()))
    i.foreign_keys.push_back({f.value("columns", std::vector<std::string>{}), f.value("parent_table", ""),
                              f.value("parent_columns", std::vector<std::string>{})});
  for (const auto& c : j.value("checks", json::array()))
    i.checks.emplace_back(c.value("name", ""), c.value("expression", ""));
  return i;
}

Intent intent_from_plan(const TablePlan& t) {
  Intent i;
  i.table = t.name;
  for (const auto& c : t.columns)
    if (c.not_null) i.not_null.push_back(c.name);
  i.primary_key = t.primary_key;
  for (const auto& ix : t.indexes)
    if (ix.unique && ix.where.empty() &&
        std::all_of(ix.columns.begin(), ix.columns.end(), [](const std::string& c) { return !c.empty(); }))
      i.unique.push_back(ix.columns);
  for (const auto& f : t.foreign_keys) i.foreign_keys.push_back({f.columns, f.parent_table, f.parent_columns});
  for (const auto& c : t.checks) i.checks.emplace_back(c.name, c.expression);
  return i;
}

Intent intent_from_shape(const TableShape& s) {
  Intent i;
  i.table = s.name;
  for (const auto& c : s.columns)
    if (!c.nullable && std::find(s.primary_key.begin(), s.primary_key.end(), c.name) == s.primary_key.end())
      i.not_null.push_back(c.name);
  i.primary_key = s.primary_key;
  for (const auto& ix : s.indexes)
    if (ix.unique) i.unique.push_back(ix.columns);
  for (const auto& f : s.foreign_keys) i.foreign_keys.push_back({f.columns, f.parent_table, f.parent_columns});
  return i;
}

// The audit history: the last entry, and appending one.
class History {
 public:
  History(const AuditRequest& r, TargetCatalog& catalog, const Dialect& dialect)
      : file_(r.history_file), table_(r.history_table), catalog_(catalog), dialect_(dialect) {}

  std::optional<json> last() {
    if (!file_.empty()) {
      std::ifstream in(file_, std::ios::binary);
      if (!in) return std::nullopt;  // the first audit
      std::string line, last_line;
      while (std::getline(in, line))
        if (!line.empty()) last_line = line;
      if (last_line.empty()) return std::nullopt;
      json j = json::parse(last_line, nullptr, false);
      if (j.is_discarded() || !j.is_object())
        throw Error(ErrorKind::Usage, "the audit history " + file_ + " ends with a line that is not an audit entry");
      return j;
    }
    if (!table_.empty()) {
      ensure_table();
      auto rows =
          catalog_.query("SELECT entry FROM " + dialect_.quote_identifier(table_) + " ORDER BY seq DESC LIMIT 1");
      if (rows.empty() || !rows[0][0]) return std::nullopt;
      json j = json::parse(*rows[0][0], nullptr, false);
      if (j.is_discarded() || !j.is_object())
        throw Error(ErrorKind::Target, "the audit history table " + table_ + " holds an entry that is not JSON");
      return j;
    }
    return std::nullopt;
  }

  void append(const json& entry) {
    const std::string line = entry.dump(-1, ' ', false, json::error_handler_t::replace);
    if (!file_.empty()) {
      std::ofstream out(file_, std::ios::binary | std::ios::app);
      out << line << "\n";
      if (!out.flush()) throw Error(ErrorKind::Usage, "cannot append to the audit history " + file_);
    } else if (!table_.empty()) {
      ensure_table();
      const std::string t = dialect_.quote_identifier(table_);
      catalog_.execute("INSERT INTO " + t + " (seq, audited_at, entry) SELECT COALESCE(MAX(seq), 0) + 1, " +
                       sql_string_literal(entry.value("audited_at", ""), dialect_) + ", " +
                       sql_string_literal(line, dialect_) + " FROM " + t);
    }
  }

 private:
  void ensure_table() {
    if (created_) return;
    catalog_.execute("CREATE TABLE IF NOT EXISTS " + dialect_.quote_identifier(table_) + " (seq " +
                     dialect_.integer_type + " NOT NULL PRIMARY KEY, audited_at " + dialect_.varchar_prefix +
                     "(40) NOT NULL, entry " + dialect_.text_type + " NOT NULL)");
    created_ = true;
  }

  std::string file_, table_;
  TargetCatalog& catalog_;
  const Dialect& dialect_;
  bool created_ = false;
};

double unix_now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

VerifyResult run_audit(const AuditRequest& request) {
  const auto start = std::chrono::steady_clock::now();
  VerifyResult result;
  result.command = "audit";
  result.mode = request.source.empty() ? "target" : request.verify.mode;
  result.source = request.source;
  result.target = request.target.redacted();
  result.started_at = utc_now_iso();
  result.sample = request.verify.sample;
  result.seed = request.verify.seed;
  const double now = unix_now();
  try {
    std::unique_ptr<Target> target = make_target(request.target, request.target_options);
    std::unique_ptr<TargetCatalog> catalog = target->connect_catalog();
    result.server_version = catalog->server_version();
    target->use_server(result.server_version);
    const Dialect& dialect = target->dialect();
    History history(request, *catalog, dialect);
    const std::optional<json> previous = history.last();
    if (previous) result.previous_audit = previous->value("audited_at", "");

    // With a source: everything verify does, and the plan says what is intended.
    std::vector<Intent> intents;
    std::vector<std::string> tables;
    if (!request.source.empty()) {
      std::unique_ptr<SqliteSource> source = SqliteSource::open(request.source, request.source_options);
      MappingOptions mapping = request.mapping;
      mapping.require_primary_key = catalog->requires_primary_key();
      const Profiles profiles = read_profiles(*source, dialect, mapping, request.verify.jobs);
      PlanResult pr = build_plan(source->schema(), dialect, mapping, profiles);
      VerifyResult v = verify_plan(*source, *target, pr.plan, request.verify);
      result.tables = std::move(v.tables);
      result.orphans = std::move(v.orphans);
      result.schema = std::move(v.schema);
      for (const auto& t : pr.plan.tables) {
        intents.push_back(intent_from_plan(t));
        tables.push_back(t.name);
      }
    } else {
      for (const auto& t : catalog->list_tables())
        if (t != request.history_table && t != request.ledger_table && table_selected(t, request.mapping))
          tables.push_back(t);
    }
    const std::vector<TableShape> shapes = catalog->describe_tables(tables);
    if (intents.empty()) {
      std::map<std::string, Intent> recorded;
      if (previous)
        for (const auto& j : previous->value("intent", json::array())) {
          Intent i = intent_from_json(j);
          recorded[i.table] = i;
        }
      for (const auto& s : shapes) intents.push_back(recorded.count(s.name) ? recorded[s.name] : intent_from_shape(s));
    }

    // Integrity and the drift snapshot, table by table over --jobs connections.
    struct Snapshot {
      int64_t rows = 0;
      std::string checksum;
      std::string schema;
      std::string error;
    };
    std::vector<Snapshot> snapshots(shapes.size());
    std::vector<std::vector<IntegrityFinding>> integrity(shapes.size());
    std::vector<std::vector<OrphanFinding>> orphans(shapes.size());
    const int workers = std::max(1, std::min<int>(request.verify.jobs, static_cast<int>(shapes.size())));
    std::vector<std::unique_ptr<TargetCatalog>> connections(static_cast<size_t>(workers));
    run_workers(shapes.size(), workers, [&](size_t i, size_t worker) {
      const TableShape& shape = shapes[i];
      Snapshot& snap = snapshots[i];
      if (!shape.exists) {
        snap.error = "the table is not in the target";
        return;
      }
      try {
        if (!connections[worker]) connections[worker] = target->connect_catalog();
        TargetCatalog& c = *connections[worker];
        const Intent& in = intents[i];
        const bool with_source = !request.source.empty();
        for (const auto& key : in.foreign_keys) {
          if (with_source) break;  // verify_plan checked them
          OrphanFinding f = target_orphans(c, dialect, shape.name, in.primary_key, key, request.verify.show);
          if (f.rows > 0) orphans[i].push_back(std::move(f));
        }
        std::vector<std::vector<std::string>> keys = in.unique;
        if (!in.primary_key.empty()) keys.insert(keys.begin(), in.primary_key);
        for (const auto& k : keys) {
          IntegrityFinding f = target_duplicates(c, dialect, shape.name, k, request.verify.show);
          if (f.rows > 0) integrity[i].push_back(std::move(f));
        }
        std::vector<std::string> not_null = in.not_null;
        for (const auto& k : in.primary_key)
          if (std::find(not_null.begin(), not_null.end(), k) == not_null.end()) not_null.push_back(k);
        for (auto& f : target_nulls(c, dialect, shape.name, not_null)) integrity[i].push_back(std::move(f));
        for (const auto& [name, expression] : in.checks) {
          IntegrityFinding f = target_check(c, dialect, shape.name, name, expression);
          if (f.rows > 0) integrity[i].push_back(std::move(f));
        }
        snap.checksum = target_digest(c, shape, snap.rows).hex();
        snap.schema = shape_fingerprint(shape);
      } catch (const Error& e) {
        snap.error = e.what();
        if (e.kind() == ErrorKind::TargetConnect) connections[worker].reset();
      }
    });

    // Target-only audits have no per-table verify rows: one per table, from the snapshot.
    if (request.source.empty())
      for (size_t i = 0; i < shapes.size(); ++i) {
        TableVerify tv;
        tv.table = tv.source_table = shapes[i].name;
        tv.source_rows = snapshots[i].rows;
        tv.target_rows = shapes[i].exists ? snapshots[i].rows : -1;
        tv.target_checksum = snapshots[i].checksum;
        tv.error = snapshots[i].error;
        result.tables.push_back(std::move(tv));
      }
    for (size_t i = 0; i < shapes.size(); ++i) {
      for (auto& f : integrity[i]) result.integrity.push_back(std::move(f));
      for (auto& f : orphans[i]) result.orphans.push_back(std::move(f));
      if (!snapshots[i].error.empty())
        for (auto& tv : result.tables)
          if (tv.table == shapes[i].name && tv.error.empty()) tv.error = snapshots[i].error;
    }

    // Drift since the last audit.
    std::string all_schemas;
    for (size_t i = 0; i < shapes.size(); ++i) all_schemas += shapes[i].name + "=" + snapshots[i].schema + "\n";
    const std::string fingerprint = canon::hash128(all_schemas).hex();
    json before_tables = previous ? previous->value("tables", json::object()) : json::object();
    if (previous) {
      const std::string old = previous->value("schema_fingerprint", "");
      if (old != fingerprint) result.drift.push_back({"", "schema", old, fingerprint});
      for (size_t i = 0; i < shapes.size(); ++i) {
        const std::string& name = shapes[i].name;
        if (!shapes[i].exists) continue;
        if (!before_tables.contains(name)) {
          result.drift.push_back({name, "table added", "", std::to_string(snapshots[i].rows) + " rows"});
          continue;
        }
        const json& b = before_tables[name];
        if (b.value("schema", "") != snapshots[i].schema)
          result.drift.push_back({name, "schema", b.value("schema", ""), snapshots[i].schema});
        if (b.value("rows", int64_t{-1}) != snapshots[i].rows)
          result.drift.push_back(
              {name, "rows", std::to_string(b.value("rows", int64_t{-1})), std::to_string(snapshots[i].rows)});
        else if (b.value("checksum", "") != snapshots[i].checksum)
          result.drift.push_back({name, "checksum", b.value("checksum", ""), snapshots[i].checksum});
      }
      for (const auto& [name, b] : before_tables.items())
        if (std::none_of(shapes.begin(), shapes.end(), [&](const TableShape& s) { return s.exists && s.name == name; }))
          result.drift.push_back({name, "table removed", std::to_string(b.value("rows", int64_t{0})) + " rows", ""});
    }

    // Last success per table: now when the table is clean, else what the history says.
    for (auto& tv : result.tables) {
      const bool clean = tv.error.empty() && tv.counts_match && tv.rows_match() &&
                         std::none_of(result.integrity.begin(), result.integrity.end(),
                                      [&](const IntegrityFinding& f) { return f.table == tv.table; }) &&
                         std::none_of(result.schema.begin(), result.schema.end(),
                                      [&](const SchemaFinding& f) { return f.table == tv.table; }) &&
                         std::none_of(result.orphans.begin(), result.orphans.end(), [&](const OrphanFinding& f) {
                           return f.side == "target" && f.table == tv.table;
                         });
      if (clean)
        tv.last_success_unix = now;
      else if (before_tables.contains(tv.table))
        tv.last_success_unix = before_tables[tv.table].value("last_success", 0.0);
    }

    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    json entry;
    entry["audited_at"] = result.started_at;
    entry["unix"] = now;
    entry["tool_version"] = kLiteliftVersion;
    entry["target"] = result.target;
    entry["source"] = result.source;
    entry["bits"] = result.bits();
    entry["schema_fingerprint"] = fingerprint;
    entry["tables"] = json::object();
    for (size_t i = 0; i < shapes.size(); ++i) {
      if (!shapes[i].exists) continue;
      json t;
      t["rows"] = snapshots[i].rows;
      t["checksum"] = snapshots[i].checksum;
      t["schema"] = snapshots[i].schema;
      for (const auto& tv : result.tables)
        if (tv.table == shapes[i].name) t["last_success"] = tv.last_success_unix;
      entry["tables"][shapes[i].name] = t;
    }
    entry["intent"] = json::array();
    for (const auto& i : intents) entry["intent"].push_back(to_json(i));
    history.append(entry);
  } catch (const Error& e) {
    result.error = e;
  } catch (const std::exception& e) {
    result.error = Error(ErrorKind::Internal, e.what());
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace litelift
