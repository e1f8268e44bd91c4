#include "mapping/plan_builder.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <map>
#include <set>

#include "mapping/defaults.hpp"
#include "mapping/sql_expression.hpp"
#include "mapping/sqlite_sql.hpp"
#include "mapping/type_mapper.hpp"

namespace litelift {
namespace {

std::string join(const std::vector<std::string>& parts, const char* sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? sep : "") + parts[i];
  return out;
}

// Columns in keys, indexes and foreign keys (either side) must be indexable.
std::set<std::string> key_columns_of(const Schema& schema, const Table& st) {
  std::set<std::string> keys(st.primary_key.begin(), st.primary_key.end());
  for (const auto& ix : st.indexes)
    if (!ix.partial && !ix.has_expression) keys.insert(ix.columns.begin(), ix.columns.end());
  for (const auto& fk : st.foreign_keys) keys.insert(fk.columns.begin(), fk.columns.end());
  for (const auto& other : schema.tables)
    for (const auto& fk : other.foreign_keys)
      if (same_sqlite_name(fk.parent_table, st.name)) keys.insert(fk.parent_columns.begin(), fk.parent_columns.end());
  return keys;
}

const ColumnProfile* profile_of(const Profiles& profiles, const std::string& table, const std::string& column) {
  auto t = profiles.find(table);
  if (t == profiles.end()) return nullptr;
  auto c = t->second.find(column);
  return c == t->second.end() ? nullptr : &c->second;
}

// Bytes a column takes in an InnoDB row, as CREATE TABLE counts them
// against the 65535-byte limit (long data of TEXT/BLOB lives off the row).
int row_bytes(const TargetType& t, const Dialect& d) {
  switch (t.family) {
    case TypeFamily::Varchar:
      return t.length * d.max_bytes_per_char + 2;
    case TypeFamily::Uuid:
      return 36 * d.max_bytes_per_char + 1;
    case TypeFamily::Blob:
      return t.length > 0 ? t.length + 2 : 12;
    case TypeFamily::Text:
    case TypeFamily::Json:
      return 12;
    case TypeFamily::Decimal:
      return t.precision / 2 + 2;
    case TypeFamily::Boolean:
      return 1;
    case TypeFamily::Date:
      return 3;
    default:
      return 8;
  }
}

// Bytes of one key part in an index.
int key_bytes(const TargetType& t, const Dialect& d) {
  switch (t.family) {
    case TypeFamily::Varchar:
      return t.length * d.max_bytes_per_char;
    case TypeFamily::Uuid:
      return 36 * d.max_bytes_per_char;
    case TypeFamily::Blob:
      return t.length > 0 ? t.length : 767;
    case TypeFamily::Text:
    case TypeFamily::Json:
      return 767 * d.max_bytes_per_char;
    default:
      return row_bytes(t, d);
  }
}

struct Builder {
  const Schema& schema;
  const Dialect& d;
  const MappingOptions& options;
  const Profiles& profiles;
  PlanResult result;
  NameSpace table_names;
  NameSpace object_names;  // indexes and constraints: one namespace with the tables (PostgreSQL), stricter than MySQL
  std::map<std::string, std::string> table_name;                          // source -> target
  std::map<std::string, std::map<std::string, std::string>> column_name;  // table -> column source -> target
  std::map<std::string, std::string> view_name;                           // source -> target

  Builder(const Schema& s, const Dialect& dialect, const MappingOptions& o, const Profiles& p)
      : schema(s), d(dialect), options(o), profiles(p), table_names(dialect), object_names(dialect) {}

  MigrationPlan& plan() { return result.plan; }
  void note(const std::string& object, const std::string& message) { plan().notes.push_back({object, message}); }
  void object(std::string kind, std::string table, std::string name, std::string status, std::string target,
              std::string reason = "") {
    plan().objects.push_back(
        {std::move(kind), std::move(table), std::move(name), std::move(status), std::move(target), std::move(reason)});
  }
  std::string target_table(const std::string& source) {
    for (const auto& [s, t] : table_name)
      if (same_sqlite_name(s, source)) return t;
    return "";
  }
  std::string target_column(const std::string& table, const std::string& column) {
    auto& names = column_name[table];
    for (const auto& [s, t] : names)
      if (same_sqlite_name(s, column)) return t;
    return column;
  }

  // Source table or view -> its target name.
  std::optional<std::string> target_relation(std::string_view source) {
    for (const auto& [s, t] : table_name)
      if (same_sqlite_name(s, source)) return t;
    for (const auto& [s, t] : view_name)
      if (same_sqlite_name(s, source)) return t;
    return std::nullopt;
  }

