// The encoder shape every engine shares: one field writer per column, chosen
// once from the plan, and one row loop that handles NULLs, NOT NULL, refused
// values and conversion notes the same way for every wire format. A refused
// value leaves no bytes of its row behind. An engine supplies a Wire class:
//
//   struct Wire {
//     static WriteFn writer_for(const FieldSpec&);        // picks the field writer
//     static void begin_row(std::string& out, size_t columns);
//     static void null_field(std::string& out, size_t index);
//     static size_t begin_field(std::string& out, size_t index);  // returns a mark
//     static bool end_field(std::string& out, size_t mark, Outcome& o);
//     static void end_row(std::string& out);
//   };
#pragma once

#include <string>
#include <vector>

#include "engines/target.hpp"
#include "mapping/dialect.hpp"
#include "mapping/error.hpp"
#include "mapping/value_convert.hpp"

namespace litelift {

// Reused buffers of one encode() call.
struct FieldScratch {
  std::string text;
  std::string aux;
};

struct FieldSpec;
// Appends the value's bytes (without framing); false with `o` refused.
using WriteFn = bool (*)(const FieldSpec& field, const ValueRef& value, FieldScratch& scratch, std::string& out,
                         Outcome& o);

// One column as every encoder sees it.
struct FieldSpec {
  size_t column = 0;  // index into TablePlan::columns
  size_t source = 0;  // batch column
  bool not_null = false;
  TargetType type;
  TemporalSource temporal = TemporalSource::Iso;
  TextRules text;
  bool negative_zero = true;  // the target keeps -0.0
  bool infinities = true;     // the target stores +-infinity
  // How a parsed JSON type holds numbers.
  JsonNumbers json_numbers = JsonNumbers::Numeric;
  WriteFn write = nullptr;
};

template <class Wire>
class RowEncoder : public Encoder {
 public:
  RowEncoder(const TablePlan& table, const Dialect& dialect) : table_(table) {
    fields_.reserve(table_.columns.size());
    for (size_t i = 0; i < table_.columns.size(); ++i) {
      const ColumnPlan& c = table_.columns[i];
      if (!c.loaded()) continue;  // computed by the target
      FieldSpec f;
      f.column = i;
      f.source = c.source_index;
      f.not_null = c.not_null;
      f.type = c.type;
      f.temporal = c.rules.temporal;
      f.text.max_chars = c.type.family == TypeFamily::Varchar ? c.type.length : 0;
      f.text.nul_allowed = dialect.text_allows_nul;
      f.text.replace_invalid = c.rules.replace_invalid_utf8;
      f.text.strip_nul = c.rules.strip_nul;
      f.text.nfc = c.rules.nfc;
      f.negative_zero = dialect.real_negative_zero;
      f.infinities = dialect.real_infinities;
      f.json_numbers = dialect.json_numbers;
      f.write = Wire::writer_for(f);
      if (!f.write)
        throw Error(ErrorKind::Internal, "table \"" + table_.name + "\", column \"" + c.name + "\": no " +
                                             dialect.display_name + " encoder for type " + c.type.sql);
      fields_.push_back(f);
    }
  }

  void encode(const RowBatch& batch, std::string& out, EncodeResult& result) const override {
    const size_t ncols = fields_.size();
    for (const FieldSpec& f : fields_)
      if (f.source >= batch.columns())
        throw Error(ErrorKind::Internal, "table \"" + table_.name + "\": source column " + std::to_string(f.source) +
                                             " is not in the batch");
    result.reset(table_.columns.size());
    out.reserve(out.size() + batch.arena_bytes() + batch.rows() * (2 + ncols * 10));
    FieldScratch scratch;
    Outcome o;
    std::vector<uint32_t> row_notes(ncols, 0);
    for (size_t row = 0; row < batch.rows(); ++row) {
      const size_t row_start = out.size();
      bool noted = false;
      if (!table_.orphan_checks.empty() && orphan(batch, row, result)) continue;
      Wire::begin_row(out, ncols);
      size_t i = 0;
      for (; i < ncols; ++i) {
        const FieldSpec& f = fields_[i];
        const ValueRef v = batch.at(row, f.source);
        if (v.cls == StorageClass::Null) {
          if (f.not_null) {
            o.refuse(Refusal::BadValue, "NULL in a NOT NULL column");
            break;
          }
          Wire::null_field(out, i);
          continue;
        }
        const size_t mark = Wire::begin_field(out, i);
        o.notes = 0;
        if (!f.write(f, v, scratch, out, o) || !Wire::end_field(out, mark, o)) break;
        if (o.notes) {
          row_notes[i] = o.notes;
          noted = true;
        }
      }
      if (i < ncols) {
        out.resize(row_start);
        result.rejected.push_back(
            {static_cast<uint32_t>(row), static_cast<uint32_t>(fields_[i].column), o.refusal, std::move(o.reason)});
        o = Outcome{};
        if (noted) std::fill(row_notes.begin(), row_notes.end(), 0);
        continue;
      }
      Wire::end_row(out);
      ++result.rows;
      if (noted) {
        for (size_t c = 0; c < ncols; ++c) {
          for (int bit = 0; row_notes[c] != 0 && bit < kConversionNoteCount; ++bit)
            if (row_notes[c] & (1u << bit)) ++result.note_counts[fields_[c].column * kConversionNoteCount + bit];
          row_notes[c] = 0;
        }
      }
    }
  }

  const TablePlan& table() const { return table_; }

 private:
  // True (and the row listed) when the reader flagged the row's key as matching no parent.
  bool orphan(const RowBatch& batch, size_t row, EncodeResult& result) const {
    for (const auto& check : table_.orphan_checks) {
      const ValueRef flag = batch.at(row, check.flag_column);
      if (flag.cls == StorageClass::Integer && flag.integer != 0) {
        result.rejected.push_back(
            {static_cast<uint32_t>(row), static_cast<uint32_t>(check.column), Refusal::Orphan, check.reason});
        return true;
      }
    }
    return false;
  }

  TablePlan table_;
  std::vector<FieldSpec> fields_;
};

}  // namespace litelift
