// Turns row batches into COPY ... (FORMAT binary) tuples for one table: per
// row an int16 field count, per field an int32 length (-1 for NULL) and the
// type's binary send format, all big-endian. The file header and trailer are
// the writer's. Built once per table: the type of each column picks one small
// field function up front, so the per-value work is the conversion alone.
#pragma once

#include <string>
#include <vector>

#include "engines/target.hpp"
#include "mapping/row_batch.hpp"
#include "mapping/target_plan.hpp"

namespace litelift {

class PostgresBinaryEncoder : public Encoder {
 public:
  explicit PostgresBinaryEncoder(const TablePlan& table);

  // Throws Error(Data) naming table, column, row and value for a value that
  // cannot arrive unchanged; `out` is then left as it was.
  void encode(const RowBatch& batch, std::string& out) const override;

  // Per-call buffers, reused from value to value.
  struct Scratch {
    std::string text;
    std::string reason;
  };
  // Appends the field's bytes (without the length word); false with
  // `scratch.reason` set when the value cannot be stored unchanged.
  using FieldFn = bool (*)(const TargetType& type, const ValueRef& value, std::string& out, Scratch& scratch);

 private:
  TablePlan table_;
  std::vector<FieldFn> fields_;  // one per table_.columns entry
};

}  // namespace litelift