  const TablePlan* planned(std::string_view source, const TablePlan* current) const {
    if (current && same_sqlite_name(current->source_name, source)) return current;
    for (const auto& t : result.plan.tables)
      if (same_sqlite_name(t.source_name, source)) return &t;
    return nullptr;
  }

  // How the translator sees the schema: target names, the planned column
  // types (`current`: the table being planned), and what SQLite knows.
  TranslateContext context(Purpose purpose, const std::string& table, const TablePlan* current) {
    TranslateContext c;
    c.dialect = &d;
    c.purpose = purpose;
    c.current_table = table;
    c.table_name = [this](std::string_view t) { return target_relation(t); };
    c.column_name = [this, current](std::string_view t, std::string_view col) -> std::optional<std::string> {
      if (const TablePlan* tp = planned(t, current)) {
        for (const auto& cp : tp->columns)
          if (!cp.added && same_sqlite_name(cp.source_name, col)) return cp.name;
        return std::nullopt;
      }
      for (const auto& v : schema.views)
        if (same_sqlite_name(v.name, t)) return std::string(col);  // a view's columns keep their names
      return std::nullopt;
    };
    c.column_family = [this, current](std::string_view t, std::string_view col) -> std::optional<TypeFamily> {
      if (const TablePlan* tp = planned(t, current))
        for (const auto& cp : tp->columns)
          if (!cp.added && same_sqlite_name(cp.source_name, col)) return cp.type.family;
      return std::nullopt;
    };
    c.table_columns = [this](std::string_view t) {
      std::vector<std::string> names;
      if (const Table* st = schema.find(std::string(t)))
        for (const auto& col : st->columns)
          if (col.kind != ColumnKind::Hidden) names.push_back(col.name);
      return names;
    };
    c.column_generated = [this, current](std::string_view t, std::string_view col) {
      if (const TablePlan* tp = planned(t, current))
        for (const auto& cp : tp->columns)
          if (same_sqlite_name(cp.source_name, col)) return cp.generated_sql.has_value();
      return false;
    };
    c.column_identity = [this, current](std::string_view t, std::string_view col) {
      if (const TablePlan* tp = planned(t, current))
        for (const auto& cp : tp->columns)
          if (same_sqlite_name(cp.source_name, col)) return cp.identity;
      return false;
    };
    c.primary_key = [this](std::string_view t) {
      const Table* st = schema.find(std::string(t));
      return st ? st->primary_key : std::vector<std::string>{};
    };
    return c;
  }

  void name_tables() {
    for (const auto& st : schema.tables) {
      std::string why;
      if (!table_selected(st.name, options, &why)) {
        object(st.virtual_module.empty() ? "table" : "virtual table", "", st.name, "not migrated", "", why);
        continue;
      }
      std::string name = table_names.claim(apply_identifier_case(st.name, options.identifier_case), why);
      table_name[st.name] = name;
      if (name != st.name)
        note("table " + st.name, "renamed to " + d.quote_identifier(name) + (why.empty() ? "" : ": " + why));
    }
    for (const auto& v : schema.views) {
      std::string why;
      view_name[v.name] = table_names.claim(apply_identifier_case(v.name, options.identifier_case), why);
    }
    object_names = table_names;
  }

