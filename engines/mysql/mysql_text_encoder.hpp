// The text that `LOAD DATA ... FIELDS TERMINATED BY '\t' ESCAPED BY '\\'
// LINES TERMINATED BY '\n'` reads: one line per row, NULL as \N, text with
// \\ \t \n \r \0 escaped, blobs as uppercase hex for the writer's UNHEX().
// The row loop is the shared RowEncoder; whole rows only, so any row
// boundary is a safe place to cut the stream.
#pragma once

#include <string>
#include <string_view>

#include "engines/row_encoder.hpp"

namespace litelift {

struct MySQLWire {
  static WriteFn writer_for(const FieldSpec& field);
  static void begin_row(std::string&, size_t) {}
  static void null_field(std::string& out, size_t index) {
    if (index) out.push_back('\t');
    out.append("\\N", 2);
  }
  static size_t begin_field(std::string& out, size_t index) {
    if (index) out.push_back('\t');
    return out.size();
  }
  static bool end_field(std::string&, size_t, Outcome&) { return true; }
  static void end_row(std::string& out) { out.push_back('\n'); }

  // Appends `s` escaped for ESCAPED BY '\\'.
  static void append_escaped(std::string_view s, std::string& out);
};

class MySQLTextEncoder final : public RowEncoder<MySQLWire> {
 public:
  MySQLTextEncoder(const TablePlan& table, const Dialect& dialect);
};

}  // namespace litelift
