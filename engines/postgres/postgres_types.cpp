#include "engines/postgres/postgres_types.hpp"

#include <map>
#include <vector>

#include "engines/type_spelling.hpp"

namespace litelift {

namespace {

struct ParsedType {
  std::string name;       // the words around the modifier, one blank apart
  std::vector<int> args;  // the (...) modifier
  bool args_ok = true;    // every argument is a number
};

ParsedType parse(std::string_view type) {
  const TypeSpelling t = split_type_spelling(type);
  ParsedType p;
  p.args = t.args;
  p.args_ok = t.args_ok;
  for (const auto* words : {&t.before, &t.after})
    for (const auto& w : *words) {
      if (!p.name.empty()) p.name += ' ';
      p.name += w;
    }
  return p;
}

const std::map<std::string, std::string, std::less<>>& aliases() {
  static const std::map<std::string, std::string, std::less<>> m = {
      {"int8", "bigint"},
      {"int4", "integer"},
      {"int", "integer"},
      {"int2", "smallint"},
      {"float8", "double precision"},
      {"float4", "real"},
      {"decimal", "numeric"},
      {"character varying", "varchar"},
      {"character", "char"},
      {"bool", "boolean"},
      {"timestamp without time zone", "timestamp"},
      {"timestamp with time zone", "timestamptz"},
      {"time without time zone", "time"},
      {"time with time zone", "timetz"},
  };
  return m;
}

}  // namespace

TypeFamily postgres_type_family(std::string_view typname) {
  static const std::map<std::string, TypeFamily, std::less<>> families = {
      {"int2", TypeFamily::Integer}, {"int4", TypeFamily::Integer},        {"int8", TypeFamily::Integer},
      {"float4", TypeFamily::Real},  {"float8", TypeFamily::Real},         {"numeric", TypeFamily::Decimal},
      {"text", TypeFamily::Text},    {"varchar", TypeFamily::Varchar},     {"bpchar", TypeFamily::Varchar},
      {"bytea", TypeFamily::Blob},   {"bool", TypeFamily::Boolean},        {"date", TypeFamily::Date},
      {"time", TypeFamily::Time},    {"timestamp", TypeFamily::Timestamp}, {"timestamptz", TypeFamily::TimestampTz},
      {"json", TypeFamily::Json},    {"jsonb", TypeFamily::Json},          {"uuid", TypeFamily::Uuid},
  };
  auto it = families.find(typname);
  return it == families.end() ? TypeFamily::Text : it->second;
}

std::string postgres_canonical_type(std::string_view type) {
  ParsedType p = parse(type);
  if (auto it = aliases().find(p.name); it != aliases().end()) p.name = it->second;
  if (p.name == "float" && p.args_ok) {
    // float(p): up to 24 binary digits is real, more is double; bare float is double.
    p.name = !p.args.empty() && p.args[0] <= 24 ? "real" : "double precision";
    p.args.clear();
  }
  if (p.name == "numeric" && p.args.size() == 1) p.args.push_back(0);  // numeric(p) is numeric(p,0)
  if (p.name == "char" && p.args.empty()) p.args.push_back(1);         // char is char(1)
  // Six fractional digits is what timestamp and time keep without a precision.
  const bool temporal = p.name == "timestamp" || p.name == "timestamptz" || p.name == "time" || p.name == "timetz";
  if (temporal && p.args.size() == 1 && p.args[0] == 6) p.args.clear();
  std::string out = p.name;
  if (!p.args_ok) return out + "(?)";
  if (!p.args.empty()) {
    out += '(';
    for (size_t i = 0; i < p.args.size(); ++i) out += (i ? "," : "") + std::to_string(p.args[i]);
    out += ')';
  }
  return out;
}

bool postgres_same_type(std::string_view planned, std::string_view actual) {
  std::string a = postgres_canonical_type(planned);
  return a == postgres_canonical_type(actual) && a.find("(?)") == std::string::npos;
}

}  // namespace litelift