  void plan_table(const Table& st) {
    TablePlan tp;
    tp.source_name = st.name;
    tp.name = table_name[st.name];
    tp.sequence = st.sequence;
    const std::set<std::string> keys = key_columns_of(schema, st);
    if (st.virtual_module.empty()) {
      object("table", "", st.name, "created", tp.name);
    } else {
      object("virtual table", "", st.name, "changed", tp.name,
             st.virtual_module + " table: its content is migrated as a plain table with a full-text index");
    }

    NameSpace columns(d);
    auto& names = column_name[st.name];
    for (const auto& sc : st.columns) {
      if (sc.kind == ColumnKind::Hidden) continue;
      std::string why;
      std::string name = columns.claim(apply_identifier_case(sc.name, options.identifier_case), why);
      names[sc.name] = name;
      if (name != sc.name)
        note("column " + st.name + "." + sc.name,
             "renamed to " + d.quote_identifier(name) + (why.empty() ? "" : ": " + why));
    }

    for (size_t i = 0; i < st.columns.size(); ++i) {
      const Column& sc = st.columns[i];
      if (sc.kind == ColumnKind::Hidden) continue;
      const std::string what = "column " + st.name + "." + sc.name;
      const bool rowid = static_cast<int>(i) == st.rowid_alias;
      ColumnType chosen = choose_column_type(st.name, sc, rowid, keys.count(sc.name) > 0, d, options.casts,
                                             profile_of(profiles, st.name, sc.name));
      ColumnPlan cp;
      cp.name = names[sc.name];
      cp.source_name = sc.name;
      cp.source_index = i;
      cp.declared_type = sc.declared_type;
      cp.type = chosen.type;
      cp.why = chosen.why;
      cp.not_null = sc.not_null || sc.pk_position > 0;
      cp.identity = rowid;
      cp.rules.temporal = chosen.temporal;
      cp.rules.replace_invalid_utf8 = options.replace_invalid_utf8;
      cp.rules.strip_nul = options.strip_nul;
      cp.rules.nfc = options.nfc;
      for (const auto& n : chosen.notes) note(what, n);
      const bool text = cp.type.family == TypeFamily::Text || cp.type.family == TypeFamily::Varchar;
      if (sc.collation == "NOCASE" && text && !d.nocase_column_collation.empty()) {
        cp.collation = d.nocase_column_collation;
        note(what, "declared COLLATE NOCASE: COLLATE " + cp.collation + " on " + d.display_name +
                       " (it ignores accents too, which NOCASE does not)");
      } else if (!sc.collation.empty() && sc.collation != "BINARY") {
        note(what, "declared COLLATE " + sc.collation + ": " +
                       (d.nocase_key.empty() ? "comparisons follow the table's collation on " + d.display_name
                                             : "comparisons on " + d.display_name +
                                                   " are case-sensitive; its indexes compare lower-cased values"));
      }
      if (rowid) tp.identity_column = static_cast<int>(tp.columns.size());
      tp.columns.push_back(std::move(cp));
    }
    // Generated columns and defaults once every column has its type: their
    // expressions may read any column of the table.
    for (auto& cp : tp.columns) {
      const Column& sc = st.columns[cp.source_index];
      plan_generated(st, tp, sc, cp);
      if (sc.default_sql && !cp.identity && !cp.generated_sql) plan_default(st, tp, sc, cp);
    }
    for (const auto& k : st.primary_key) tp.primary_key.push_back(names[k]);
    if (st.without_rowid)
      for (const auto& k : st.primary_key) {
        tp.key_columns.push_back(static_cast<size_t>(st.column_index(k)));
        tp.key_names.push_back(k);
      }
    if (!st.primary_key.empty() && key_too_long(tp, tp.primary_key) && !d.hash_expression.empty()) {
      // A primary key past the index limit: an invisible key becomes the
      // primary key, and the source's key stays unique through a hash.
      IndexPlan unique;
      unique.columns = tp.primary_key;
      unique.unique = true;
      std::string why;
      unique.name = object_names.claim(tp.name + "_pkey", why);
      tp.primary_key.clear();
      add_invisible_key(st, tp, columns, "its primary key is longer than the target's index key limit");
      const std::string change = hash_unique(tp, unique);
      object("primary key", st.name, "PRIMARY KEY (" + join(st.primary_key, ", ") + ")", "changed", unique.name,
             change);
      tp.indexes.push_back(std::move(unique));
      note("table " + st.name, change);
    } else if (!st.primary_key.empty()) {
      object("primary key", st.name, "PRIMARY KEY (" + join(st.primary_key, ", ") + ")", "created",
             join(tp.primary_key, ", "));
    } else if (options.require_primary_key && !d.invisible_column_clause.empty()) {
      add_invisible_key(st, tp, columns);
    }
    fit_row_size(st, tp);

    for (const auto& c : st.checks) plan_check(st, tp, c);
    for (const auto& ix : st.indexes) plan_index(st, tp, ix);
    if (!st.virtual_module.empty()) plan_fulltext(st, tp);
    plan().tables.push_back(std::move(tp));
  }

