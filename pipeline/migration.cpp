#include "pipeline/migration.hpp"

#include <algorithm>
#include <ctime>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "engines/target_ready.hpp"
#include "mapping/plan_builder.hpp"
#include "pipeline/progress.hpp"
#include "pipeline/workers.hpp"

namespace litelift {
namespace {

std::string lower_ascii(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) out += (i ? sep : "") + v[i];
  return out;
}

// Tries of a load wave that lost its connection to the target.
constexpr int kLoadAttempts = 4;

class Migration {
 public:
  Migration(Source& source, Target& target, const MigrateOptions& options, MigrationResult& result)
      : source_(source), target_(target), options_(options), result_(result) {}

  void run() {
    log("connecting to the target");
    catalog_ = target_.connect_catalog();
    result_.server_version = catalog_->server_version();
    target_.use_server(result_.server_version);
    // A reject file the user named is created before the target is touched.
    rejects_ =
        std::make_unique<RejectLog>(options_.rejects_path.empty() ? default_rejects_path() : options_.rejects_path,
                                    /*create_now=*/!options_.rejects_path.empty());
    profile();
    plan();
    log("checking foreign keys in the source for orphan rows");
    check_orphans();
    checkpoint();
    prepare_tables();
    checkpoint();
    load();
    checkpoint();
    build_indexes();
    checkpoint();
    add_foreign_keys();
    checkpoint();
    add_checks();
    checkpoint();
    create_views();
    set_identities();
    checkpoint();
  }

  // No table keeps part of its rows. An interrupted run, or one that lost
  // its connection, keeps its complete tables for --resume; any other
  // failure drops every table the run created, as if it had not run.
  void clean_up(const Error& error) noexcept {
    if (!catalog_) return;
    const bool keep = error.kind() == ErrorKind::Interrupted || error.kind() == ErrorKind::TargetConnect;
    std::vector<std::string> drop, clear;
    for (const auto& name : result_.created)
      if (!keep || !completed(name)) drop.push_back(name);
    for (const auto& name : cleared_)
      if (!completed(name)) clear.push_back(name);
    if (drop.empty() && clear.empty() && created_views_.empty()) return;
    try {
      // A lost connection took the run's catalog with it.
      std::unique_ptr<TargetCatalog> fresh;
      if (error.kind() == ErrorKind::TargetConnect) fresh = target_.connect_catalog();
      TargetCatalog& catalog = fresh ? *fresh : *catalog_;
      if (!created_views_.empty()) catalog.drop_views(created_views_);
      if (!drop.empty()) {
        log("dropping the " + std::to_string(drop.size()) + " tables this run created" +
            (keep ? " and did not complete" : ""));
        catalog.drop_tables(drop);
        for (const auto& name : drop) std::erase(result_.created, name);
        result_.dropped_after_failure = drop;
      }
      if (!clear.empty()) {
        log("emptying the " + std::to_string(clear.size()) + " tables whose load did not complete");
        catalog.truncate_tables(clear);
        result_.cleared_after_failure = clear;
      }
      if (keep)
        for (const auto& name : result_.created)
          result_.plan.notes.push_back({"table " + name, "complete; kept for --resume"});
      if (keep) result_.created.clear();
    } catch (...) {
      // The original error is what the user needs; `created` still lists the tables left behind.
    }
  }

 private:
  void log(const std::string& m) {
    if (options_.log) options_.log(m);
  }

  void checkpoint() const {
    if (options_.cancel && options_.cancel->load()) throw interrupted_error();
  }

  bool completed(const std::string& name) {
    std::lock_guard lock(completed_mutex_);
    return completed_.count(name) > 0;
  }

  void mark_completed(const std::string& name) {
    {
      std::lock_guard lock(completed_mutex_);
      completed_.insert(name);
      for (auto& tr : result_.tables)
        if (tr.name == name) tr.completed = true;
      if (options_.table_completed) options_.table_completed(name);
    }
  }

  // The columns whose mapping depends on their values: one scan per table, over the streams.
  void profile() {
    log("profiling the values that decide column types");
    profiles_ = read_profiles(source_, target_.dialect(), options_.mapping, options_.jobs);
  }

