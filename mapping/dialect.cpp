#include "mapping/dialect.hpp"

#include "mapping/value_convert.hpp"

namespace litelift {

std::string Dialect::quote_identifier(std::string_view name) const {
  std::string out;
  out.reserve(name.size() + 2);
  out += quote;
  for (char c : name) {
    if (c == quote) out += quote;
    out += c;
  }
  out += quote;
  return out;
}

std::string Dialect::check_identifier(std::string_view name) const {
  if (name.empty()) return "is empty";
  size_t chars = 0;
  if (!valid_utf8(name, chars)) return "is not valid UTF-8";
  size_t length = identifier_length_in_bytes ? name.size() : chars;
  if (length > max_identifier_length)
    return "is " + std::to_string(length) + (identifier_length_in_bytes ? " bytes" : " characters") + " long; " +
           name_ + " allows " + std::to_string(max_identifier_length);
  if (name_ == "mysql" && name.back() == ' ') return "ends with a space, which MySQL does not allow";
  return {};
}

const Dialect& postgres_dialect() {
  static const Dialect d = [] {
    Dialect x;
    x.name_ = "postgresql";
    x.quote = '"';
    x.max_identifier_length = 63;  // NAMEDATALEN - 1; longer names are truncated silently by the server
    x.identifier_length_in_bytes = true;
    x.text_allows_nul = false;
    x.integer_type = "bigint";
    x.real_type = "double precision";
    x.text_type = "text";
    x.blob_type = "bytea";
    x.boolean_type = "boolean";
    x.date_type = "date";
    x.timestamp_type = "timestamp";
    x.json_type = "jsonb";
    x.decimal_unconstrained = "numeric";
    x.decimal_max_precision = 1000;
    x.varchar_prefix = "varchar";
    x.decimal_prefix = "numeric";
    x.max_varchar_length = 10485760;
    x.indexed_text_length = 0;
    return x;
  }();
  return d;
}

const Dialect& mysql_dialect() {
  static const Dialect d = [] {
    Dialect x;
    x.name_ = "mysql";
    x.quote = '`';
    x.max_identifier_length = 64;
    x.identifier_length_in_bytes = false;
    x.text_allows_nul = true;
    x.integer_type = "BIGINT";
    x.real_type = "DOUBLE";
    x.text_type = "LONGTEXT";
    x.blob_type = "LONGBLOB";
    x.boolean_type = "TINYINT(1)";
    x.date_type = "DATE";
    x.timestamp_type = "DATETIME(6)";  // DATETIME without (6) would drop fractional seconds
    x.json_type = "JSON";
    x.decimal_unconstrained = "DECIMAL(65,30)";
    x.unconstrained_precision = 65;
    x.unconstrained_scale = 30;
    x.decimal_max_precision = 65;
    x.varchar_prefix = "VARCHAR";
    x.decimal_prefix = "DECIMAL";
    // 4000 utf8mb4 characters is 16000 bytes: a few fit in InnoDB's 65535-byte row.
    x.max_varchar_length = 4000;
    x.indexed_text_length = 255;  // 1020 bytes: within InnoDB's 3072-byte key limit
    x.indexed_blob_type = "VARBINARY(255)";
    x.indexed_blob_length = 255;
    return x;
  }();
  return d;
}

}  // namespace litelift
