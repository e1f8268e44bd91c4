#include "mapping/type_mapper.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <set>


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

}  // namespace

std::string counts_text(const ColumnProfile& p) {
  std::vector<std::string> parts;
  auto add = [&](int64_t n, const char* what) {
    if (n > 0) parts.push_back(std::to_string(n) + " " + what + (n == 1 ? "" : "s"));
  };
  add(p.integers, "integer");
  add(p.reals, "real");
  add(p.texts, "text");
  add(p.blobs, "blob");
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? ", " : "") + parts[i];
  return parts.empty() ? std::string("only NULLs") : out;
}

namespace {

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

ProfileNeed profile_need(const std::string& table, const Column& c, bool rowid, bool key, const Dialect& d,
                         const std::vector<CastRule>& casts) {
  if (c.kind == ColumnKind::Hidden || rowid) return ProfileNeed::None;
  if (const CastRule* rule = find_cast_rule(casts, table, c.name, c.declared_type)) {
    const bool sized = (rule->target.family == TypeFamily::Text && key && d.indexed_text_length > 0) ||
                       rule->target.family == TypeFamily::Varchar;
    return sized ? ProfileNeed::Lengths : ProfileNeed::None;
  }
  const Declared decl = classify(c.declared_type, d);
  if (decl.kind != Declared::Known) return ProfileNeed::Full;
  switch (decl.type.family) {
    case TypeFamily::Varchar: return ProfileNeed::Lengths;
    case TypeFamily::Uuid: return ProfileNeed::Full;
    case TypeFamily::Text: return key && d.indexed_text_length > 0 ? ProfileNeed::Lengths : ProfileNeed::None;
    default: return ProfileNeed::None;
  }
}

ColumnType choose_column_type(const std::string& table, const Column& sc, bool rowid, bool key, const Dialect& d,
                              const std::vector<CastRule>& casts, const ColumnProfile* prof) {
  ColumnType out;
  auto& t = out.type;
  const CastRule* rule = find_cast_rule(casts, table, sc.name, sc.declared_type);
  const Declared decl = classify(sc.declared_type, d);
  if (rowid) {
    t.family = TypeFamily::Integer;
    out.why = "INTEGER PRIMARY KEY: the rowid";
    if (rule) out.notes.push_back("cast rule '" + rule->text + "' not applied: the column is the table's rowid");
    render_type(t, d);
    return out;
  }
  if (rule) {
    t = from_cast(rule->target, d);
    out.temporal = rule->source;
    out.why = "cast rule '" + rule->text + "'";
  } else if (decl.kind != Declared::Known) {
    const std::string what = decl.kind == Declared::None
                                 ? std::string("no declared type")
                                 : "declared type " + sc.declared_type + " is not one litelift knows";
    if (prof) {
      t = choose_from_data(*prof, d);
      out.why = what + "; chosen from the values (" + counts_text(*prof) + ")";
    } else {
      t = decl.type;
      out.why = what;
    }
  } else {
    t = decl.type;
    out.why = "declared type";
    if (!decl.note.empty()) out.notes.push_back(decl.note);
  }

  // Checks against the values that keep nothing from being lost.
  if (prof) {
    if (t.family == TypeFamily::Uuid && !rule &&
        (prof->canonical_uuids != prof->texts || prof->integers || prof->reals || prof->blobs)) {
      t = TargetType{};
      t.family = TypeFamily::Text;
      out.why = "declared " + sc.declared_type + ", but not every value is a lower-case canonical UUID (" +
                counts_text(*prof) + ", " + std::to_string(prof->canonical_uuids) + " UUIDs); kept as text";
    }
    if (t.family == TypeFamily::Varchar && prof->max_text_chars > t.length) {
      const int declared = t.length;
      if (prof->max_text_chars <= d.max_varchar_length) {
        t.length = static_cast<int>(prof->max_text_chars);
      } else {
        t.family = TypeFamily::Text;
        t.length = 0;
      }
      render_type(t, d);
      out.notes.push_back("declared " +
                          (rule ? "by cast rule as varchar(" + std::to_string(declared) + ")" : sc.declared_type) +
                          " but holds text up to " + std::to_string(prof->max_text_chars) +
                          " characters: widened to " + t.sql);
    }
  }
  if (key) {
    if (t.family == TypeFamily::Text && d.indexed_text_length > 0) {
      t.family = TypeFamily::Varchar;
      const int64_t longest = prof ? prof->max_text_chars : 0;
      t.length = static_cast<int>(std::clamp<int64_t>(longest, d.indexed_text_length, d.max_indexed_text_length));
      render_type(t, d);
      out.notes.push_back("text in a key or index becomes " + t.sql + " on " + d.display_name +
                          (longest > d.max_indexed_text_length ? "; longer values are refused" : ""));
    } else if (t.family == TypeFamily::Blob && d.indexed_blob_length > 0) {
      t.length = d.indexed_blob_length;
      out.notes.push_back("blob in a key or index becomes " + d.indexed_blob_type + " on " + d.display_name +
                          "; longer values are refused");
    }
  }
  render_type(t, d);
  if (decl.kind != Declared::Known && !rule) out.notes.push_back(out.why + ": " + t.sql);
  if (t.family == TypeFamily::TimestampTz && !d.timestamptz_note.empty()) out.notes.push_back(d.timestamptz_note);
  return out;
}

}  // namespace litelift