  void plan() {
    MappingOptions mapping = options_.mapping;
    mapping.require_primary_key = catalog_->requires_primary_key();
    PlanResult pr = build_plan(source_.schema(), target_.dialect(), mapping, profiles_);
    if (!pr.errors.empty()) {
      std::string more = pr.errors.size() > 1 ? " (and " + std::to_string(pr.errors.size() - 1) + " more)" : "";
      throw Error(ErrorKind::Data, pr.errors.front() + more);
    }
    result_.plan = std::move(pr.plan);
    for (const auto& tp : result_.plan.tables)
      for (const auto& reserved : options_.reserved_tables)
        if (lower_ascii(tp.name) == lower_ascii(reserved))
          throw Error(ErrorKind::Usage, "source table \"" + tp.source_name + "\" would be " + tp.name +
                                            " in the target, the name of litelift's run ledger; give the ledger "
                                            "another name with --ledger-table NAME, or leave the table out with "
                                            "--exclude");
    for (const auto& tp : result_.plan.tables) {
      const Table* t = source_.schema().find(tp.source_name);
      TableResult tr;
      tr.name = tp.name;
      tr.source_name = tp.source_name;
      tr.source_rows = source_.count_rows(*t);
      result_.tables.push_back(tr);
    }
  }

  // SQLite does not enforce foreign keys unless asked; the target will.
  // Each check is a scan of the child table: spread them over the streams.
  // SQLite does not enforce foreign keys unless asked; the target will.
  // Each check is a scan of the child table: spread them over the streams.
  // --orphans decides: stop before the target is touched (fail), load them
  // and create the key unchecked (keep), set the dangling key to NULL
  // (null), or leave the rows out and list them (reject).
  void check_orphans() {
    struct Check {
      TablePlan* plan;
      ForeignKeyPlan* fk;
      int64_t rows = 0;
      std::vector<int64_t> sample;
    };
    std::vector<Check> checks;
    for (auto& tp : result_.plan.tables)
      for (auto& fk : tp.foreign_keys) checks.push_back({&tp, &fk, 0, {}});
    run_workers(checks.size(), options_.jobs, [&](size_t i, size_t) {
      Check& c = checks[i];
      c.rows = source_.orphan_rows(*source_.schema().find(c.plan->source_name), c.fk->source_columns,
                                   c.fk->source_parent_table, c.fk->source_parent_columns, 5, c.sample);
    });
    std::vector<std::string> found;
    std::optional<Error> first;
    for (Check& c : checks) {  // in schema order, whichever thread found it first
      if (c.rows == 0) continue;
      const std::string table = c.plan->source_name;
      std::string rowids;
      for (auto r : c.sample) rowids += (rowids.empty() ? "" : ", ") + std::to_string(r);
      const std::string what = std::to_string(c.rows) + " rows reference a missing \"" + c.fk->source_parent_table +
                               "\" row through (" + join(c.fk->source_columns, ", ") + ")" +
                               (rowids.empty() ? "" : " (rowids " + rowids + (c.rows > 5 ? ", ..." : "") + ")");
      found.push_back("table \"" + table + "\": " + what);
      switch (options_.orphans) {
        case OrphanPolicy::Fail:
          if (!first) {
            first = Error(ErrorKind::Data, "table \"" + table + "\": " + what +
                                               "; the target would refuse the foreign key. Fix or delete those rows "
                                               "in the source, or use --orphans keep|null|reject");
            first->table = table;
          }
          break;
        case OrphanPolicy::Keep:
          c.fk->not_valid = true;
          change_fk(table, *c.fk, what + ": kept, and the key created without checking existing rows (--orphans keep)");
          break;
        case OrphanPolicy::Null:
          null_orphans(c.plan, c.fk, what);
          break;
        case OrphanPolicy::Reject: {
          const Table& t = *source_.schema().find(table);
          size_t flags = 0;
          for (const auto& rule : orphan_rules_[table]) flags += rule.action == OrphanRule::Action::Flag;
          orphan_rules_[table].push_back(
              {c.fk->source_columns, c.fk->source_parent_table, c.fk->source_parent_columns, OrphanRule::Action::Flag});
          size_t first_column = 0;
          for (size_t k = 0; k < c.plan->columns.size(); ++k)
            if (c.plan->columns[k].source_name == c.fk->source_columns.front()) first_column = k;
          c.plan->orphan_checks.push_back({t.columns.size() + flags, first_column,
                                           "references a missing \"" + c.fk->source_parent_table + "\" row through (" +
                                               join(c.fk->source_columns, ", ") + ")"});
          change_fk(table, *c.fk, what + ": those rows are rejected (--orphans reject)");
          break;
        }
      }
    }
    if (options_.orphans == OrphanPolicy::Fail && found.size() > 1)
      for (const auto& f : found) result_.plan.notes.push_back({"foreign key", f});
    if (first) {
      if (found.size() > 1)
        first = Error(first->kind(), std::string(first->what()) + " (and " + std::to_string(found.size() - 1) +
                                         " more foreign keys with orphans, listed in the report)");
      throw *first;
    }
  }

