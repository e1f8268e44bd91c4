#include "verify/verifier.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <limits>
#include <mutex>

#include "engines/sqlite/sqlite_source.hpp"
#include "mapping/error.hpp"
#include "pipeline/workers.hpp"
#include "verify/row_compare.hpp"
#include "verify/run_report.hpp"
#include "verify/schema_compare.hpp"
#include "verify/target_checks.hpp"

namespace litelift {

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string join(const std::vector<std::string>& names) {
  std::string s;
  for (size_t i = 0; i < names.size(); ++i) s += (i ? ", " : "") + names[i];
  return s;
}

std::string fk_text(const std::vector<std::string>& columns, const std::string& parent,
                    const std::vector<std::string>& parent_columns) {
  return "(" + join(columns) + ") -> " + parent + " (" + join(parent_columns) + ")";
}

// A seeded coin for each key range: the same seed picks the same ranges.
bool range_picked(uint64_t seed, const std::string& table, size_t index, double sample) {
  std::string bytes(reinterpret_cast<const char*>(&seed), sizeof seed);
  bytes += table;
  bytes.append(reinterpret_cast<const char*>(&index), sizeof index);
  return static_cast<double>(canon::hash128(bytes).low >> 11) * 0x1.0p-53 < sample;
}

OrphanFinding source_orphans(Source& source, const TablePlan& t, const ForeignKeyPlan& fk, size_t show) {
  OrphanFinding f;
  f.side = "source";
  f.table = t.source_name;
  f.foreign_key = fk_text(fk.source_columns, fk.source_parent_table, fk.source_parent_columns);
  std::vector<int64_t> rowids;
  f.rows = source.orphan_rows(*source.schema().find(t.source_name), fk.source_columns, fk.source_parent_table,
                              fk.source_parent_columns, show, rowids);
  for (int64_t r : rowids) f.sample.push_back("rowid " + std::to_string(r));
  return f;
}

}  // namespace

