// Target names for tables, columns, indexes and constraints: the source's
// names as they are whenever the target can hold them, otherwise changed
// deterministically, without collisions, and always with a reason the
// report can show. Pure.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "mapping/dialect.hpp"

namespace litelift {

enum class IdentifierCase {
  Preserve,  // names as they are (the default)
  Lower,     // lower case (Unicode-aware): "UserName" -> "username"
  Snake,     // snake_case: "UserName" -> "user_name", "HTTPServer" -> "http_server",
             // "First Name" -> "first_name", "order-id" -> "order_id"
};

// `name` in the requested case (ICU, root locale). Snake splits words at
// characters that are not letters, digits, marks or numbers, before a capital
// that follows a small letter or a digit ("address2Line" -> "address2_line"),
// and before the last capital of a run followed by a small letter; never
// between a letter and a digit that follows it ("utf8mb4" stays whole).
// Returns `name` unchanged when it is not valid UTF-8 or the result would be
// empty (a name made only of punctuation under Snake).
std::string apply_identifier_case(std::string_view name, IdentifierCase c);

// `name` cut to fit the dialect's limit (bytes or characters), on a
// character boundary, with "_" and 8 hex digits of a hash of the whole name
// (FNV-1a, 32 bits) appended, so two long names that share their first 63
// bytes still differ. Returns `name` unchanged when it fits.
std::string shorten_identifier(std::string_view name, const Dialect& dialect);

// The names taken in one namespace of the target (the tables of a database;
// the columns of one table; index and constraint names). Collisions are
// decided as the target decides them (case-insensitively where
// Dialect::identifiers_case_insensitive).
class NameSpace {
 public:
  explicit NameSpace(const Dialect& dialect) : dialect_(&dialect) {}

  // The target name for `wanted`: `wanted` itself when it fits and is free;
  // else made to fit (invalid UTF-8 replaced by U+FFFD, trailing spaces
  // removed where the dialect forbids them, "_" for an empty name, shortened)
  // and made free with "_2", "_3", ... (when the name with its suffix is too
  // long, the suffix follows the hash: "long_prefix_1a2b3c4d_2"). The hash is
  // of `wanted` as given. Claims the result. `why` is empty when the name is
  // unchanged, else the reasons in that order, joined with "; ", e.g.
  //   "is not valid UTF-8"
  //   "ends with a space, which MySQL does not allow"
  //   "is empty"
  //   "is 70 bytes long; postgresql allows 63"
  //   "collides with \"Users\""  (the holder's spelling)
  std::string claim(const std::string& wanted, std::string& why);
  // Marks `name` as taken (a name the plan keeps as it is).
  void reserve(const std::string& name);
  bool taken(const std::string& name) const;

 private:
  std::string key(const std::string& name) const;  // the collision key (folded when case-insensitive)

  const Dialect* dialect_;
  std::map<std::string, std::string> holders_;  // collision key -> the name as it was taken
};

}  // namespace litelift