  // --orphans null: the key's columns read as NULL where they match no parent.
  void null_orphans(TablePlan* plan, ForeignKeyPlan* fk, const std::string& what) {
    const Table& t = *source_.schema().find(plan->source_name);
    for (const auto& c : fk->source_columns) {
      const int at = t.column_index(c);
      if (at >= 0 && (t.columns[static_cast<size_t>(at)].not_null || t.columns[static_cast<size_t>(at)].pk_position))
        throw Error(ErrorKind::Data, "table \"" + t.name + "\": " + what + "; --orphans null cannot set column \"" + c +
                                         "\" to NULL (it is NOT NULL or in the primary key). Use --orphans "
                                         "keep or --orphans reject");
    }
    orphan_rules_[t.name].push_back(
        {fk->source_columns, fk->source_parent_table, fk->source_parent_columns, OrphanRule::Action::Null});
    change_fk(t.name, *fk, what + ": their key set to NULL (--orphans null)");
  }

  void change_fk(const std::string& table, const ForeignKeyPlan& fk, const std::string& reason) {
    for (auto& o : result_.plan.objects)
      if (o.kind == "foreign key" && o.table == table && o.target == fk.name) {
        o.status = "changed";
        o.reason = reason;
      }
    result_.plan.notes.push_back({"foreign key " + fk.name, reason});
  }

  void prepare_tables() {
    std::vector<std::string> names, view_names;
    for (const auto& tp : result_.plan.tables) names.push_back(tp.name);
    for (const auto& v : result_.plan.views) view_names.push_back(v.name);
    std::vector<std::string> existing = catalog_->existing_tables(names);
    std::vector<std::string> existing_views = catalog_->existing_tables(view_names);
    if (options_.resume) return resume_tables(existing, existing_views);
    if (!existing_views.empty() && options_.if_exists != IfExists::Fail) {
      // Views hold no data: those of a previous run are made again after the load.
      log("dropping existing views: " + join(existing_views, ", "));
      catalog_->drop_views(existing_views);
    }
    if (!existing.empty() || (!existing_views.empty() && options_.if_exists == IfExists::Fail)) {
      switch (options_.if_exists) {
        case IfExists::Fail: {
          std::vector<std::string> all = existing;
          all.insert(all.end(), existing_views.begin(), existing_views.end());
          throw Error(ErrorKind::Target, "the target already has " + std::to_string(all.size()) + " of the " +
                                             (existing_views.empty() ? "tables" : "tables and views") + " (" +
                                             join(all, ", ") +
                                             "); nothing was changed. Use --if-exists drop|truncate|append");
        }
        case IfExists::Drop:
          log("dropping existing tables: " + join(existing, ", "));
          catalog_->drop_tables(existing);
          existing.clear();
          break;
        case IfExists::Truncate:
          log("truncating existing tables: " + join(existing, ", "));
          catalog_->truncate_tables(existing);
          cleared_.insert(existing.begin(), existing.end());
          break;
        case IfExists::Append:
          for (auto& tr : result_.tables)
            if (std::find(existing.begin(), existing.end(), tr.name) != existing.end())
              tr.rows_before = catalog_->count_rows(tr.name);
          break;
      }
    }
    for (const auto& tp : result_.plan.tables) {
      if (std::find(existing.begin(), existing.end(), tp.name) != existing.end()) continue;
      log("creating table " + tp.name);
      catalog_->create_table(tp);
      result_.created.push_back(tp.name);
      builds_.insert(tp.name);
    }
  }