  void plan_generated(const Table& st, const TablePlan& tp, const Column& sc, ColumnPlan& cp) {
    if (sc.kind != ColumnKind::GeneratedVirtual && sc.kind != ColumnKind::GeneratedStored) return;
    const std::string what = "column " + st.name + "." + sc.name;
    std::string reason = "its expression could not be read";
    if (std::string col = fk_action_column(st, sc.generated_sql); !col.empty()) {
      reason = d.display_name + " refuses a generated column that reads column " + col +
               ", which a foreign key's ON UPDATE / ON DELETE action writes";
    } else if (!sc.generated_sql.empty()) {
      TranslateContext ctx = context(Purpose::Generated, st.name, &tp);
      ctx.target_family = cp.type.family;
      Translation t = translate_expression(sc.generated_sql, ctx);
      if (t.ok) {
        cp.generated_sql = t.sql;
        cp.generated_stored = sc.kind == ColumnKind::GeneratedStored || !d.virtual_generated_columns;
        std::vector<std::string> changes = t.notes;
        // SQLite computes with the doubles its NUMERIC columns hold; the target in exact decimals.
        if (cp.type.family == TypeFamily::Decimal)
          changes.push_back("computed by " + d.display_name +
                            " in exact decimal arithmetic, where SQLite computes with doubles: a result may differ "
                            "in its last digits (3 * 4.1 is 12.3 there, 12.299999999999999 in SQLite)");
        if (sc.kind == ColumnKind::GeneratedVirtual && cp.generated_stored)
          changes.insert(changes.begin(), d.display_name + " has no virtual generated columns: it is stored");
        object("generated column", st.name, sc.name, changes.empty() ? "created" : "changed", cp.name,
               join(changes, "; "));
        if (!changes.empty()) note(what, join(changes, "; "));
        return;
      }
      reason = t.reason;
    }
    const std::string message = "generated column: " + reason + "; its values are copied into a plain column";
    object("generated column", st.name, sc.name, "changed", cp.name, message);
    note(what, message);
  }

  void plan_default(const Table& st, const TablePlan& tp, const Column& sc, ColumnPlan& cp) {
    const std::string what = "column " + st.name + "." + sc.name;
    std::string why;
    cp.default_sql = map_default(*sc.default_sql, cp, d, why);
    if (!cp.default_sql && !why.empty() && !literal_default(*sc.default_sql)) {
      // An expression: datetime('now'), strftime('%s', 'now'), (0.5 * 2) ...
      TranslateContext ctx = context(Purpose::Default, st.name, &tp);
      ctx.target_family = cp.type.family;
      Translation t = translate_expression(*sc.default_sql, ctx);
      if (t.ok) {
        cp.default_sql = t.sql;
        why = join(t.notes, "; ");
      } else {
        why = "default " + *sc.default_sql + ": " + t.reason + "; not migrated";
      }
    }
    // DEFAULT NULL is what every column has without a default: nothing to create, nothing lost.
    const std::string status = cp.default_sql || why.empty() ? (why.empty() ? "created" : "changed") : "not migrated";
    object("default", st.name, sc.name, status, cp.default_sql.value_or("NULL"), why);
    if (!why.empty()) note(what, why);
  }

  // A column of `expression` that a foreign key's ON UPDATE / ON DELETE
  // action writes, where the target refuses such columns in CHECK
  // constraints and generated columns; "" when none.
  std::string fk_action_column(const Table& st, const std::string& expression) const {
    if (!d.checks_avoid_fk_action_columns) return "";
    std::vector<Token> tokens;
    std::string error;
    if (!tokenize(expression, tokens, error)) return "";
    for (const auto& fk : st.foreign_keys) {
      auto writes = [](const std::string& action) {
        return action == "CASCADE" || action == "SET NULL" || action == "SET DEFAULT";
      };
      if (!writes(fk.on_update) && !writes(fk.on_delete)) continue;
      for (const auto& col : fk.columns)
        for (const auto& tok : tokens)
          if (tok.name() && same_sqlite_name(tok.text, col)) return col;
    }
    return "";
  }

  void plan_check(const Table& st, TablePlan& tp, const TableCheck& c) {
    const std::string name = c.name.empty() ? "CHECK (" + c.expression + ")" : c.name;
    if (std::string col = fk_action_column(st, c.expression); !col.empty()) {
      const std::string reason = d.display_name + " refuses a CHECK on column " + col +
                                 ", which a foreign key's ON UPDATE / ON DELETE action writes";
      object("check", st.name, name, "not migrated", "", reason);
      note("table " + st.name, name + ": not migrated: " + reason);
      return;
    }
    Translation t = translate_expression(c.expression, context(Purpose::Check, st.name, &tp));
    if (!t.ok) {
      object("check", st.name, name, "not migrated", "", t.reason);
      note("table " + st.name, name + ": not migrated: " + t.reason);
      return;
    }
    std::string why;
    CheckPlan cp;
    const std::string wanted = !c.name.empty()    ? apply_identifier_case(c.name, options.identifier_case)
                               : c.column.empty() ? tp.name + "_check"
                                                  : tp.name + "_" + target_column(st.name, c.column) + "_check";
    cp.name = object_names.claim(wanted, why);
    cp.expression = t.sql;
    cp.source = name;
    tp.checks.push_back(cp);
    object("check", st.name, name, t.notes.empty() ? "created" : "changed", cp.name, join(t.notes, "; "));
    if (!t.notes.empty()) note("table " + st.name, name + ": " + join(t.notes, "; "));
  }

