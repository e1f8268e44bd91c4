#include "engines/mysql/mysql_dialect.hpp"

namespace litelift {

namespace {

Dialect::SqlFlavour mysql_sql_flavour() {
  Dialect::SqlFlavour f;
  const std::string fold_note = "SQLite's lower() and upper() change ASCII letters only; MySQL's change every letter";
  f.functions = {
      {"abs(n)", "ABS($1)", '1'},
      {"coalesce(a,a,...)", "COALESCE($*)", '*'},
      {"ifnull(a,a)", "COALESCE($1, $2)", '*'},
      {"nullif(a,a)", "NULLIF($1, $2)", '*'},
      {"length(t)", "CHAR_LENGTH($1)", 'i'},
      {"length(b)", "LENGTH($1)", 'i'},
      {"lower(t)", "LOWER($1)", 't', true, fold_note},
      {"upper(t)", "UPPER($1)", 't', true, fold_note},
      {"trim(t)", "TRIM($1)", 't'},
      // TRIM(BOTH x FROM y) removes the string x, SQLite's trim() any of x's characters: one character only.
      {"trim(t,c)", "TRIM(BOTH $2 FROM $1)", 't'},
      {"ltrim(t)", "LTRIM($1)", 't'},
      {"ltrim(t,c)", "TRIM(LEADING $2 FROM $1)", 't'},
      {"rtrim(t)", "RTRIM($1)", 't'},
      {"rtrim(t,c)", "TRIM(TRAILING $2 FROM $1)", 't'},
      {"replace(t,t,t)", "REPLACE($1, $2, $3)", 't'},
      {"substr(t,p)", "SUBSTRING($1, $2)", 't'},
      {"substr(t,p,p)", "SUBSTRING($1, $2, $3)", 't'},
      {"substring(t,p)", "SUBSTRING($1, $2)", 't'},
      {"substring(t,p,p)", "SUBSTRING($1, $2, $3)", 't'},
      {"hex(b)", "HEX($1)", 't'},
      {"likely(a)", "$1", '1'},
      {"unlikely(a)", "$1", '1'},
      // GREATEST and LEAST return NULL when an argument is NULL, as SQLite's max() and min() do.
      {"max(o,o,...)", "GREATEST($*)", '*'},
      {"min(o,o,...)", "LEAST($*)", '*'},
      {"datetime()", "UTC_TIMESTAMP()", 's', false},
      {"datetime('now')", "UTC_TIMESTAMP()", 's', false},
      {"date()", "UTC_DATE()", 'd', false},
      {"date('now')", "UTC_DATE()", 'd', false},
      {"time()", "UTC_TIME()", 'h', false},
      {"time('now')", "UTC_TIME()", 'h', false},
      {"strftime('%s','now')", "UNIX_TIMESTAMP()", 'i', false},
      {"unixepoch()", "UNIX_TIMESTAMP()", 'i', false},
      {"unixepoch('now')", "UNIX_TIMESTAMP()", 'i', false},
      {"count(*)", "COUNT(*)", 'i'},
      {"count(a)", "COUNT($1)", 'i'},
      {"sum(n)", "SUM($1)", '1'},
      {"total(n)", "COALESCE(SUM(CAST($1 AS DOUBLE)), 0)", 'r'},
      // AVG() of integers is a DECIMAL rounded to 4 places; SQLite averages in double.
      {"avg(n)", "AVG(CAST($1 AS DOUBLE))", 'r'},
      {"min(o)", "MIN($1)", '1'},
      {"max(o)", "MAX($1)", '1'},
  };
  f.refused_functions = {
      {"group_concat", "MySQL's GROUP_CONCAT() cuts its result at group_concat_max_len (1024 bytes by default)"},
      {"json_valid", "a JSON column checks its values itself"},
      {"instr", "MySQL's INSTR() follows the column collation; SQLite's instr() compares exactly"},
      {"round", "SQLite rounds halves away from zero and returns a real; MySQL rounds a double's halves to even"},
      {"typeof", "SQLite's storage classes do not exist on the target; the column type decides"},
  };
  f.collations = {{"BINARY", "utf8mb4_nopad_bin"}};  // code point order without PAD SPACE (MariaDB)
  f.concat_function = "CONCAT";
  f.text_cast = "CHAR";
  f.integer_cast = "SIGNED";
  f.real_cast = "DOUBLE";
  f.truncate = "TRUNCATE($1, 0)";
  f.like_operator = "LIKE";
  f.like_note =
      "MySQL's LIKE follows the column collation (utf8mb4_unicode_ci also ignores accents); SQLite's LIKE ignores "
      "the case of ASCII letters only";
  f.text_equality_note =
      "MySQL compares and sorts text by the column collation (utf8mb4_unicode_ci ignores case and accents); SQLite "
      "compares code points";
  f.text_order_note = f.text_equality_note;
  f.is_same = "$1 <=> $2";
  f.is_not_same = "NOT ($1 <=> $2)";
  f.integer_division = "$1 DIV $2";
  f.bitwise_result = "CAST($1 AS SIGNED)";  // & | ~ give BIGINT UNSIGNED
  f.strict_boolean = false;                 // booleans are TINYINT(1)
  f.nulls_order_clause = false;
  f.default_expression_parentheses = true;
  f.partial_indexes = false;
  f.expression_indexes = false;
  f.expression_index_refusal = "MySQL and MariaDB indexes on expressions are not translated (MariaDB has none)";
  f.generated_may_use_generated = true;
  f.identity_in_expressions = false;  // MariaDB: error 1901; MySQL 8 refuses it too
  return f;
}

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
  // SQLite's CURRENT_TIMESTAMP is UTC; MySQL's follows the session's time zone.
  x.utc_now_default = "(UTC_TIMESTAMP(6))";
  x.utc_now_note = "";
  x.load_checks_foreign_keys = false;  // foreign_key_checks = 0 in every session
  x.checks_in_create_table = true;     // loads run with check_constraint_checks = 0
  x.checks_avoid_fk_action_columns = true;
  // Case-insensitive whatever --mysql-collation says (it also ignores accents, which NOCASE does not).
  x.nocase_column_collation = "utf8mb4_unicode_ci";
  x.fk_set_default = false;    // InnoDB rejects SET DEFAULT actions
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
  x.sql = mysql_sql_flavour();
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
    x.json_numbers = JsonNumbers::Double;  // and its numbers as doubles: 1e400 is refused
    // MySQL 8 has no check_constraint_checks: checks are added after the load.
    x.checks_in_create_table = false;
    x.sql.collations = {{"BINARY", "utf8mb4_0900_bin"}};  // MySQL 8's NO PAD binary collation
    return x;
  }();
  return d;
}

const Dialect& mysql_dialect_for(std::string_view server_version) {
  if (server_version.empty() || server_version.find("MariaDB") != std::string_view::npos) return mysql_dialect();
  return mysql8_dialect();
}

}  // namespace litelift