  // --resume: the interrupted run's tables stay; those it completed are
  // kept as they are, the others emptied, the missing ones created. Their
  // indexes, keys and checks are this run's to finish.
  void resume_tables(const std::vector<std::string>& existing, const std::vector<std::string>& existing_views) {
    if (!existing_views.empty()) catalog_->drop_views(existing_views);
    std::vector<std::string> clear;
    for (auto& tr : result_.tables) {
      const bool exists = std::find(existing.begin(), existing.end(), tr.name) != existing.end();
      builds_.insert(tr.name);
      if (exists && options_.resume_completed.count(tr.name)) {
        log("table " + tr.name + " was completed by the resumed run: kept");
        tr.resumed = true;
        mark_completed(tr.name);
      } else if (exists) {
        clear.push_back(tr.name);
      }
    }
    if (!clear.empty()) {
      log("emptying the tables the resumed run did not complete: " + join(clear, ", "));
      catalog_->truncate_tables(clear);
      cleared_.insert(clear.begin(), clear.end());
    }
    for (const auto& tp : result_.plan.tables) {
      if (std::find(existing.begin(), existing.end(), tp.name) != existing.end()) continue;
      log("creating table " + tp.name);
      catalog_->create_table(tp);
      result_.created.push_back(tp.name);
    }
    // What the resumed run already built stays.
    for (const TableShape& shape : catalog_->describe_tables(existing)) {
      for (const auto& ix : shape.indexes) built_objects_.insert(lower_ascii(shape.name + "." + ix.name));
      for (const auto& fk : shape.foreign_keys) built_objects_.insert(lower_ascii(shape.name + "." + fk.name));
      for (const auto& c : shape.checks) built_objects_.insert(lower_ascii(shape.name + "." + c));
    }
  }

  bool built(const std::string& table, const std::string& object) const {
    return built_objects_.count(lower_ascii(table + "." + object)) > 0;
  }

  bool created(const std::string& name) const {
    return std::find(result_.created.begin(), result_.created.end(), name) != result_.created.end();
  }

  // Whether this run makes the table's indexes, keys and checks.
  bool builds(const std::string& name) const { return builds_.count(name) > 0; }

