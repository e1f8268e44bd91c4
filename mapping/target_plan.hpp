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
  Integer,    // 64-bit signed
  Real,       // IEEE double
  Decimal,    // exact decimal; precision 0 = unconstrained
  Text,       // unbounded UTF-8 text
  Varchar,    // UTF-8 text of at most `length` characters
  Blob,       // bytes
  Boolean,
  Date,       // ISO-8601 date text in the source
  Timestamp,  // ISO-8601 date-time text in the source, no time zone
  Json,       // JSON text
};

const char* type_family_name(TypeFamily f);

struct TargetType {
  TypeFamily family = TypeFamily::Text;
  int length = 0;     // Varchar: maximum characters; Blob: maximum bytes (0 = unbounded)
  int precision = 0;  // Decimal: total digits, 0 = unconstrained
  int scale = 0;      // Decimal: digits after the point
  std::string sql;    // the type as the dialect writes it: "numeric(10,2)", "VARCHAR(255)"
};

struct ColumnPlan {
  std::string name;            // target name (already within the dialect's limits)
  size_t source_index = 0;     // index into Table::columns and RowBatch columns
  std::string declared_type;   // the source's declared type, for messages
  TargetType type;
  bool not_null = false;
  std::optional<std::string> default_sql;  // rendered for the target, or none
  bool identity = false;  // rowid alias: continues as IDENTITY / AUTO_INCREMENT
};

struct IndexPlan {
  std::string name;  // target name
  std::vector<std::string> columns;
  std::vector<bool> descending;
  bool unique = false;
};

struct ForeignKeyPlan {
  std::string name;  // target constraint name
  std::vector<std::string> columns;
  std::string parent_table;
  std::vector<std::string> parent_columns;
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
  int identity_column = -1;          // index into columns, -1 if none
  std::optional<int64_t> sequence;   // sqlite_sequence value for AUTOINCREMENT tables
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