  // Views after every table: a view reads tables (and views) by their target names.
  void plan_views() {
    for (const auto& v : schema.views) {
      auto not_migrated = [&](const std::string& reason) {
        object("view", "", v.name, "not migrated", "", reason + "; its SQL: " + v.sql);
        note("view " + v.name, "not migrated: " + reason + "; its SQL: " + v.sql);
      };
      std::string error;
      std::optional<CreateView> cv = parse_create_view(v.sql, error);
      if (!cv) {
        not_migrated("its CREATE VIEW could not be read (" + error + ")");
        continue;
      }
      TranslateContext ctx = context(Purpose::View, "", nullptr);
      ctx.view_columns = cv->columns;
      Translation t = translate_select(cv->select, ctx);
      if (!t.ok) {
        not_migrated(t.reason);
        continue;
      }
      ViewPlan vp;
      vp.source_name = v.name;
      vp.name = view_name[v.name];
      vp.select = t.sql;
      plan().views.push_back(vp);
      object("view", "", v.name, t.notes.empty() ? "created" : "changed", vp.name, join(t.notes, "; "));
      if (!t.notes.empty()) note("view " + v.name, join(t.notes, "; "));
    }
  }

  // Managed and clustered MySQL refuse a table without a primary key; an
  // invisible auto-increment column keeps SELECT * and the rows as they were.
  bool key_too_long(const TablePlan& tp, const std::vector<std::string>& key) const {
    if (d.max_index_key_bytes <= 0) return false;
    int total = 0;
    for (const auto& name : key)
      for (const auto& c : tp.columns)
        if (c.name == name) total += key_bytes(c.type, d);
    return total > d.max_index_key_bytes;
  }

  void add_invisible_key(const Table& st, TablePlan& tp, NameSpace& columns,
                         const std::string& because = "the table has no primary key") {
    std::string why;
    ColumnPlan key;
    key.name = columns.claim(kAddedKeyColumn, why);
    key.source_name = "";
    key.added = true;
    key.invisible = true;
    key.identity = true;
    key.not_null = true;
    key.type.family = TypeFamily::Integer;
    key.why = "added: the target requires a primary key";
    render_type(key.type, d);
    tp.columns.push_back(key);
    tp.primary_key = {key.name};
    const bool keyless = st.primary_key.empty();
    const std::string reason =
        because + (keyless ? " and the target requires one (innodb_force_primary_key / sql_require_primary_key)" : "") +
        ": an invisible " + key.type.sql + " " + d.quote_identifier(key.name) + " was added as the primary key";
    if (keyless) {
      object("primary key", st.name, "(none)", "changed", key.name, reason);
      note("table " + st.name, reason);
    }
  }