VerifyResult verify_plan(Source& source, Target& target, const MigrationPlan& plan, const VerifyOptions& options,
                         const std::map<std::string, CountAllowance>& given_allowances) {
  const auto start = std::chrono::steady_clock::now();
  auto log = [&](const std::string& m) {
    if (options.log) options.log(m);
  };
  VerifyResult result;
  result.mode = options.mode;
  result.sample = options.sample;
  result.seed = options.seed;
  std::unique_ptr<TargetCatalog> catalog = target.connect_catalog();
  result.server_version = catalog->server_version();
  const Dialect& dialect = target.dialect();

  std::optional<RejectedRows> rejected;
  if (!options.rejects_path.empty()) rejected = RejectedRows::read(options.rejects_path);
  std::map<std::string, CountAllowance> allowances = given_allowances;
  if (allowances.empty() && rejected)
    for (const auto& t : plan.tables) allowances[t.source_name].rejected = rejected->count(t.source_name);

  log("counting rows on both sides");
  const CountCheck counts = check_counts(source, *catalog, plan, allowances);
  for (size_t i = 0; i < plan.tables.size(); ++i) {
    const CountRow& c = counts.rows[i];
    TableVerify tv;
    tv.table = plan.tables[i].name;
    tv.source_table = plan.tables[i].source_name;
    tv.source_rows = c.source_rows;
    tv.target_rows = c.target_rows;
    tv.rejected = c.rejected;
    tv.before = c.before;
    tv.counts_match = c.match();
    result.tables.push_back(std::move(tv));
  }

  log("comparing the schema");
  std::vector<std::string> names;
  for (const auto& t : plan.tables) names.push_back(t.name);
  const std::vector<TableShape> shapes = catalog->describe_tables(names);
  result.schema = compare_schema(plan, shapes, *catalog);
  if (!plan.views.empty()) {
    std::vector<std::string> views;
    for (const auto& v : plan.views) views.push_back(v.name);
    const std::vector<std::string> present = catalog->existing_tables(views);
    for (const auto& v : plan.views)
      if (std::find(present.begin(), present.end(), v.name) == present.end())
        if (std::none_of(plan.objects.begin(), plan.objects.end(), [&](const PlannedObject& o) {
              return o.kind == "view" && o.name == v.source_name && o.status == "not migrated";
            }))
          result.schema.push_back({v.name, "view", "missing"});
  }

  // The work: orphan checks (both sides) and the compared key ranges, over --jobs connections.
  struct Item {
    enum Kind { SourceOrphans, TargetOrphans, Unit } kind;
    size_t table = 0;
    const ForeignKeyPlan* fk = nullptr;
    Slice slice;
    int64_t weight = 0;
  };
  std::vector<Item> items;
  std::vector<TableCompare> compares(plan.tables.size());
  for (size_t i = 0; i < plan.tables.size(); ++i) {
    const TablePlan& tp = plan.tables[i];
    TableVerify& tv = result.tables[i];
    if (tv.target_rows < 0) continue;  // counted as differing, and named by the schema comparison
    for (const auto& fk : tp.foreign_keys) {
      items.push_back({Item::SourceOrphans, i, &fk, {}, tv.source_rows});
      items.push_back({Item::TargetOrphans, i, &fk, {}, tv.target_rows});
    }
    if (options.mode != "full") continue;
    if (tv.before > 0) continue;  // appended to rows that were there before: compared by count only
    const Table& table = *source.schema().find(tp.source_name);
    TableCompare& tc = compares[i];
    tc = make_table_compare(table, tp, dialect);
    tc.rejected = rejected ? &*rejected : nullptr;
    tc.show = options.show;
    tc.sample = options.sample;
    tc.seed = options.seed;
    tv.keyless = tc.key.empty();
    tv.sample = options.sample;
    tv.compared = true;
    if (options.orphans == OrphanPolicy::Null)
      for (const auto& fk : tp.foreign_keys)
        tc.orphan_rules.push_back(
            {fk.source_columns, fk.source_parent_table, fk.source_parent_columns, OrphanRule::Action::Null});
    int64_t range_rows = options.rows_per_range;
    if (options.sample < 1.0) range_rows = std::max<int64_t>(1000, range_rows / 25);
    std::vector<Slice> slices = tc.by_rowid ? source.plan_slices(table, range_rows) : std::vector<Slice>{Slice{}};
    if (slices.empty()) slices.push_back(Slice{});
    for (auto& s : slices) s.table = table.name;
    // The target may hold keys outside the source's span: the end ranges are open.
    if (!slices.front().whole) {
      slices.front().first = std::numeric_limits<int64_t>::min();
      slices.back().last = std::numeric_limits<int64_t>::max();
    }
    std::vector<size_t> picked;
    for (size_t k = 0; k < slices.size(); ++k)
      if (options.sample >= 1.0 || !tc.by_rowid || range_picked(options.seed, tp.name, k, options.sample))
        picked.push_back(k);
    if (picked.empty()) picked.push_back(0);
    for (size_t k : picked)
      items.push_back(
          {Item::Unit, i, nullptr, slices[k],
           std::max<int64_t>(slices[k].estimated_rows, tv.source_rows / static_cast<int64_t>(slices.size()))});
  }
  std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) { return a.weight > b.weight; });

  if (options.mode == "full")
    log("comparing rows: " + std::to_string(items.size()) + " items over " + std::to_string(options.jobs) +
        " connections");
  std::mutex mutex;
  std::vector<std::vector<std::pair<size_t, UnitResult>>> units(plan.tables.size());
  const int workers = std::max(1, std::min<int>(options.jobs, static_cast<int>(items.size())));
  std::vector<std::unique_ptr<TargetCatalog>> connections(static_cast<size_t>(workers));
  std::vector<OrphanFinding> orphans;
  std::map<const ForeignKeyPlan*, std::pair<int64_t, int64_t>> orphan_rows;  // source, target
  std::map<const ForeignKeyPlan*, size_t> target_finding;
  run_workers(items.size(), workers, [&](size_t n, size_t worker) {
    const Item& item = items[n];
    const TablePlan& tp = plan.tables[item.table];
    const auto item_start = std::chrono::steady_clock::now();
    struct Done {  // logs the item's time under -v, however it ends
      const std::function<void(const std::string&)>& log;
      std::string what;
      std::chrono::steady_clock::time_point start;
      ~Done() {
        if (log) log(what + ": " + std::to_string(seconds_since(start)).substr(0, 5) + " s");
      }
    } done{options.log,
           (item.kind == Item::Unit
                ? "rows of " + tp.name + (item.slice.whole ? std::string() : " (range " + std::to_string(n) + ")")
            : item.kind == Item::SourceOrphans
                ? "source orphans of " + tp.source_name + " " +
                      fk_text(item.fk->source_columns, item.fk->source_parent_table, item.fk->source_parent_columns)
                : "target orphans of " + tp.name + " " +
                      fk_text(item.fk->columns, item.fk->parent_table, item.fk->parent_columns)),
           item_start};
    try {
      if (!connections[worker]) connections[worker] = target.connect_catalog();
      TargetCatalog& c = *connections[worker];
      switch (item.kind) {
        case Item::SourceOrphans: {
          OrphanFinding f = source_orphans(source, tp, *item.fk, options.show);
          std::lock_guard lock(mutex);
          orphan_rows[item.fk].first = f.rows;
          if (f.rows > 0) orphans.push_back(std::move(f));
          break;
        }
        case Item::TargetOrphans: {
          OrphanFinding f =
              target_orphans(c, dialect, tp.name, tp.primary_key,
                             {item.fk->columns, item.fk->parent_table, item.fk->parent_columns}, options.show);
          std::lock_guard lock(mutex);
          orphan_rows[item.fk].second = f.rows;
          if (f.rows > 0) {
            target_finding[item.fk] = orphans.size();
            orphans.push_back(std::move(f));
          }
          break;
        }
        case Item::Unit: {
          UnitResult r = compare_unit(compares[item.table], item.slice, source, c);
          std::lock_guard lock(mutex);
          units[item.table].emplace_back(n, std::move(r));
          break;
        }
      }
    } catch (const Error& e) {
      std::lock_guard lock(mutex);
      TableVerify& tv = result.tables[item.table];
      if (tv.error.empty()) tv.error = e.what();
      if (item.kind == Item::Unit) tv.compared = false;
      if (e.kind() == ErrorKind::TargetConnect) connections[worker].reset();
    }
  });
  for (const auto& [fk, at] : target_finding) orphans[at].from_source = orphan_rows[fk].second <= orphan_rows[fk].first;
  std::sort(orphans.begin(), orphans.end(), [](const OrphanFinding& a, const OrphanFinding& b) {
    return std::tie(a.side, a.table, a.foreign_key) < std::tie(b.side, b.table, b.foreign_key);
  });
  result.orphans = std::move(orphans);

  for (size_t i = 0; i < plan.tables.size(); ++i) {
    TableVerify& tv = result.tables[i];
    if (!tv.compared) continue;
    // In key order: the units were cut in rowid order.
    auto& list = units[i];
    std::sort(list.begin(), list.end(),
              [&](const auto& a, const auto& b) { return items[a.first].slice.first < items[b.first].slice.first; });
    canon::Hash128 src, tgt;
    for (auto& [n, r] : list) {
      ++tv.ranges;
      tv.ranges_differing += r.differs;
      tv.rows_compared += r.source_rows;
      tv.missing += r.missing;
      tv.extra += r.extra;
      tv.changed += r.changed;
      src += r.source_digest;
      tgt += r.target_digest;
      tv.seconds += r.seconds;
      for (auto& d : r.differences)
        if (tv.differences.size() < options.show) tv.differences.push_back(std::move(d));
      for (auto& k : r.rejected_keys)
        if (tv.rejected_keys.size() < options.show) tv.rejected_keys.push_back(std::move(k));
    }
    tv.source_checksum = src.hex();
    tv.target_checksum = tgt.hex();
  }
  result.seconds = seconds_since(start);
  return result;
}

