// A target dialect as data: quoting, limits and the type names the mapper
// picks from. Engine differences live here, not in `if (mysql)` branches.
#pragma once

#include <string>
#include <string_view>

namespace litelift {

struct Dialect {
  std::string name_;  // "postgresql" or "mysql"
  const std::string& name() const { return name_; }
  char quote = '"';  // identifier quote; doubled inside a name
  size_t max_identifier_length = 63;
  bool identifier_length_in_bytes = true;  // PostgreSQL counts bytes, MySQL characters
  bool text_allows_nul = false;            // can a text value hold U+0000?

  std::string identity_clause;  // makes a rowid alias column continue: IDENTITY / AUTO_INCREMENT

  // Type names per family.
  std::string integer_type;
  std::string real_type;
  std::string text_type;
  std::string blob_type;
  std::string boolean_type;
  std::string date_type;
  std::string timestamp_type;
  std::string json_type;
  std::string decimal_unconstrained;  // NUMERIC with no (p,s)
  int decimal_max_precision = 0;
  int unconstrained_precision = 0;  // what decimal_unconstrained holds (0 = any)
  int unconstrained_scale = 0;
  std::string varchar_prefix;  // "varchar" -> varchar(n)
  std::string decimal_prefix;  // "numeric" -> numeric(p,s)
  int max_varchar_length = 0;  // longer declared lengths map to text_type

  // A text/blob column in a key or index: MySQL cannot index TEXT/BLOB
  // without a prefix, so such columns become bounded types.
  int indexed_text_length = 0;  // 0: text stays text
  std::string indexed_blob_type;
  int indexed_blob_length = 0;

  std::string quote_identifier(std::string_view name) const;
  // Empty when the name fits, else the reason it does not.
  std::string check_identifier(std::string_view name) const;
};

const Dialect& postgres_dialect();
const Dialect& mysql_dialect();

}  // namespace litelift
