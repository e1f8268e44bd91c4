// A column type as a catalog or litelift's DDL spells it ("numeric(10, 2)",
// "bigint(20) unsigned", "timestamp(6) without time zone"), split into
// lower-case words and its one parenthesised list of integer arguments, so
// that each engine can compare spellings by its own rules.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace litelift {

struct TypeSpelling {
  std::vector<std::string> before;  // words before the (...) modifier, or all of them
  std::vector<int> args;            // the modifier's arguments
  std::vector<std::string> after;   // words after the modifier
  bool args_ok = true;              // every argument is a number and the list is closed
};

TypeSpelling split_type_spelling(std::string_view type);

}  // namespace litelift