  void load() {
    std::vector<TableLoad> loads;
    std::vector<std::unique_ptr<TableProgress>> progress;
    std::vector<size_t> index;  // into result_.tables
    for (size_t i = 0; i < result_.plan.tables.size(); ++i) {
      const TablePlan& tp = result_.plan.tables[i];
      if (result_.tables[i].resumed) continue;
      TableLoad l;
      l.table = source_.schema().find(tp.source_name);
      l.plan = &tp;
      l.source_rows = result_.tables[i].source_rows;
      // A table the run cannot empty again (--if-exists append into an
      // existing table) loads in one slice: one transaction, all or nothing.
      const bool can_clear = created(tp.name) || cleared_.count(tp.name) > 0;
      l.slices = source_.plan_slices(*l.table, can_clear ? options_.rows_per_slice : 0);
      if (auto it = orphan_rules_.find(tp.source_name); it != orphan_rules_.end()) l.orphan_rules = it->second;
      loads.push_back(std::move(l));
      index.push_back(i);
    }
    // Largest first, so the streams finish together; tables that already
    // exist with their foreign keys load parents first, in waves.
    const std::vector<int> wave = load_waves();
    std::vector<size_t> order(loads.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      if (wave[index[a]] != wave[index[b]]) return wave[index[a]] < wave[index[b]];
      return loads[a].source_rows > loads[b].source_rows;
    });
    std::vector<TableLoad> sorted;
    for (size_t i : order) {
      sorted.push_back(loads[i]);
      auto p = std::make_unique<TableProgress>();
      p->table = loads[i].plan->name;
      p->expected_rows = loads[i].source_rows;
      progress.push_back(std::move(p));
    }
    LoadOptions lo;
    lo.jobs = options_.jobs;
    lo.batch_rows = options_.batch_rows;
    lo.policies = options_.policies;
    lo.policies.orphan = RowPolicy::Reject;  // flagged only under --orphans reject
    lo.max_rejects = options_.max_rejects;
    RejectLog& rejects = *rejects_;
    lo.rejects = &rejects;
    lo.cancel = options_.cancel;
    std::vector<TableLoad>* current = nullptr;
    lo.table_loaded = [&](size_t load) { mark_completed((*current)[load].plan->name); };
    log("loading " + std::to_string(sorted.size()) + " tables over " + std::to_string(options_.jobs) + " streams");
    std::optional<Error> failed;
    {
      ProgressDisplay display(progress, options_.progress);
      try {
        for (size_t from = 0; from < sorted.size();) {
          size_t to = from;
          while (to < sorted.size() && wave[index[order[to]]] == wave[index[order[from]]]) ++to;
          std::vector<TableLoad> batch(sorted.begin() + static_cast<long>(from),
                                       sorted.begin() + static_cast<long>(to));
          std::vector<TableProgress*> batch_progress;
          for (size_t k = from; k < to; ++k) batch_progress.push_back(progress[k].get());
          current = &batch;
          load_wave(batch, lo, batch_progress);
          from = to;
        }
      } catch (const Error& e) {
        failed = e;
      }
    }
    // What was rejected stays on disk, also when the run failed.
    try {
      rejects.close();
    } catch (const Error& e) {
      if (!failed) failed = e;
    }
    result_.rows_rejected = rejects.count();
    if (result_.rows_rejected > 0 || !options_.rejects_path.empty()) result_.rejects_path = rejects.path();
    for (size_t k = 0; k < order.size(); ++k) {
      TableResult& tr = result_.tables[index[order[k]]];
      const TablePlan& tp = result_.plan.tables[index[order[k]]];
      tr.rows_read = progress[k]->rows_read;
      tr.loaded_rows = progress[k]->rows_written;
      tr.rows_rejected = progress[k]->rows_rejected;
      int64_t s = progress[k]->started_ns, f = progress[k]->finished_ns;
      tr.seconds = s && f ? static_cast<double>(f - s) / 1e9 : 0;
      std::vector<int64_t> notes = progress[k]->notes();
      for (size_t i = 0; i < notes.size(); ++i)
        if (notes[i] > 0)
          tr.notes.push_back({tp.columns[i / kConversionNoteCount].source_name,
                              conversion_note_text(static_cast<int>(i % kConversionNoteCount)), notes[i]});
    }
    if (failed) throw *failed;
  }

  // A lost connection (the server restarted, a proxy dropped it) is tried
  // again a few times with backoff: the wave's tables that did not complete
  // are emptied (their slices in flight rolled back) and loaded again.
  void load_wave(std::vector<TableLoad>& batch, const LoadOptions& lo, std::vector<TableProgress*>& progress) {
    for (int attempt = 0;; ++attempt) {
      try {
        run_load(source_, target_, batch, lo, progress);
        return;
      } catch (const Error& e) {
        if (e.kind() != ErrorKind::TargetConnect || attempt + 1 >= kLoadAttempts) throw;
        const double pause = ready_backoff_seconds(attempt);
        log(std::string(e.what()) + "; loading the tables that did not complete again in " +
            std::to_string(pause).substr(0, 4) + " s (attempt " + std::to_string(attempt + 2) + " of " +
            std::to_string(kLoadAttempts) + ")");
        std::this_thread::sleep_for(std::chrono::duration<double>(pause));
        checkpoint();
        retry_incomplete(batch, progress, e);
      }
    }
  }

