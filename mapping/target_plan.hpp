// The target plan: what the mapper decided for one target dialect. Engines
// render DDL and encoders from it; nothing downstream re-reads declared types.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mapping/schema.hpp"

namespace litelift {

// The value family a target column holds; each has one value converter
// (mapping/value_convert.hpp) and one wire encoder per engine.
enum class TypeFamily {
  Integer,  // 64-bit signed
  Real,     // IEEE double
  Decimal,  // exact decimal; precision 0 = unconstrained
  Text,     // unbounded UTF-8 text
  Varchar,  // UTF-8 text of at most `length` characters
  Blob,     // bytes
  Boolean,
  Date,         // a calendar date
  Time,         // a time of day, microseconds
  Timestamp,    // a date and time, microseconds, no zone (UTC by SQLite's convention)
  TimestampTz,  // an instant (PostgreSQL timestamptz; UTC in a MySQL DATETIME)
  Json,         // a JSON document
  Uuid,         // a 128-bit UUID, canonical text in the source
};

const char* type_family_name(TypeFamily f);

// How the source spells the values of a date/time column: ISO-8601 text,
// or numbers as a cast rule's "using" says.
enum class TemporalSource : uint8_t { Iso, UnixSeconds, UnixMillis, JulianDay };

// How a target's parsed JSON type (TargetType::json_parsed) holds numbers. A
// type that keeps the text (PostgreSQL's json, MariaDB's JSON) holds any.
enum class JsonNumbers : uint8_t {
  Numeric,  // as numeric (jsonb): below 1e131072 in magnitude, at most 16383 digits after the point
  Double,   // as IEEE doubles (MySQL 8): a number beyond a double's range is refused
};

struct TargetType {
  TypeFamily family = TypeFamily::Text;
  int length = 0;            // Varchar: maximum characters; Blob: maximum bytes (0 = unbounded)
  int precision = 0;         // Decimal: total digits, 0 = unconstrained
  int scale = 0;             // Decimal: digits after the point
  bool json_parsed = false;  // Json: the target keeps a parsed form (jsonb, MySQL 8 JSON), not the text
  std::string sql;           // the type as the dialect writes it: "numeric(10,2)", "VARCHAR(255)"
};

// The run's policies for the values of one column, fixed in the plan so
// that encoders need nothing else.
struct ValueRules {
  TemporalSource temporal = TemporalSource::Iso;
  bool replace_invalid_utf8 = false;  // --invalid-utf8 replace
  bool strip_nul = false;             // --nul strip
  bool nfc = false;                   // --normalize nfc
};

struct ColumnPlan {
  std::string name;           // target name (already within the dialect's limits)
  std::string source_name;    // the column's name in SQLite
  size_t source_index = 0;    // index into Table::columns and RowBatch columns
  std::string declared_type;  // the source's declared type, for messages
  TargetType type;
  bool not_null = false;
  std::optional<std::string> default_sql;  // rendered for the target, or none
  bool identity = false;                   // rowid alias: continues as IDENTITY / AUTO_INCREMENT
  ValueRules rules;
  std::string why;  // how the type was chosen: "declared type", "cast rule 'datetime=timestamptz'", ...
  // Computed by the target, never loaded: a translated generated column, or
  // a key litelift adds (an invisible primary key, a hash for a long unique).
  std::optional<std::string> generated_sql;  // the target's expression
  bool generated_stored = false;
  std::string collation;   // COLLATE for the column, or "" for the table's
  bool added = false;      // not in the source at all (source_index is meaningless)
  bool invisible = false;  // hidden from SELECT * (MySQL INVISIBLE)

  bool loaded() const { return !generated_sql && !added; }
};

struct IndexPlan {
  std::string name;                      // target name
  std::vector<std::string> columns;      // target column names; "" where the key is an expression
  std::vector<std::string> expressions;  // per key: the target's expression SQL, or "" for a plain column
  std::vector<int> prefix;               // per key: a prefix length in characters (MySQL), or 0
  std::vector<bool> descending;
  bool unique = false;
  bool fulltext = false;  // a full-text index over `columns` (an FTS table's content)
  std::string where;      // partial index condition in the target's SQL, or ""
};

struct ForeignKeyPlan {
  std::string name;                  // target constraint name
  std::vector<std::string> columns;  // target names
  std::string parent_table;
  std::vector<std::string> parent_columns;
  // The same key in the source's names, for the orphan check.
  std::vector<std::string> source_columns;
  std::string source_parent_table;
  std::vector<std::string> source_parent_columns;
  std::string on_update;  // "NO ACTION", "CASCADE", "SET NULL", "SET DEFAULT", "RESTRICT"
  std::string on_delete;
  bool not_valid = false;  // created without checking existing rows (--orphans keep)
};

// A CHECK constraint in the target's SQL.
struct CheckPlan {
  std::string name;  // target constraint name
  std::string expression;
  std::string source;  // the source's name for it: its CONSTRAINT name, or "CHECK (...)" as written
};

struct TablePlan {
  std::string source_name;
  std::string name;  // target name
  std::vector<ColumnPlan> columns;
  std::vector<std::string> primary_key;  // target column names
  std::vector<IndexPlan> indexes;
  std::vector<ForeignKeyPlan> foreign_keys;
  std::vector<CheckPlan> checks;
  int identity_column = -1;         // index into columns, -1 if none
  std::optional<int64_t> sequence;  // sqlite_sequence value for AUTOINCREMENT tables
  // How a row is named in messages and reject files: by its rowid (batch
  // keys), or for WITHOUT ROWID tables by these source columns' values.
  std::vector<size_t> key_columns;     // source column indexes; empty: rowid
  std::vector<std::string> key_names;  // their source names
  // Rows to refuse as orphans (--orphans reject): the batch column holding
  // the reader's flag, and what the reject names.
  struct OrphanCheck {
    size_t flag_column = 0;  // batch column (after the table's own)
    size_t column = 0;       // index into `columns`: the key's first column
    std::string reason;
  };
  std::vector<OrphanCheck> orphan_checks;
};

// Something the mapper could not carry over as it is, named for the report.
struct PlanNote {
  std::string object;  // "table users", "index idx_x"
  std::string message;
};

// Every schema object of the source and what became of it, so that a report
// accounts for all of them: created, changed (created differently, with the
// reason) or not migrated (with the reason).
struct PlannedObject {
  std::string kind;    // "table", "primary key", "unique", "index", "foreign key", "check",
                       // "generated column", "default", "view", "trigger", "virtual table"
  std::string table;   // the source table it belongs to, or ""
  std::string name;    // the source name, or a description for unnamed objects: "CHECK (qty > 0)"
  std::string status;  // "created", "changed", "not migrated"
  std::string target;  // the target's name for it, when created
  std::string reason;  // why, when changed or not migrated
};

// A view in the target's SQL, created after every table.
struct ViewPlan {
  std::string source_name;
  std::string name;                  // target name
  std::vector<std::string> columns;  // the view's column list, or empty
  std::string select;                // the target's SELECT
};

struct MigrationPlan {
  std::vector<TablePlan> tables;  // in the source's order
  std::vector<ViewPlan> views;    // in an order that creates each after what it reads
  std::vector<PlanNote> notes;
  std::vector<PlannedObject> objects;

  const TablePlan* find(const std::string& source_name) const;
};

}  // namespace litelift