VerifyResult run_verify(const VerifyRequest& request) {
  VerifyResult result;
  result.command = "verify";
  result.mode = request.verify.mode;
  result.source = request.source;
  result.target = request.target.redacted();
  result.started_at = utc_now_iso();
  result.sample = request.verify.sample;
  result.seed = request.verify.seed;
  const auto start = std::chrono::steady_clock::now();
  try {
    std::unique_ptr<SqliteSource> source = SqliteSource::open(request.source, request.source_options);
    std::unique_ptr<Target> target = make_target(request.target, request.target_options);
    {
      std::unique_ptr<TargetCatalog> catalog = target->connect_catalog();
      target->use_server(catalog->server_version());
      MappingOptions mapping = request.mapping;
      mapping.require_primary_key = catalog->requires_primary_key();
      const Profiles profiles = read_profiles(*source, target->dialect(), mapping, request.verify.jobs);
      PlanResult pr = build_plan(source->schema(), target->dialect(), mapping, profiles);
      VerifyResult r = verify_plan(*source, *target, pr.plan, request.verify);
      r.command = result.command;
      r.source = result.source;
      r.target = result.target;
      r.started_at = result.started_at;
      result = std::move(r);
    }
  } catch (const Error& e) {
    result.error = e;
  } catch (const std::exception& e) {
    result.error = Error(ErrorKind::Internal, e.what());
  }
  result.seconds = seconds_since(start);
  return result;
}

}  // namespace litelift
