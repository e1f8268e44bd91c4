// The text that `LOAD DATA ... FIELDS TERMINATED BY '\t' ESCAPED BY '\\'
// LINES TERMINATED BY '\n'` reads: one line per row, NULL as \N, text with
// \\ \t \n \r \0 escaped, blobs as uppercase hex for the writer's UNHEX().
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engines/target.hpp"

namespace litelift {

class MySQLTextEncoder final : public Encoder {
 public:
  // Copies the plan; one field writer per column is chosen here, once.
  explicit MySQLTextEncoder(const TablePlan& table);

  // Appends whole rows only, so any row boundary is a safe place to cut the
  // stream. Throws Error(Data) naming table, column, row and value.
  void encode(const RowBatch& batch, std::string& out) const override;

  // Appends `s` escaped for ESCAPED BY '\\'.
  static void append_escaped(std::string_view s, std::string& out);

 private:
  struct Scratch;
  struct Field;
  // Returns false with `reason` set when the value cannot be stored unchanged.
  using WriteFn = bool (*)(const Field&, const ValueRef&, Scratch&, std::string& out, std::string& reason);
  struct Field {
    size_t column = 0;  // index into table_.columns
    size_t source = 0;  // index into the batch's columns
    bool not_null = false;
    int length = 0;  // Varchar characters, Blob bytes; 0 = unbounded
    int precision = 0;
    int scale = 0;
    WriteFn write = nullptr;
  };

  TablePlan table_;
  std::vector<Field> fields_;
};

}  // namespace litelift