  void retry_incomplete(std::vector<TableLoad>& batch, std::vector<TableProgress*>& progress, const Error& lost) {
    std::vector<TableLoad> left;
    std::vector<TableProgress*> left_progress;
    std::vector<std::string> clear;
    for (size_t i = 0; i < batch.size(); ++i) {
      const std::string& name = batch[i].plan->name;
      if (completed(name)) continue;
      // A table the run cannot empty loads in one slice: rolled back, nothing to clear.
      if (created(name) || cleared_.count(name)) clear.push_back(name);
      TableProgress& p = *progress[i];
      p.rows_read = p.rows_written = p.rows_encoded = p.rows_rejected = 0;
      left.push_back(batch[i]);
      left_progress.push_back(&p);
    }
    catalog_ = target_.connect_catalog();  // the run's catalog may have gone with the connection
    if (!clear.empty()) catalog_->truncate_tables(clear);
    if (left.empty()) throw lost;
    batch = std::move(left);
    progress = std::move(left_progress);
  }

  // Per planned table, the wave it loads in: 0 for all when the target does
  // not check foreign keys during the load or every table is new (keys come
  // after the data); else a table loads after the tables it references.
  std::vector<int> load_waves() const {
    const auto& tables = result_.plan.tables;
    std::vector<int> wave(tables.size(), 0);
    bool existing_with_keys = false;
    for (const auto& tp : tables)
      existing_with_keys = existing_with_keys || (!created(tp.name) && !tp.foreign_keys.empty());
    if (!target_.dialect().load_checks_foreign_keys || !existing_with_keys) return wave;
    // Longest path from a root, bounded by the table count (a cycle stops growing there).
    for (size_t round = 0; round < tables.size(); ++round) {
      bool changed = false;
      for (size_t i = 0; i < tables.size(); ++i)
        for (const auto& fk : tables[i].foreign_keys)
          for (size_t p = 0; p < tables.size(); ++p)
            if (p != i && tables[p].name == fk.parent_table && wave[i] < wave[p] + 1) {
              wave[i] = wave[p] + 1;
              changed = true;
            }
      if (!changed) break;
    }
    return wave;
  }

  // Index builds are independent: run them over `jobs` catalog connections.
  void build_indexes() {
    std::vector<std::pair<const TablePlan*, const IndexPlan*>> work;
    for (const auto& tp : result_.plan.tables)
      if (builds(tp.name))
        for (const auto& ix : tp.indexes)
          if (!built(tp.name, ix.name)) work.emplace_back(&tp, &ix);
    if (work.empty()) return;
    log("building " + std::to_string(work.size()) + " indexes");
    // Worker 0 is this thread and uses the run's catalog; the others open their own.
    std::vector<std::unique_ptr<TargetCatalog>> catalogs(static_cast<size_t>(std::max(options_.jobs, 1)));
    run_workers(work.size(), options_.jobs, [&](size_t i, size_t worker) {
      if (worker > 0 && !catalogs[worker]) catalogs[worker] = target_.connect_catalog();
      TargetCatalog& catalog = worker == 0 ? *catalog_ : *catalogs[worker];
      catalog.create_index(*work[i].first, *work[i].second);
    });
  }

  // One at a time: two ALTERs on tables referencing each other could deadlock.
  void add_foreign_keys() {
    for (const auto& tp : result_.plan.tables) {
      if (!builds(tp.name)) continue;
      for (const auto& fk : tp.foreign_keys) {
        if (built(tp.name, fk.name)) continue;
        log("adding foreign key " + fk.name);
        catalog_->add_foreign_key(tp, fk);
      }
    }
  }

  // CHECK constraints once the data is in, one at a time: the server checks
  // every row, and one it refuses is reported, not a failed run (SQLite and
  // the target may disagree on a row: a collation, a rounding).
  void add_checks() {
    for (auto& tp : result_.plan.tables) {
      if (!builds(tp.name)) continue;
      for (const auto& c : tp.checks) {
        try {
          if (!target_.dialect().checks_in_create_table) {
            if (built(tp.name, c.name)) continue;
            log("adding check constraint " + c.name);
            catalog_->add_check(tp, c);
            continue;
          }
          log("checking the rows of " + tp.name + " against " + c.name);
          if (const int64_t bad = catalog_->check_violations(tp, c); bad > 0) {
            catalog_->drop_check(tp, c);
            not_migrated("check", tp.source_name, c.source, std::to_string(bad) + " rows break it on the target");
          }
        } catch (const Error& e) {
          if (e.kind() == ErrorKind::TargetConnect) throw;
          not_migrated("check", tp.source_name, c.source, e.what());
        }
      }
    }
  }

