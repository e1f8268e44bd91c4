#include "mapping/type_mapper.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "mapping/defaults.hpp"

namespace litelift {
namespace {

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

bool contains(const std::string& s, const char* part) {
  return s.find(part) != std::string::npos;
}

// "DECIMAL(10, 2)" -> base "DECIMAL", params {10, 2}. Non-numeric params are ignored.
void split_type(const std::string& declared, std::string& base, std::vector<int>& params) {
  size_t open = declared.find('(');
  base = declared.substr(0, open);
  while (!base.empty() && std::isspace(static_cast<unsigned char>(base.back()))) base.pop_back();
  if (open == std::string::npos) return;
  size_t close = declared.find(')', open);
  std::string inner = declared.substr(open + 1, close == std::string::npos ? std::string::npos : close - open - 1);
  size_t p = 0;
  while (p < inner.size()) {
    size_t comma = inner.find(',', p);
    std::string part = inner.substr(p, comma == std::string::npos ? std::string::npos : comma - p);
    part.erase(0, part.find_first_not_of(" \t"));
    part.erase(part.find_last_not_of(" \t") + 1);
    if (!part.empty() && std::all_of(part.begin(), part.end(), ::isdigit) && part.size() < 9)
      params.push_back(std::stoi(part));
    if (comma == std::string::npos) break;
    p = comma + 1;
  }
}

std::vector<std::string> words(const std::string& s) {
  std::vector<std::string> out;
  std::string w;
  for (char c : s) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!w.empty()) out.push_back(std::move(w));
      w.clear();
    } else {
      w += c;
    }
  }
  if (!w.empty()) out.push_back(std::move(w));
  return out;
}

bool only_words(const std::string& base, std::initializer_list<const char*> allowed) {
  std::vector<std::string> ws = words(base);
  if (ws.empty()) return false;
  for (const auto& w : ws)
    if (std::none_of(allowed.begin(), allowed.end(), [&](const char* a) { return w == a; })) return false;
  return true;
}

std::string join(const std::vector<std::string>& parts, const char* sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? sep : "") + parts[i];
  return out;
}

// What a declared type says, before data, keys and cast rules.
struct Declared {
  enum Kind { None, Known, Unknown } kind = Known;
  TargetType type;
  std::string note;  // said in the report (e.g. ENUM values are not enforced)
};

Declared classify(const std::string& declared_type, const Dialect& d) {
  std::string base;
  std::vector<int> params;
  const std::string u = upper(declared_type);
  split_type(u, base, params);
  Declared r;
  auto& t = r.type;
  auto& f = t.family;
  if (words(base).empty()) {
    r.kind = Declared::None;
    f = TypeFamily::Text;
    return r;
  }
  if (contains(base, "JSON")) {
    f = TypeFamily::Json;
    t.json_parsed = d.json_parsed;
  } else if (contains(base, "BOOL")) {
    f = TypeFamily::Boolean;
  } else if (base == "DATE") {
    f = TypeFamily::Date;
  } else if (base == "TIMESTAMPTZ" || base == "DATETIMEOFFSET" ||
             (base.rfind("TIMESTAMP", 0) == 0 && contains(base, "WITH TIME ZONE") && !contains(base, "WITHOUT"))) {
    f = TypeFamily::TimestampTz;
  } else if (base.rfind("DATETIME", 0) == 0 || base.rfind("TIMESTAMP", 0) == 0 || base == "SMALLDATETIME") {
    f = TypeFamily::Timestamp;
  } else if (base == "TIME" || base == "TIME WITHOUT TIME ZONE") {
    f = TypeFamily::Time;
  } else if (base == "YEAR") {
    f = TypeFamily::Integer;
    r.note = "declared YEAR: stored as an integer (MySQL's YEAR type holds only 1901 to 2155)";
  } else if (base == "UUID" || base == "GUID" || base == "UNIQUEIDENTIFIER") {
    f = TypeFamily::Uuid;
  } else if (base == "ENUM" || base == "SET") {
    f = TypeFamily::Text;
    r.note = "declared " + declared_type + ": SQLite does not enforce the list; mapped to text";
  } else if (only_words(base, {"INT", "INTEGER", "TINYINT", "SMALLINT", "MEDIUMINT", "BIGINT", "INT2", "INT4", "INT8",
                               "UNSIGNED", "SIGNED", "BIG", "ZEROFILL"})) {
    f = TypeFamily::Integer;  // SQLite stores 64-bit signed integers whatever the declared width
    if (contains(base, "UNSIGNED"))
      r.note = "declared " + declared_type + ": SQLite does not enforce UNSIGNED; mapped to a signed 64-bit integer";
  } else if (contains(base, "CHAR") || contains(base, "CLOB") || contains(base, "TEXT")) {
    f = TypeFamily::Text;
    // CHAR(n) too becomes varchar: a blank-padded char(n) would change the values.
    if (!params.empty() && params[0] > 0 && !contains(base, "TEXT")) {
      if (params[0] <= d.max_varchar_length) {
        f = TypeFamily::Varchar;
        t.length = params[0];
      }
    }
  } else if (contains(base, "BLOB") || contains(base, "BINARY") || base == "BYTEA" || base == "IMAGE") {
    f = TypeFamily::Blob;
  } else if (only_words(base, {"REAL", "DOUBLE", "PRECISION", "FLOAT", "FLOAT4", "FLOAT8"})) {
    f = TypeFamily::Real;
  } else if (only_words(base, {"DECIMAL", "NUMERIC", "DEC", "NUMBER", "MONEY", "SMALLMONEY", "UNSIGNED"})) {
    f = TypeFamily::Decimal;
    if (!params.empty() && params[0] > 0 && params[0] <= d.decimal_max_precision) {
      t.precision = params[0];
      t.scale = params.size() > 1 ? params[1] : 0;
      if (t.scale > t.precision) t.scale = t.precision;
    } else {
      t.precision = d.unconstrained_precision;
      t.scale = d.unconstrained_scale;
    }
  } else {
    r.kind = Declared::Unknown;
    f = TypeFamily::Text;
  }
  return r;
}

