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
const char* temporal_source_name(TemporalSource s);  // "iso", "epoch", "epoch_ms", "julianday"

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
};

struct IndexPlan {
  std::string name;  // target name
  std::vector<std::string> columns;
  std::vector<bool> descending;
  bool unique = false;
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
};

struct TablePlan {
  std::string source_name;
  std::string name;  // target name
  std::vector<ColumnPlan> columns;
  std::vector<std::string> primary_key;  // target column names
  std::vector<IndexPlan> indexes;
  std::vector<ForeignKeyPlan> foreign_keys;
  int identity_column = -1;         // index into columns, -1 if none
  std::optional<int64_t> sequence;  // sqlite_sequence value for AUTOINCREMENT tables
  // How a row is named in messages and reject files: by its rowid (batch
  // keys), or for WITHOUT ROWID tables by these source columns' values.
  std::vector<size_t> key_columns;     // source column indexes; empty: rowid
  std::vector<std::string> key_names;  // their source names
};

// Something the mapper could not carry over as it is, named for the report.
struct PlanNote {
  std::string object;  // "table users", "index idx_x"
  std::string message;
};

struct MigrationPlan {
  std::vector<TablePlan> tables;  // in the source's order
  std::vector<PlanNote> notes;

  const TablePlan* find(const std::string& source_name) const;
};

}  // namespace litelift
