// A target dialect as data: quoting, limits, capabilities and the type names
// the mapper picks from. Engine differences live here, filled in by each
// engine (engines/<target>/<target>_dialect.cpp), not in `if (mysql)`
// branches: nothing outside engines/<target>/ names a target.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mapping/target_plan.hpp"

namespace litelift {

struct Dialect {
  std::string name;          // engine name for messages: "postgresql", "mysql"
  std::string display_name;  // "PostgreSQL", "MySQL"

  // Identifiers.
  char quote = '"';  // identifier quote; doubled inside a name
  size_t max_identifier_length = 63;
  bool identifier_length_in_bytes = true;     // PostgreSQL counts bytes, MySQL characters
  bool identifiers_case_insensitive = false;  // two names differing in case collide (MySQL columns)
  bool identifier_may_end_with_space = true;

  // Values.
  bool text_allows_nul = false;    // can a text value hold U+0000?
  bool real_negative_zero = true;  // does a double column keep -0.0?
  bool real_infinities = true;     // does a double column store +-infinity?
  bool json_parsed = true;         // the JSON type keeps a parsed form (duplicate keys collapse)
  // How that parsed form holds numbers: numeric (jsonb) or doubles (MySQL 8).
  JsonNumbers json_numbers = JsonNumbers::Numeric;

  // Defaults and constraints.
  std::string true_literal = "true";
  std::string false_literal = "false";
  bool string_backslash_escapes = false;  // a backslash in a string literal is an escape (MySQL)
  // A DEFAULT on an unbounded text, blob or JSON column must be an
  // expression in parentheses (MySQL 8; MariaDB accepts it too).
  bool unbounded_default_in_parentheses = false;
  std::string bytes_literal_prefix;  // a blob literal: "'\x" ... "'" (PostgreSQL) or "X'" ... "'" (MySQL)
  std::string utc_now_default;       // a DEFAULT for "now, in UTC" on a timestamp column; empty: none
  std::string utc_now_note;          // said in the report when utc_now_default is not exactly UTC
  // Foreign keys already on a table are checked while rows load into it
  // (PostgreSQL), so parents must load before children; MySQL sessions do not check.
  bool load_checks_foreign_keys = true;
  // CHECK constraints go into CREATE TABLE and the loading sessions do not
  // check them (MariaDB: adding one later copies the whole table); the rows
  // are checked with a query after the load instead. Else they are added
  // after the load with ALTER TABLE, which checks every row.
  bool checks_in_create_table = false;
  // CHECK constraints and generated columns may not read a column that a
  // foreign key's ON UPDATE / ON DELETE action writes (MySQL, MariaDB).
  bool checks_avoid_fk_action_columns = false;
  bool fk_set_default = true;  // supports ON DELETE/UPDATE SET DEFAULT
  // Appended to ADD CONSTRAINT ... FOREIGN KEY to skip checking existing rows
  // (" NOT VALID"); "" where the session already does not check (MySQL).
  std::string fk_not_valid_clause;
  bool virtual_generated_columns = true;  // GENERATED ... VIRTUAL (PostgreSQL 15 has STORED only)

  std::string identity_clause;  // makes a rowid alias column continue: IDENTITY / AUTO_INCREMENT
  // A statement that makes an identity hand out {next} next, for scripts;
  // {table} and {column} are quoted names, {table_text} the table's quoted name as a string literal.
  std::string identity_restart;

  // Type names per family.
  std::string integer_type;
  std::string real_type;
  std::string text_type;
  std::string blob_type;
  std::string boolean_type;
  std::string date_type;
  std::string time_type;
  std::string timestamp_type;
  std::string timestamptz_type;
  std::string timestamptz_note;            // said in the report when the type keeps no zone
  std::string timestamptz_literal_suffix;  // after a UTC date-time literal of that type: "+00", or none
  std::string json_type;                   // the default JSON type (parsed when json_parsed)
  std::string json_text_type;              // a JSON type that keeps the text as written; empty: none
  std::string uuid_type;                   // empty: UUIDs are stored as varchar(36)
  std::string decimal_unconstrained;       // NUMERIC with no (p,s)
  int decimal_max_precision = 0;
  int unconstrained_precision = 0;  // what decimal_unconstrained holds (0 = any)
  int unconstrained_scale = 0;
  std::string varchar_prefix;  // "varchar" -> varchar(n)
  std::string decimal_prefix;  // "numeric" -> numeric(p,s)
  int max_varchar_length = 0;  // longer declared lengths map to text_type