  // InnoDB refuses a table whose columns could need more than 65535 bytes
  // in a row: the widest VARCHARs outside keys move off the row as text.
  void fit_row_size(const Table& st, TablePlan& tp) {
    if (d.max_row_bytes <= 0) return;
    int total = 0;
    for (const auto& c : tp.columns) total += row_bytes(c.type, d);
    if (total <= d.max_row_bytes) return;
    std::set<std::string> keys = key_columns_of(schema, st);
    std::vector<ColumnPlan*> candidates;
    for (auto& c : tp.columns)
      if (c.type.family == TypeFamily::Varchar && !keys.count(c.source_name)) candidates.push_back(&c);
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const ColumnPlan* a, const ColumnPlan* b) { return a->type.length > b->type.length; });
    for (ColumnPlan* c : candidates) {
      if (total <= d.max_row_bytes) break;
      const std::string was = c->type.sql;
      total -= row_bytes(c->type, d);
      c->type.family = TypeFamily::Text;
      c->type.length = 0;
      render_type(c->type, d);
      total += row_bytes(c->type, d);
      note("column " + st.name + "." + c->source_name, was + " becomes " + c->type.sql +
                                                           ": the table's columns would exceed " + d.display_name +
                                                           "'s " + std::to_string(d.max_row_bytes) + "-byte row size");
    }
  }

  void plan_index(const Table& st, TablePlan& tp, const Index& ix) {
    const std::string kind = ix.origin == IndexOrigin::UniqueConstraint ? "unique" : "index";
    auto not_migrated = [&](const std::string& reason) {
      object(kind, st.name, ix.name, "not migrated", "", reason);
      note("index " + ix.name, reason);
    };
    std::vector<std::string> expressions(ix.columns.size());
    std::string where;
    std::vector<std::string> changes;
    if (ix.partial || ix.has_expression) {
      if (ix.key_expressions.size() != ix.columns.size() || (ix.partial && ix.where.empty()))
        return not_migrated("its CREATE INDEX could not be read");
      for (size_t k = 0; k < ix.columns.size(); ++k) {
        if (ix.key_expressions[k].empty()) continue;
        Translation t = translate_expression(ix.key_expressions[k], context(Purpose::IndexKey, st.name, &tp));
        if (!t.ok) return not_migrated(t.reason);
        expressions[k] = t.sql;
        changes.insert(changes.end(), t.notes.begin(), t.notes.end());
      }
      if (ix.partial) {
        Translation t = translate_expression(ix.where, context(Purpose::IndexWhere, st.name, &tp));
        if (!t.ok) return not_migrated(t.reason);
        where = t.sql;
        changes.insert(changes.end(), t.notes.begin(), t.notes.end());
      }
    }
    std::string changed = join(changes, "; ");
    std::vector<std::string>& nocase = expressions;
    for (size_t k = 0; k < ix.collations.size(); ++k) {
      if (ix.collations[k].empty() || ix.collations[k] == "BINARY") continue;
      if (ix.collations[k] == "NOCASE" && !d.nocase_key.empty() && expressions[k].empty()) {
        nocase[k] = d.nocase_key;
        nocase[k].replace(nocase[k].find("{}"), 2, d.quote_identifier(target_column(st.name, ix.columns[k])));
        changed = "COLLATE NOCASE: the key is " + nocase[k] +
                  ", case-insensitive like SQLite's NOCASE (which folds ASCII letters only)";
      } else {
        note("index " + ix.name, "column " + ix.columns[k] + " uses COLLATE " + ix.collations[k] +
                                     "; the target index uses the column's collation");
      }
    }
    if (ix.unique && ix.columns == st.primary_key && changed.empty() && where.empty()) {  // the primary key enforces it
      object(kind, st.name, ix.name, "created", join(tp.primary_key, ", "), "");
      return;
    }
    IndexPlan ip;
    for (size_t k = 0; k < ix.columns.size(); ++k) {
      ip.columns.push_back(expressions[k].empty() ? target_column(st.name, ix.columns[k]) : "");
      ip.expressions.push_back(expressions[k]);
      ip.prefix.push_back(0);
    }
    ip.descending = ix.descending;
    ip.unique = ix.unique;
    ip.where = where;
    const std::string wanted = ix.origin == IndexOrigin::CreateIndex
                                   ? apply_identifier_case(ix.name, options.identifier_case)
                                   : tp.name + "_" + join(ip.columns, "_") + "_key";
    std::string why;
    ip.name = object_names.claim(wanted, why);
    if (ix.origin == IndexOrigin::CreateIndex && ip.name != ix.name)
      note("index " + ix.name, "renamed to " + d.quote_identifier(ip.name) + (why.empty() ? "" : ": " + why));
    if (changed.empty()) changed = fit_key_length(st, tp, ip);
    if (changed == "refused") {
      if (d.hash_expression.empty())
        return not_migrated("its key is longer than " + d.display_name + "'s " + std::to_string(d.max_index_key_bytes) +
                            "-byte limit, and a prefix would change what it enforces");
      changed = hash_unique(tp, ip);
    }
    object(kind, st.name, ix.name, changed.empty() ? "created" : "changed", ip.name, changed);
    if (!changed.empty()) note("index " + ix.name, changed);
    tp.indexes.push_back(std::move(ip));
  }

  // An index longer than the key limit: a non-unique one indexes prefixes of
  // its longest text parts; a unique one cannot (a prefix would refuse
  // distinct values), so it is refused. Returns the change made, or "".
  std::string fit_key_length(const Table&, const TablePlan& tp, IndexPlan& ip) {
    if (d.max_index_key_bytes <= 0) return "";
    std::vector<const ColumnPlan*> parts;
    int total = 0;
    for (const auto& name : ip.columns) {
      const ColumnPlan* c = nullptr;
      for (const auto& col : tp.columns)
        if (col.name == name) c = &col;
      parts.push_back(c);
      if (c) total += key_bytes(c->type, d);
    }
    if (total <= d.max_index_key_bytes) return "";
    if (ip.unique) return "refused";
    std::vector<std::string> cut;
    // Shorten the longest text parts first, down to 191 characters (764 bytes).
    for (int round = 0; round < 8 && total > d.max_index_key_bytes; ++round) {
      size_t widest = parts.size();
      int widest_bytes = 0;
      for (size_t k = 0; k < parts.size(); ++k) {
        if (!parts[k]) continue;
        const TypeFamily f = parts[k]->type.family;
        if (f != TypeFamily::Varchar && f != TypeFamily::Text) continue;
        const int bytes = ip.prefix[k] > 0 ? ip.prefix[k] * d.max_bytes_per_char : key_bytes(parts[k]->type, d);
        if (bytes > widest_bytes) {
          widest_bytes = bytes;
          widest = k;
        }
      }
      if (widest == parts.size() || widest_bytes <= 191 * d.max_bytes_per_char) break;
      const int over = total - d.max_index_key_bytes;
      const int chars = std::max(191, (widest_bytes - over) / d.max_bytes_per_char);
      total -= widest_bytes - chars * d.max_bytes_per_char;
      ip.prefix[widest] = chars;
    }
    for (size_t k = 0; k < parts.size(); ++k)
      if (ip.prefix[k] > 0) cut.push_back(ip.columns[k] + "(" + std::to_string(ip.prefix[k]) + ")");
    return "indexes prefixes " + join(cut, ", ") + ": the full key is longer than " + d.display_name + "'s " +
           std::to_string(d.max_index_key_bytes) + "-byte limit";
  }

  // A unique key longer than the index limit: a stored, invisible hash of
  // its columns carries the uniqueness (byte for byte, as SQLite's BINARY).
  std::string hash_unique(TablePlan& tp, IndexPlan& ip) {
    NameSpace columns(d);
    for (const auto& c : tp.columns) columns.reserve(c.name);
    std::string parts;
    for (size_t k = 0; k < ip.columns.size(); ++k) {
      std::string part = d.hash_part;
      for (size_t at = part.find("{}"); at != std::string::npos; at = part.find("{}", at))
        part.replace(at, 2, d.quote_identifier(ip.columns[k]));
      parts += (k ? d.hash_separator : "") + part;
    }
    std::string expression = d.hash_expression;
    expression.replace(expression.find("{parts}"), 7, parts);
    std::string why;
    ColumnPlan hash;
    hash.name = columns.claim(ip.name + "_hash", why);
    hash.added = true;
    hash.invisible = true;
    hash.generated_sql = expression;
    hash.generated_stored = true;
    hash.type.family = TypeFamily::Blob;
    hash.type.sql = d.hash_type;
    hash.why = "added: a hash that enforces unique index " + ip.name;
    tp.columns.push_back(hash);
    const std::string was = join(ip.columns, ", ");
    ip.columns = {hash.name};
    ip.expressions = {""};
    ip.prefix = {0};
    ip.descending = {false};
    return "the key (" + was + ") is longer than " + d.display_name + "'s " + std::to_string(d.max_index_key_bytes) +
           "-byte limit: uniqueness is enforced on an invisible hash of it, " + d.quote_identifier(hash.name);
  }

  void plan_fulltext(const Table& st, TablePlan& tp) {
    IndexPlan ip;
    ip.fulltext = true;
    for (const auto& c : tp.columns) {
      if (!c.loaded() || (c.type.family != TypeFamily::Text && c.type.family != TypeFamily::Varchar)) continue;
      ip.columns.push_back(c.name);
      ip.expressions.push_back("");
      ip.prefix.push_back(0);
      ip.descending.push_back(false);
    }
    if (ip.columns.empty()) return;
    std::string why;
    ip.name = object_names.claim(tp.name + "_fulltext", why);
    object("index", st.name, "full-text index of " + st.name, "created", ip.name, "");
    tp.indexes.push_back(std::move(ip));
  }

  void plan_foreign_keys(const Table& st) {
    TablePlan* tp = nullptr;
    for (auto& t : plan().tables)
      if (t.source_name == st.name) tp = &t;
    for (const auto& fk : st.foreign_keys) {
      const std::string what = "FOREIGN KEY (" + join(fk.columns, ", ") + ") REFERENCES " + fk.parent_table + " (" +
                               join(fk.parent_columns, ", ") + ")";
      auto not_migrated = [&](const std::string& reason) {
        object("foreign key", st.name, what, "not migrated", "", reason);
        note("table " + st.name, what + ": " + reason);
      };
      const Table* parent = schema.find(fk.parent_table);
      if (!parent) {
        not_migrated("the parent table is not in the source");
        continue;
      }
      std::string why;
      if (target_table(parent->name).empty() && !table_selected(parent->name, options, &why)) {
        not_migrated("the parent table \"" + parent->name + "\" is not migrated (" + why + ")");
        continue;
      }
      std::set<std::string> want;
      bool known = true;
      for (const auto& c : fk.parent_columns) {
        const int at = parent->column_index(c);
        if (at < 0)
          known = false;
        else
          want.insert(parent->columns[static_cast<size_t>(at)].name);
      }
      if (!known) {
        not_migrated("the parent table has no column named in the key");
        continue;
      }
      bool keyed = std::set<std::string>(parent->primary_key.begin(), parent->primary_key.end()) == want;
      for (const auto& ix : parent->indexes)
        if (ix.unique && !ix.partial && !ix.has_expression &&
            std::set<std::string>(ix.columns.begin(), ix.columns.end()) == want)
          keyed = true;
      if (!keyed || fk.parent_columns.size() != fk.columns.size()) {
        not_migrated("the parent columns are not a primary key or unique");
        continue;
      }
      if (!d.fk_set_default && (fk.on_delete == "SET DEFAULT" || fk.on_update == "SET DEFAULT")) {
        not_migrated(d.display_name + " does not support SET DEFAULT actions");
        continue;
      }
      ForeignKeyPlan fp;
      for (const auto& c : fk.columns) fp.columns.push_back(target_column(st.name, c));
      for (const auto& c : fk.parent_columns) fp.parent_columns.push_back(target_column(parent->name, c));
      fp.parent_table = target_table(parent->name);
      fp.name = object_names.claim(tp->name + "_" + join(fp.columns, "_") + "_fkey", why);
      fp.source_columns = fk.columns;
      fp.source_parent_table = parent->name;
      fp.source_parent_columns = fk.parent_columns;
      fp.on_delete = fk.on_delete;
      fp.on_update = fk.on_update;
      object("foreign key", st.name, what, "created", fp.name);
      tp->foreign_keys.push_back(std::move(fp));
    }
  }

  void run() {
    name_tables();
    for (const auto& st : schema.tables)
      if (table_name.count(st.name)) plan_table(st);
    for (const auto& st : schema.tables)
      if (table_name.count(st.name)) plan_foreign_keys(st);
    plan_views();
    for (const auto& t : schema.triggers) {
      object("trigger", t.table, t.name, "not migrated", "", "triggers are not translated: " + t.sql);
      note("trigger " + t.name, "not migrated (triggers are not translated): " + t.sql);
    }
    for (const auto& w : schema.warnings) note("schema", w);
    for (const auto& s : schema.skipped) {
      object(s.kind, "", s.name, "not migrated", "", s.reason);
      note(s.kind + " " + s.name, s.reason);
    }
  }
};

}  // namespace

