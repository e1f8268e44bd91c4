#include "engines/mysql/mysql_dialect.hpp"

namespace litelift {

namespace {

Dialect make_mysql() {
  Dialect x;
  x.name = "mysql";
  x.display_name = "MySQL";
  x.quote = '`';
  x.max_identifier_length = 64;
  x.identifier_length_in_bytes = false;
  x.identifiers_case_insensitive = true;  // column and index names compare case-insensitively
  x.identifier_may_end_with_space = false;
  x.text_allows_nul = true;
  x.real_negative_zero = false;  // -0 reads back as 0
  x.real_infinities = false;     // DOUBLE has no infinity
  x.json_parsed = false;         // MariaDB's JSON is LONGTEXT with a json_valid() check: the text is kept
  x.true_literal = "1";
  x.false_literal = "0";
  x.string_backslash_escapes = true;
  x.unbounded_default_in_parentheses = true;
  x.bytes_literal_prefix = "X'";
  x.utc_now_default = "CURRENT_TIMESTAMP(6)";
  x.utc_now_note = "default CURRENT_TIMESTAMP is filled in the MySQL session time zone (SQLite uses UTC)";
  x.load_checks_foreign_keys = false;  // foreign_key_checks = 0 in every session
  x.fk_set_default = false;  // InnoDB rejects SET DEFAULT actions
  x.fk_not_valid_clause = "";  // the sessions run with foreign_key_checks = 0
  x.virtual_generated_columns = true;
  x.identity_clause = "AUTO_INCREMENT";
  x.identity_restart = "ALTER TABLE {table} AUTO_INCREMENT = {next}";
  x.integer_type = "BIGINT";
  x.real_type = "DOUBLE";
  x.text_type = "LONGTEXT";
  x.blob_type = "LONGBLOB";
  x.boolean_type = "TINYINT(1)";
  x.date_type = "DATE";
  x.time_type = "TIME(6)";
  x.timestamp_type = "DATETIME(6)";  // DATETIME without (6) would drop fractional seconds
  // TIMESTAMP only holds 1970..2038 and converts through the session zone.
  x.timestamptz_type = "DATETIME(6)";
  x.timestamptz_note = "MySQL has no type that keeps a time zone: instants are stored in UTC in DATETIME(6)";
  x.json_type = "JSON";
  x.json_text_type = "JSON";
  x.uuid_type = "";  // MySQL 8 has no UUID type: varchar(36)
  x.decimal_unconstrained = "DECIMAL(65,30)";
  x.unconstrained_precision = 65;
  x.unconstrained_scale = 30;
  x.decimal_max_precision = 65;
  x.varchar_prefix = "VARCHAR";
  x.decimal_prefix = "DECIMAL";
  // 4000 utf8mb4 characters is 16000 bytes: a few fit in InnoDB's 65535-byte row.
  x.max_varchar_length = 4000;
  x.indexed_text_length = 255;      // 1020 bytes: within InnoDB's 3072-byte key limit
  x.max_indexed_text_length = 768;  // 3072 bytes of utf8mb4
  x.max_row_bytes = 65535;
  x.max_index_key_bytes = 3072;
  x.max_bytes_per_char = 4;
  x.partial_indexes = false;
  x.expression_indexes = false;  // MariaDB has none; MySQL 8 only from 8.0.13
  x.invisible_column_clause = "INVISIBLE";
  // Length-prefixed parts cannot run into each other; a NULL part makes the
  // hash NULL, which a unique index never compares (as SQL's UNIQUE).
  x.hash_type = "BINARY(32)";
  x.hash_expression = "UNHEX(SHA2(CONCAT({parts}), 256))";
  x.hash_part = "LENGTH({}), ':', {}";
  x.hash_separator = ", ',', ";
  x.fulltext_create = "CREATE FULLTEXT INDEX";
  x.fulltext_using = "";
  x.fulltext_key = "{}";
  x.indexed_blob_type = "VARBINARY(255)";
  x.indexed_blob_length = 255;
  return x;
}

}  // namespace

const Dialect& mysql_dialect() {
  static const Dialect d = make_mysql();
  return d;
}

const Dialect& mysql8_dialect() {
  static const Dialect d = [] {
    Dialect x = make_mysql();
    // MySQL 8 stores JSON in a binary form: duplicate keys keep the last, keys are reordered.
    x.json_parsed = true;
    return x;
  }();
  return d;
}

const Dialect& mysql_dialect_for(std::string_view server_version) {
  if (server_version.empty() || server_version.find("MariaDB") != std::string_view::npos) return mysql_dialect();
  return mysql8_dialect();
}

}  // namespace litelift