  // Limits that shape tables and indexes (0: none that matters).
  int max_row_bytes = 0;                // InnoDB: 65535 bytes of column data per row, TEXT/BLOB counting a few
  int max_index_key_bytes = 0;          // InnoDB: 3072 bytes per index key
  int max_bytes_per_char = 4;           // utf8mb4 / UTF-8
  std::string invisible_column_clause;  // "INVISIBLE", or "" when the target has no invisible columns
  // A unique key too long for the index limit is enforced through a stored
  // hash of its columns: the hash's type, and the expression with {parts}
  // standing for the key's parts, each made from hash_part ({} is the
  // quoted column) and joined by hash_separator. "" where not needed.
  // An index key that compares as SQLite's COLLATE NOCASE ("lower({})"), or
  // "" where the column's collation decides (MySQL's _ci collations).
  std::string nocase_key;
  // A column declared COLLATE NOCASE gets this collation ("" where none fits).
  std::string nocase_column_collation;
  std::string hash_type;
  std::string hash_expression;
  std::string hash_part;
  std::string hash_separator;
  // Full-text indexes, for the content of FTS tables: "CREATE FULLTEXT INDEX"
  // or "CREATE INDEX" with " USING gin" and one key per column made from the
  // template ("to_tsvector('simple', {})"; "{}" stands for the quoted column).
  std::string fulltext_create = "CREATE INDEX";
  std::string fulltext_using;
  std::string fulltext_key = "{}";

  // A text/blob column in a key or index: MySQL cannot index TEXT/BLOB
  // without a prefix, so such columns become bounded types.
  int indexed_text_length = 0;      // 0: text stays text
  int max_indexed_text_length = 0;  // the longest a key's text column may be widened to
  std::string indexed_blob_type;
  int indexed_blob_length = 0;

  // The SQL flavour that SQLite expressions are translated into (CHECK,
  // generated columns, index keys and WHERE, DEFAULT expressions, views;
  // mapping/sql_expression.hpp). Templates write $1..$9 for the operands
  // and $* for all arguments, comma-separated.
  //
  // Kind letters: a any value, n number, i integer, r real, t text, b blob,
  // d date, h time, s timestamp, z timestamptz (an instant); in arguments
  // also o, anything min() and max() can order (number, text, date, time),
  // p, a positive integer literal, and c, a one-character string literal.
  struct SqlFunction {
    SqlFunction(std::string signature_, std::string target_, char result_, bool immutable_ = true,
                std::string note_ = {})
        : signature(std::move(signature_)),
          target(std::move(target_)),
          result(result_),
          immutable(immutable_),
          note(std::move(note_)) {}
    std::string signature;  // the SQLite call it replaces: "substr(t,p,p)", "datetime('now')", "coalesce(a,a,...)"
    std::string target;     // "SUBSTRING($1, $2, $3)"
    char result = 'a';      // kind letter of the value; '1': that of argument 1; '*': common kind of the arguments
    bool immutable = true;  // same arguments, same value: allowed in CHECK, generated columns and indexes
    std::string note;       // a difference from SQLite that remains, said in the report
  };
  struct SqlFlavour {
    std::vector<SqlFunction> functions;  // the first whose signature matches is used
    // SQLite functions known to have no faithful equivalent, and why.
    std::vector<std::pair<std::string, std::string>> refused_functions;
    // SQLite collation -> the target's COLLATE operand; a collation not listed is reported.
    std::vector<std::pair<std::string, std::string>> collations;
    std::string concat_function;      // "CONCAT": a || b || c -> CONCAT(a, b, c); empty: the || operator
    bool concat_needs_text = false;   // || operands that are not text are cast to text_cast
    std::string text_cast;            // CAST(x AS ...) to text
    std::string integer_cast;         // ... to a 64-bit integer
    std::string real_cast;            // ... to a double
    std::string truncate;             // toward zero, keeping the type: "trunc($1)"
    std::string like_operator;        // for SQLite's LIKE (ASCII case-insensitive): "ILIKE"
    std::string like_note;            // how the target's LIKE still differs, said in the report
    std::string text_equality_note;   // how = on text differs from SQLite's exact comparison; empty: it does not
    std::string text_order_note;      // how < and ORDER BY on text differ from SQLite's code point order
    std::string regex_match;          // GLOB as an anchored regular expression: "$1 ~ $2"; empty: GLOB is reported
    std::string is_same;              // SQLite's IS: "$1 IS NOT DISTINCT FROM $2", "$1 <=> $2"
    std::string is_not_same;          // IS NOT
    std::string integer_division;     // integer / integer truncating toward zero: "$1 / $2", "$1 DIV $2"
    std::string bitwise_result;       // wraps & | ~ to read the result as signed 64-bit; empty: none needed
    bool strict_boolean = false;      // conditions must be boolean and booleans are not numbers
    std::string boolean_to_integer;   // when strict_boolean: "CAST($1 AS integer)"
    bool nulls_order_clause = false;  // ORDER BY ... NULLS FIRST|LAST exists; else NULLs sort first ascending
    bool default_expression_parentheses = false;  // DEFAULT (expression)
    bool partial_indexes = false;
    bool expression_indexes = false;
    bool generated_may_use_generated = false;  // a generated column may read another one
    bool identity_in_expressions = true;       // a CHECK or generated column may read the identity column
    std::string expression_index_refusal;      // why expression_indexes is false
  };
  SqlFlavour sql;

  std::string quote_identifier(std::string_view name) const;
  // Empty when the name fits, else the reason it does not.
  std::string check_identifier(std::string_view name) const;
  // Length as the target counts it (bytes or characters).
  size_t identifier_length(std::string_view name) const;
};

}  // namespace litelift