bool table_selected(const std::string& table, const MappingOptions& options, std::string* why) {
  auto matches = [&](const std::string& glob) { return fnmatch(glob.c_str(), table.c_str(), FNM_CASEFOLD) == 0; };
  if (!options.include_tables.empty() &&
      std::none_of(options.include_tables.begin(), options.include_tables.end(), matches)) {
    if (why) *why = "not selected by --tables";
    return false;
  }
  for (const auto& g : options.exclude_tables)
    if (matches(g)) {
      if (why) *why = "excluded by --exclude '" + g + "'";
      return false;
    }
  return true;
}

std::vector<ProfileRequest> profile_requests(const Schema& schema, const Dialect& d, const MappingOptions& options) {
  std::vector<ProfileRequest> out;
  for (const auto& st : schema.tables) {
    if (!table_selected(st.name, options)) continue;
    const std::set<std::string> keys = key_columns_of(schema, st);
    ProfileRequest req;
    req.table = st.name;
    for (size_t i = 0; i < st.columns.size(); ++i) {
      const Column& c = st.columns[i];
      const ProfileNeed need =
          profile_need(st.name, c, static_cast<int>(i) == st.rowid_alias, keys.count(c.name) > 0, d, options.casts);
      if (need != ProfileNeed::None) req.columns.push_back({c.name, need == ProfileNeed::Full});
    }
    if (!req.columns.empty()) out.push_back(std::move(req));
  }
  return out;
}

PlanResult build_plan(const Schema& schema, const Dialect& d, const MappingOptions& options, const Profiles& profiles) {
  Builder b(schema, d, options, profiles);
  b.run();
  return std::move(b.result);
}

}  // namespace litelift