std::string counts_text(const ColumnProfile& p) {
  std::vector<std::string> parts;
  auto add = [&](int64_t n, const char* what) {
    if (n > 0) parts.push_back(std::to_string(n) + " " + what + (n == 1 ? "" : "s"));
  };
  add(p.integers, "integer");
  add(p.reals, "real");
  add(p.texts, "text");
  add(p.blobs, "blob");
  return parts.empty() ? std::string("only NULLs") : join(parts, ", ");
}

// The type for a column whose declared type does not decide: from its values.
TargetType choose_from_data(const ColumnProfile& p, const Dialect& d) {
  TargetType t;
  if (p.blobs > 0)
    t.family = TypeFamily::Blob;
  else if (p.texts > 0)
    t.family = TypeFamily::Text;
  else if (p.reals > 0) {
    t.family = p.wide_integers > 0 ? TypeFamily::Decimal : TypeFamily::Real;
    if (t.family == TypeFamily::Decimal) {
      t.precision = d.unconstrained_precision;
      t.scale = d.unconstrained_scale;
    }
  } else if (p.integers > 0)
    t.family = TypeFamily::Integer;
  else
    t.family = TypeFamily::Text;
  return t;
}

TargetType from_cast(const CastTarget& c, const Dialect& d) {
  TargetType t;
  t.family = c.family;
  t.length = c.length;
  t.precision = c.precision;
  t.scale = c.scale;
  if (t.family == TypeFamily::Decimal && t.precision == 0) {
    t.precision = d.unconstrained_precision;
    t.scale = d.unconstrained_scale;
  }
  if (t.family == TypeFamily::Varchar && t.length > d.max_varchar_length) {
    t.family = TypeFamily::Text;
    t.length = 0;
  }
  if (t.family == TypeFamily::Json) t.json_parsed = (c.json_text && !d.json_text_type.empty()) ? false : d.json_parsed;
  return t;
}

enum class Need { None, Lengths, Full };

Need profile_need(const Declared& decl, const Dialect& d, bool key_column) {
  if (decl.kind != Declared::Known) return Need::Full;
  switch (decl.type.family) {
    case TypeFamily::Varchar:
      return Need::Lengths;
    case TypeFamily::Uuid:
      return Need::Full;
    case TypeFamily::Text:
      return key_column && d.indexed_text_length > 0 ? Need::Lengths : Need::None;
    default:
      return Need::None;
  }
}

// Columns in keys, indexes and foreign keys (either side) must be indexable.
std::set<std::string> key_columns_of(const Schema& schema, const Table& st) {
  std::set<std::string> keys(st.primary_key.begin(), st.primary_key.end());
  for (const auto& ix : st.indexes)
    if (!ix.partial && !ix.has_expression) keys.insert(ix.columns.begin(), ix.columns.end());
  for (const auto& fk : st.foreign_keys) keys.insert(fk.columns.begin(), fk.columns.end());
  for (const auto& other : schema.tables)
    for (const auto& fk : other.foreign_keys)
      if (fk.parent_table == st.name) keys.insert(fk.parent_columns.begin(), fk.parent_columns.end());
  return keys;
}

