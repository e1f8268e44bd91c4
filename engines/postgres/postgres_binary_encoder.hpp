// Turns row batches into COPY ... (FORMAT binary) tuples for one table: per
// row an int16 field count, per field an int32 length (-1 for NULL) and the
// type's binary send format, all big-endian. The file header and trailer are
// the writer's. The row loop is the shared RowEncoder; this file supplies the
// binary framing and one field writer per type.
#pragma once

#include <string>

#include "engines/row_encoder.hpp"

namespace litelift {

struct PostgresWire {
  static WriteFn writer_for(const FieldSpec& field);
  static void begin_row(std::string& out, size_t columns);
  static void null_field(std::string& out, size_t index);
  static size_t begin_field(std::string& out, size_t index);
  static bool end_field(std::string& out, size_t mark, Outcome& o);
  static void end_row(std::string&) {}
};

class PostgresBinaryEncoder : public RowEncoder<PostgresWire> {
 public:
  PostgresBinaryEncoder(const TablePlan& table, const Dialect& dialect);
};

}  // namespace litelift