  // Views read tables and other views: one the server refuses (a view it
  // depends on is not there yet) is tried again after the others.
  void create_views() {
    std::vector<const ViewPlan*> pending;
    for (const auto& v : result_.plan.views) pending.push_back(&v);
    for (size_t round = 0; !pending.empty() && round <= result_.plan.views.size(); ++round) {
      std::vector<const ViewPlan*> failed;
      std::vector<Error> errors;
      for (const ViewPlan* v : pending) {
        log("creating view " + v->name);
        try {
          catalog_->create_view(*v);
          created_views_.push_back(v->name);
        } catch (const Error& e) {
          if (e.kind() == ErrorKind::TargetConnect) throw;
          failed.push_back(v);
          errors.push_back(e);
        }
      }
      if (failed.size() == pending.size()) {
        for (size_t i = 0; i < failed.size(); ++i) not_migrated("view", "", failed[i]->source_name, errors[i].what());
        break;
      }
      pending = failed;
    }
  }

  // An object the plan meant to create, refused by the server: reported.
  void not_migrated(const std::string& kind, const std::string& table, const std::string& name,
                    const std::string& why) {
    for (auto& o : result_.plan.objects)
      if (o.kind == kind && o.table == table && o.name == name) {
        o.status = "not migrated";
        o.reason = "the target refused it: " + why;
        o.target.clear();
      }
    result_.plan.notes.push_back({kind + " " + name, "not migrated: the target refused it: " + why});
  }

  void set_identities() {
    for (const auto& tp : result_.plan.tables) {
      if (tp.identity_column < 0) continue;
      // Appended or truncated tables too: the counter never goes back, and
      // never hands out an id SQLite handed out before (sqlite_sequence).
      const Table& t = *source_.schema().find(tp.source_name);
      int64_t last = std::max<int64_t>(source_.max_rowid(t).value_or(0), tp.sequence.value_or(0));
      if (last <= 0) continue;
      log("identity of " + tp.name + " continues at " + std::to_string(last + 1));
      catalog_->set_identity_next(tp, last + 1);
    }
  }

  Source& source_;
  Target& target_;
  const MigrateOptions& options_;
  MigrationResult& result_;
  std::unique_ptr<TargetCatalog> catalog_;
  std::unique_ptr<RejectLog> rejects_;
  Profiles profiles_;
  std::vector<std::string> created_views_;
  std::map<std::string, std::vector<OrphanRule>> orphan_rules_;  // by source table
  std::mutex completed_mutex_;
  std::set<std::string> completed_;      // tables whose every row is committed
  std::set<std::string> cleared_;        // existing tables this run emptied before loading
  std::set<std::string> builds_;         // tables whose indexes, keys and checks this run makes
  std::set<std::string> built_objects_;  // "table.object" (lower case) that exist already (--resume)
};

}  // namespace

Profiles read_profiles(Source& source, const Dialect& dialect, const MappingOptions& options, int jobs) {
  const std::vector<ProfileRequest> requests = profile_requests(source.schema(), dialect, options);
  std::vector<std::map<std::string, ColumnProfile>> found(requests.size());
  run_workers(requests.size(), jobs, [&](size_t i, size_t) {
    found[i] = source.profile_columns(*source.schema().find(requests[i].table), requests[i].columns);
  });
  Profiles profiles;
  for (size_t i = 0; i < requests.size(); ++i) profiles[requests[i].table] = std::move(found[i]);
  return profiles;
}

std::string default_rejects_path() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "litelift-rejects-%Y%m%dT%H%M%SZ.jsonl", &tm);
  return buf;
}

MigrationResult migrate(Source& source, Target& target, const MigrateOptions& options) {
  MigrationResult result;
  int64_t start = steady_now_ns();
  Migration m(source, target, options, result);
  try {
    m.run();
    result.ok = true;
  } catch (const Error& e) {
    result.error = e;
  } catch (const std::exception& e) {
    result.error = Error(ErrorKind::Internal, e.what());
  }
  if (!result.ok) m.clean_up(*result.error);
  result.seconds = static_cast<double>(steady_now_ns() - start) / 1e9;
  return result;
}

}  // namespace litelift