const ColumnProfile* profile_of(const Profiles& profiles, const std::string& table, const std::string& column) {
  auto t = profiles.find(table);
  if (t == profiles.end()) return nullptr;
  auto c = t->second.find(column);
  return c == t->second.end() ? nullptr : &c->second;
}

}  // namespace

TargetType map_declared_type(const std::string& declared_type, const Dialect& dialect) {
  TargetType t = classify(declared_type, dialect).type;
  render_type(t, dialect);
  return t;
}

void render_type(TargetType& t, const Dialect& d) {
  switch (t.family) {
    case TypeFamily::Integer:
      t.sql = d.integer_type;
      break;
    case TypeFamily::Real:
      t.sql = d.real_type;
      break;
    case TypeFamily::Decimal:
      t.sql = (t.precision == 0 || (t.precision == d.unconstrained_precision && t.scale == d.unconstrained_scale))
                  ? d.decimal_unconstrained
                  : fmt::format("{}({},{})", d.decimal_prefix, t.precision, t.scale);
      break;
    case TypeFamily::Text:
      t.sql = d.text_type;
      break;
    case TypeFamily::Varchar:
      t.sql = fmt::format("{}({})", d.varchar_prefix, t.length);
      break;
    case TypeFamily::Blob:
      t.sql = t.length > 0 ? d.indexed_blob_type : d.blob_type;
      break;
    case TypeFamily::Boolean:
      t.sql = d.boolean_type;
      break;
    case TypeFamily::Date:
      t.sql = d.date_type;
      break;
    case TypeFamily::Time:
      t.sql = d.time_type;
      break;
    case TypeFamily::Timestamp:
      t.sql = d.timestamp_type;
      break;
    case TypeFamily::TimestampTz:
      t.sql = d.timestamptz_type;
      break;
    case TypeFamily::Json:
      t.sql = t.json_parsed || d.json_text_type.empty() ? d.json_type : d.json_text_type;
      break;
    case TypeFamily::Uuid:
      t.sql = d.uuid_type.empty() ? fmt::format("{}(36)", d.varchar_prefix) : d.uuid_type;
      break;
  }
}

std::vector<ProfileRequest> profile_requests(const Schema& schema, const Dialect& d, const MappingOptions& options) {
  std::vector<ProfileRequest> out;
  for (const auto& st : schema.tables) {
    std::set<std::string> keys = key_columns_of(schema, st);
    ProfileRequest req;
    req.table = st.name;
    for (size_t i = 0; i < st.columns.size(); ++i) {
      const Column& c = st.columns[i];
      if (c.kind == ColumnKind::Hidden || static_cast<int>(i) == st.rowid_alias) continue;
      const bool key = keys.count(c.name) > 0;
      const CastRule* rule = find_cast_rule(options.casts, st.name, c.name, c.declared_type);
      if (rule) {
        if ((rule->target.family == TypeFamily::Text && key && d.indexed_text_length > 0) ||
            rule->target.family == TypeFamily::Varchar)
          req.columns.push_back({c.name, false});
        continue;
      }
      const Need need = profile_need(classify(c.declared_type, d), d, key);
      if (need != Need::None) req.columns.push_back({c.name, need == Need::Full});
    }
    if (!req.columns.empty()) out.push_back(std::move(req));
  }
  return out;
}

