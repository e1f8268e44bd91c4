#include "engines/mysql/mysql_types.hpp"

#include <cctype>
#include <map>
#include <vector>

#include "engines/type_spelling.hpp"

namespace litelift {

namespace {

struct ParsedType {
  std::string name;        // the words before the modifier, one blank apart
  std::vector<int> args;   // the (...) modifier
  std::string attributes;  // "unsigned", "zerofill", and any words after the modifier
  bool args_ok = true;     // every argument is a number
};

// "signed" is the default and dropped; "unsigned", "zerofill" and any word
// after the modifier are attributes.
ParsedType parse(std::string_view type) {
  const TypeSpelling t = split_type_spelling(type);
  ParsedType p;
  p.args = t.args;
  p.args_ok = t.args_ok;
  auto add = [](std::string& into, const std::string& word) {
    if (!into.empty()) into += ' ';
    into += word;
  };
  for (const auto& w : t.before)
    if (w != "signed") add(w == "unsigned" || w == "zerofill" ? p.attributes : p.name, w);
  for (const auto& w : t.after)
    if (w != "signed") add(p.attributes, w);
  return p;
}

bool is_integer(const std::string& name) {
  return name == "tinyint" || name == "smallint" || name == "mediumint" || name == "int" || name == "bigint";
}

}  // namespace

TypeFamily mysql_type_family(std::string_view data_type, std::string_view column_type, bool json_check) {
  static const std::map<std::string, TypeFamily, std::less<>> families = {
      {"tinyint", TypeFamily::Integer},
      {"smallint", TypeFamily::Integer},
      {"mediumint", TypeFamily::Integer},
      {"int", TypeFamily::Integer},
      {"bigint", TypeFamily::Integer},
      {"year", TypeFamily::Integer},
      {"double", TypeFamily::Real},
      {"float", TypeFamily::Real},
      {"decimal", TypeFamily::Decimal},
      {"char", TypeFamily::Varchar},
      {"varchar", TypeFamily::Varchar},
      {"tinytext", TypeFamily::Text},
      {"text", TypeFamily::Text},
      {"mediumtext", TypeFamily::Text},
      {"longtext", TypeFamily::Text},
      {"binary", TypeFamily::Blob},
      {"varbinary", TypeFamily::Blob},
      {"tinyblob", TypeFamily::Blob},
      {"blob", TypeFamily::Blob},
      {"mediumblob", TypeFamily::Blob},
      {"longblob", TypeFamily::Blob},
      {"date", TypeFamily::Date},
      {"time", TypeFamily::Time},
      {"datetime", TypeFamily::Timestamp},
      {"timestamp", TypeFamily::TimestampTz},
      {"json", TypeFamily::Json},
      {"uuid", TypeFamily::Uuid},
  };
  std::string type(data_type);
  for (char& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto it = families.find(type);
  if (it == families.end()) return TypeFamily::Text;
  if (it->second == TypeFamily::Integer && mysql_canonical_type(column_type) == "tinyint(1)")
    return TypeFamily::Boolean;
  if (type == "longtext" && json_check) return TypeFamily::Json;
  return it->second;
}

std::string mysql_canonical_type(std::string_view type) {
  static const std::map<std::string, std::string, std::less<>> aliases = {
      {"integer", "int"},
      {"int4", "int"},
      {"int8", "bigint"},
      {"int2", "smallint"},
      {"int1", "tinyint"},
      {"middleint", "mediumint"},
      {"double precision", "double"},
      {"real", "double"},
      {"float8", "double"},
      {"float4", "float"},
      {"numeric", "decimal"},
      {"dec", "decimal"},
      {"fixed", "decimal"},
      {"character varying", "varchar"},
      {"character", "char"},
      {"bool", "tinyint"},
      {"boolean", "tinyint"},
  };
  ParsedType p = parse(type);
  const bool boolean = p.name == "bool" || p.name == "boolean";
  if (auto it = aliases.find(p.name); it != aliases.end()) p.name = it->second;
  if (boolean) p.args = {1};
  if (is_integer(p.name) && !(p.name == "tinyint" && p.args.size() == 1 && p.args[0] == 1)) p.args.clear();
  if (p.name == "decimal") {
    if (p.args.empty()) p.args = {10, 0};
    if (p.args.size() == 1) p.args.push_back(0);
  }
  if (p.name == "float" && p.args.size() == 1 && p.args_ok) {
    // FLOAT(p): up to 24 binary digits is FLOAT, more is DOUBLE.
    p.name = p.args[0] <= 24 ? "float" : "double";
    p.args.clear();
  }
  if ((p.name == "char" || p.name == "binary") && p.args.empty()) p.args = {1};
  const bool temporal = p.name == "datetime" || p.name == "time" || p.name == "timestamp";
  if (temporal && p.args.size() == 1 && p.args[0] == 0) p.args.clear();
  std::string out = p.name;
  if (!p.args_ok) {
    out += "(?)";
  } else if (!p.args.empty()) {
    out += '(';
    for (size_t i = 0; i < p.args.size(); ++i) out += (i ? "," : "") + std::to_string(p.args[i]);
    out += ')';
  }
  if (!p.attributes.empty()) out += ' ' + p.attributes;
  return out;
}

bool mysql_same_type(std::string_view planned, std::string_view actual) {
  const std::string want = mysql_canonical_type(planned), have = mysql_canonical_type(actual);
  if (want.find("(?)") != std::string::npos) return false;
  // MariaDB's JSON is an alias: its catalog says longtext (the json_valid
  // check that goes with it is not part of the type's spelling).
  if (want == "json") return have == "json" || have == "longtext";
  return want == have;
}

}  // namespace litelift
