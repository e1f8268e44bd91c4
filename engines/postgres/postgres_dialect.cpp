#include "engines/postgres/postgres_dialect.hpp"

namespace litelift {

namespace {

Dialect::SqlFlavour postgres_sql_flavour() {
  Dialect::SqlFlavour f;
  const std::string fold_note =
      "SQLite's lower() and upper() change ASCII letters only; PostgreSQL's change every letter";
  // SQLite's CURRENT_TIMESTAMP and datetime('now') are UTC wall-clock time.
  const std::string utc_now = "(CURRENT_TIMESTAMP AT TIME ZONE 'UTC')";
  const std::string epoch = "CAST(floor(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP)) AS bigint)";  // %s truncates
  f.functions = {
      {"abs(n)", "abs($1)", '1'},
      {"coalesce(a,a,...)", "COALESCE($*)", '*'},
      {"ifnull(a,a)", "COALESCE($1, $2)", '*'},
      {"nullif(a,a)", "NULLIF($1, $2)", '*'},
      {"length(t)", "length($1)", 'i'},
      {"length(b)", "length($1)", 'i'},
      {"lower(t)", "lower($1)", 't', true, fold_note},
      {"upper(t)", "upper($1)", 't', true, fold_note},
      {"trim(t)", "trim($1)", 't'},
      {"trim(t,t)", "btrim($1, $2)", 't'},
      {"ltrim(t)", "ltrim($1)", 't'},
      {"ltrim(t,t)", "ltrim($1, $2)", 't'},
      {"rtrim(t)", "rtrim($1)", 't'},
      {"rtrim(t,t)", "rtrim($1, $2)", 't'},
      {"replace(t,t,t)", "replace($1, $2, $3)", 't'},
      // SQLite counts a negative start from the end; PostgreSQL does not.
      {"substr(t,p)", "substr($1, $2)", 't'},
      {"substr(t,p,p)", "substr($1, $2, $3)", 't'},
      {"substring(t,p)", "substr($1, $2)", 't'},
      {"substring(t,p,p)", "substr($1, $2, $3)", 't'},
      {"instr(t,t)", "strpos($1, $2)", 'i'},
      {"hex(b)", "upper(encode($1, 'hex'))", 't'},
      {"likely(a)", "$1", '1'},
      {"unlikely(a)", "$1", '1'},
      {"datetime()", utc_now, 's', false},
      {"datetime('now')", utc_now, 's', false},
      {"datetime('now')", "CURRENT_TIMESTAMP", 'z', false},
      {"date()", "CAST(" + utc_now + " AS date)", 'd', false},
      {"date('now')", "CAST(" + utc_now + " AS date)", 'd', false},
      {"time()", "CAST(" + utc_now + " AS time)", 'h', false},
      {"time('now')", "CAST(" + utc_now + " AS time)", 'h', false},
      {"strftime('%s','now')", epoch, 'i', false},
      {"unixepoch()", epoch, 'i', false},
      {"unixepoch('now')", epoch, 'i', false},
      {"count(*)", "count(*)", 'i'},
      {"count(a)", "count($1)", 'i'},
      {"sum(n)", "sum($1)", '1'},
      {"total(n)", "COALESCE(sum(CAST($1 AS double precision)), 0)", 'r'},
      {"avg(n)", "avg(CAST($1 AS double precision))", 'r'},
      {"min(o)", "min($1)", '1'},
      {"max(o)", "max($1)", '1'},
      {"group_concat(t)", "string_agg($1, ',')", 't'},
      {"group_concat(t,t)", "string_agg($1, $2)", 't'},
  };
  f.refused_functions = {
      {"max", "PostgreSQL's GREATEST() ignores NULL arguments, SQLite's max() returns NULL"},
      {"min", "PostgreSQL's LEAST() ignores NULL arguments, SQLite's min() returns NULL"},
      {"round", "SQLite rounds halves away from zero and returns a real; PostgreSQL rounds a double's halves to even"},
      {"typeof", "SQLite's storage classes do not exist on the target; the column type decides"},
      {"json_valid", "a json or jsonb column checks its values itself"},
  };
  f.collations = {{"BINARY", "\"C\""}};  // code point order, as SQLite's memcmp of UTF-8
  f.concat_needs_text = true;
  f.text_cast = "text";
  f.integer_cast = "bigint";
  f.real_cast = "double precision";
  f.truncate = "trunc($1)";
  f.like_operator = "ILIKE";
  // Deterministic collations compare equal only what is byte for byte equal, but order by language rules.
  f.text_order_note = "PostgreSQL orders text by the column's collation; SQLite by code point";
  f.regex_match = "$1 ~ $2";
  f.is_same = "$1 IS NOT DISTINCT FROM $2";
  f.is_not_same = "$1 IS DISTINCT FROM $2";
  f.integer_division = "$1 / $2";
  f.strict_boolean = true;
  f.boolean_to_integer = "CAST($1 AS integer)";
  f.nulls_order_clause = true;
  f.default_expression_parentheses = false;
  f.partial_indexes = true;
  f.expression_indexes = true;
  f.generated_may_use_generated = false;
  f.identity_in_expressions = true;
  return f;
}

}  // namespace

const Dialect& postgres_dialect() {
  static const Dialect d = [] {
    Dialect x;
    x.name = "postgresql";
    x.display_name = "PostgreSQL";
    x.quote = '"';
    x.max_identifier_length = 63;  // NAMEDATALEN - 1; longer names are truncated silently by the server
    x.identifier_length_in_bytes = true;
    x.identifiers_case_insensitive = false;
    x.identifier_may_end_with_space = true;
    x.text_allows_nul = false;
    x.real_negative_zero = true;
    x.real_infinities = true;
    x.json_parsed = true;
    x.json_numbers = JsonNumbers::Numeric;  // jsonb holds numbers as numeric
    x.true_literal = "true";
    x.false_literal = "false";
    x.string_backslash_escapes = false;  // standard_conforming_strings is on since 9.1
    x.unbounded_default_in_parentheses = false;
    x.bytes_literal_prefix = "'\\x";
    x.utc_now_default = "(CURRENT_TIMESTAMP AT TIME ZONE 'UTC')";  // SQLite's CURRENT_TIMESTAMP is UTC
    x.fk_set_default = true;
    x.fk_not_valid_clause = " NOT VALID";
    x.virtual_generated_columns = false;
    x.identity_clause = "GENERATED BY DEFAULT AS IDENTITY";
    x.identity_restart = "SELECT setval(pg_get_serial_sequence({table_text}, {column_text}), {next}, false)";
    x.integer_type = "bigint";
    x.real_type = "double precision";
    x.text_type = "text";
    x.blob_type = "bytea";
    x.boolean_type = "boolean";
    x.date_type = "date";
    x.time_type = "time";
    x.timestamp_type = "timestamp";
    x.timestamptz_type = "timestamptz";
    x.timestamptz_literal_suffix = "+00";
    x.json_type = "jsonb";
    x.json_text_type = "json";
    x.uuid_type = "uuid";
    x.decimal_unconstrained = "numeric";
    x.decimal_max_precision = 1000;
    x.varchar_prefix = "varchar";
    x.decimal_prefix = "numeric";
    x.max_varchar_length = 10485760;
    x.indexed_text_length = 0;
    x.nocase_key = "lower({})";
    x.fulltext_create = "CREATE INDEX";
    x.fulltext_using = " USING gin";
    // 'simple': lower-cased words, no stemming, as close as PostgreSQL gets to FTS5's unicode61.
    x.fulltext_key = "to_tsvector('simple', {})";
    x.sql = postgres_sql_flavour();
    return x;
  }();
  return d;
}

}  // namespace litelift