PlanResult build_plan(const Schema& schema, const Dialect& d, const MappingOptions& options, const Profiles& profiles) {
  PlanResult result;
  auto& plan = result.plan;
  auto note = [&](const std::string& object, const std::string& message) { plan.notes.push_back({object, message}); };

  // Target names: tables first (their own namespace), then per table its
  // columns; index and constraint names share one namespace with the tables
  // (PostgreSQL keeps indexes and tables together; MySQL's are per table,
  // so one namespace is stricter than needed, never looser).
  NameSpace table_names(d);
  std::map<std::string, std::string> table_name;  // source -> target
  for (const auto& st : schema.tables) {
    std::string why;
    std::string name = table_names.claim(apply_identifier_case(st.name, options.identifier_case), why);
    table_name[st.name] = name;
    if (name != st.name)
      note("table " + st.name, "renamed to " + d.quote_identifier(name) + (why.empty() ? "" : ": " + why));
  }
  NameSpace object_names = table_names;
  std::map<std::string, std::map<std::string, std::string>> column_name;  // table -> column source -> target

  for (const auto& st : schema.tables) {
    TablePlan tp;
    tp.source_name = st.name;
    tp.name = table_name[st.name];
    tp.sequence = st.sequence;
    std::set<std::string> keys = key_columns_of(schema, st);

    NameSpace columns(d);
    auto& names = column_name[st.name];
    for (size_t i = 0; i < st.columns.size(); ++i) {
      const Column& sc = st.columns[i];
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
      const std::string object = "column " + st.name + "." + sc.name;
      ColumnPlan cp;
      cp.name = names[sc.name];
      cp.source_name = sc.name;
      cp.source_index = i;
      cp.declared_type = sc.declared_type;
      cp.not_null = sc.not_null || sc.pk_position > 0;
      cp.identity = static_cast<int>(i) == st.rowid_alias;
      cp.rules.replace_invalid_utf8 = options.replace_invalid_utf8;
      cp.rules.strip_nul = options.strip_nul;
      cp.rules.nfc = options.nfc;
      const bool key = keys.count(sc.name) > 0;
      const ColumnProfile* prof = profile_of(profiles, st.name, sc.name);
      const CastRule* rule = find_cast_rule(options.casts, st.name, sc.name, sc.declared_type);
      Declared decl = classify(sc.declared_type, d);

      if (cp.identity) {
        cp.type.family = TypeFamily::Integer;
        cp.why = "INTEGER PRIMARY KEY: the rowid";
        if (rule) note(object, "cast rule '" + rule->text + "' not applied: the column is the table's rowid");
      } else if (rule) {
        cp.type = from_cast(rule->target, d);
        cp.rules.temporal = rule->source;
        cp.why = "cast rule '" + rule->text + "'";
      } else if (decl.kind != Declared::Known) {
        const std::string what = decl.kind == Declared::None
                                     ? std::string("no declared type")
                                     : "declared type " + sc.declared_type + " is not one litelift knows";
        if (prof) {
          cp.type = choose_from_data(*prof, d);
          cp.why = what + "; chosen from the values (" + counts_text(*prof) + ")";
        } else {
          cp.type = decl.type;
          cp.why = what;
        }
      } else {
        cp.type = decl.type;
        cp.why = "declared type";
        if (!decl.note.empty()) note(object, decl.note);
      }

      // Checks against the values that keep nothing from being lost.
      if (!cp.identity && prof) {
        if (cp.type.family == TypeFamily::Uuid &&
            (prof->canonical_uuids != prof->texts || prof->integers || prof->reals || prof->blobs)) {
          if (!rule) {
            cp.type = TargetType{};
            cp.type.family = TypeFamily::Text;
            cp.why = "declared " + sc.declared_type + ", but not every value is a lower-case canonical UUID (" +
                     counts_text(*prof) + ", " + std::to_string(prof->canonical_uuids) + " UUIDs); kept as text";
          }
        }
        if (cp.type.family == TypeFamily::Varchar && prof->max_text_chars > cp.type.length) {
          const int declared = cp.type.length;
          if (prof->max_text_chars <= d.max_varchar_length) {
            cp.type.length = static_cast<int>(prof->max_text_chars);
          } else {
            cp.type.family = TypeFamily::Text;
            cp.type.length = 0;
          }
          render_type(cp.type, d);
          note(object, "declared " +
                           (rule ? "by cast rule as varchar(" + std::to_string(declared) + ")" : sc.declared_type) +
                           " but holds text up to " + std::to_string(prof->max_text_chars) +
                           " characters: widened to " + cp.type.sql);
        }
      }
      if (key && !cp.identity) {
        if (cp.type.family == TypeFamily::Text && d.indexed_text_length > 0) {
          cp.type.family = TypeFamily::Varchar;
          int64_t longest = prof ? prof->max_text_chars : 0;
          cp.type.length =
              static_cast<int>(std::clamp<int64_t>(longest, d.indexed_text_length, d.max_indexed_text_length));
          render_type(cp.type, d);
          note(object, "text in a key or index becomes " + cp.type.sql + " on " + d.display_name +
                           (longest > d.max_indexed_text_length ? "; longer values are refused" : ""));
        } else if (cp.type.family == TypeFamily::Blob && d.indexed_blob_length > 0) {
          cp.type.length = d.indexed_blob_length;
          note(object, "blob in a key or index becomes " + d.indexed_blob_type + " on " + d.display_name +
                           "; longer values are refused");
        }
      }
      render_type(cp.type, d);
      if (cp.identity) tp.identity_column = static_cast<int>(tp.columns.size());
      if (sc.kind == ColumnKind::GeneratedVirtual || sc.kind == ColumnKind::GeneratedStored)
        note(object, "generated column: its values are copied into a plain column");
      if (decl.kind != Declared::Known && !rule && !cp.identity) note(object, cp.why + ": " + cp.type.sql);
      if (cp.type.family == TypeFamily::TimestampTz && !d.timestamptz_note.empty()) note(object, d.timestamptz_note);
      if (sc.default_sql && !cp.identity) {
        std::string why;
        cp.default_sql = map_default(*sc.default_sql, cp, d, why);
        if (!why.empty()) note(object, why);
      }
      tp.columns.push_back(std::move(cp));
    }
    for (const auto& k : st.primary_key) tp.primary_key.push_back(names[k]);
    if (st.without_rowid) {
      for (const auto& k : st.primary_key) {
        tp.key_columns.push_back(static_cast<size_t>(st.column_index(k)));
        tp.key_names.push_back(k);
      }
    }

    if (st.has_check) note("table " + st.name, "has CHECK constraints; not migrated in this version");
    for (const auto& ix : st.indexes) {
      for (size_t k = 0; k < ix.collations.size(); ++k)
        if (!ix.collations[k].empty() && ix.collations[k] != "BINARY")
          note("index " + ix.name, "column " + ix.columns[k] + " uses COLLATE " + ix.collations[k] +
                                       "; the target index uses the column's collation");
      if (ix.partial || ix.has_expression) {
        note("index " + ix.name, std::string("has ") + (ix.partial ? "a WHERE clause" : "an expression key") +
                                     "; not migrated in this version");
        continue;
      }
      if (ix.unique && ix.columns == st.primary_key) continue;  // the primary key already enforces it
      IndexPlan ip;
      for (const auto& c : ix.columns) ip.columns.push_back(names.count(c) ? names[c] : c);
      ip.descending = ix.descending;
      ip.unique = ix.unique;
      std::string wanted = ix.origin == IndexOrigin::CreateIndex
                               ? apply_identifier_case(ix.name, options.identifier_case)
                               : tp.name + "_" + join(ip.columns, "_") + "_key";
      std::string why;
      ip.name = object_names.claim(wanted, why);
      if (ix.origin == IndexOrigin::CreateIndex && ip.name != ix.name)
        note("index " + ix.name, "renamed to " + d.quote_identifier(ip.name) + (why.empty() ? "" : ": " + why));
      tp.indexes.push_back(std::move(ip));
    }
    plan.tables.push_back(std::move(tp));
  }

  // Foreign keys, once every table is planned (parents may come later).
  for (const auto& st : schema.tables) {
    TablePlan* tp = nullptr;
    for (auto& t : plan.tables)
      if (t.source_name == st.name) tp = &t;
    for (const auto& fk : st.foreign_keys) {
      std::string what = "foreign key " + st.name + "(" + join(fk.columns, ", ") + ") -> " + fk.parent_table;
      const Table* parent = schema.find(fk.parent_table);
      if (!parent) {
        note(what, "the parent table is not in the source; not migrated");
        continue;
      }
      std::set<std::string> want(fk.parent_columns.begin(), fk.parent_columns.end());
      bool keyed = std::set<std::string>(parent->primary_key.begin(), parent->primary_key.end()) == want;
      for (const auto& ix : parent->indexes)
        if (ix.unique && !ix.partial && !ix.has_expression &&
            std::set<std::string>(ix.columns.begin(), ix.columns.end()) == want)
          keyed = true;
      if (!keyed || fk.parent_columns.size() != fk.columns.size()) {
        note(what, "the parent columns are not a primary key or unique; not migrated");
        continue;
      }
      if (!d.fk_set_default && (fk.on_delete == "SET DEFAULT" || fk.on_update == "SET DEFAULT")) {
        note(what, d.display_name + " does not support SET DEFAULT actions; not migrated");
        continue;
      }
      ForeignKeyPlan fp;
      auto& child_names = column_name[st.name];
      auto& parent_names = column_name[parent->name];
      for (const auto& c : fk.columns) fp.columns.push_back(child_names.count(c) ? child_names[c] : c);
      for (const auto& c : fk.parent_columns) fp.parent_columns.push_back(parent_names.count(c) ? parent_names[c] : c);
      fp.parent_table = table_name[parent->name];
      std::string why;
      fp.name = object_names.claim(tp->name + "_" + join(fp.columns, "_") + "_fkey", why);
      fp.source_columns = fk.columns;
      fp.source_parent_table = parent->name;
      fp.source_parent_columns = fk.parent_columns;
      fp.on_delete = fk.on_delete;
      fp.on_update = fk.on_update;
      tp->foreign_keys.push_back(std::move(fp));
    }
  }
  for (const auto& s : schema.skipped) note(s.kind + " " + s.name, s.reason);
  return result;
}

}  // namespace litelift
