// Values in flight: a few thousand rows stored column by column, each value
// with the SQLite storage class it was read with, text and blob bytes in one
// arena. A batch is a handful of allocations, reused from batch to batch.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace litelift {

enum class StorageClass : uint8_t { Null, Integer, Real, Text, Blob };

const char* storage_class_name(StorageClass c);  // "null", "integer", "real", "text", "blob"

struct ValueRef {
  StorageClass cls = StorageClass::Null;
  int64_t integer = 0;     // Integer
  double real = 0;         // Real
  std::string_view bytes;  // Text (UTF-8 as stored) and Blob
};

class RowBatch {
 public:
  explicit RowBatch(size_t columns = 0) { reset(columns); }

  // Empties the batch for `columns` columns, keeping the memory.
  void reset(size_t columns);
  void clear() { reset(columns_.size()); }

  size_t rows() const { return keys_.size(); }
  size_t columns() const { return columns_.size(); }
  size_t arena_bytes() const { return arena_.size(); }

  // Append a row: start_row(key), then one add_* per column in order.
  // The key is the row's rowid (its position for WITHOUT ROWID tables); it
  // names the row in messages.
  void start_row(int64_t key) {
    keys_.push_back(key);
    next_column_ = 0;
  }
  void add_null() { push({0, 0, StorageClass::Null}); }
  void add_integer(int64_t v) { push({v, 0, StorageClass::Integer}); }
  void add_real(double v) {
    int64_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    push({bits, 0, StorageClass::Real});
  }
  void add_text(const char* p, size_t n) { push_bytes(p, n, StorageClass::Text); }
  void add_blob(const void* p, size_t n) { push_bytes(static_cast<const char*>(p), n, StorageClass::Blob); }

  int64_t key(size_t row) const { return keys_[row]; }

  ValueRef at(size_t row, size_t column) const {
    const Slot& s = columns_[column][row];
    ValueRef v;
    v.cls = s.cls;
    switch (s.cls) {
      case StorageClass::Integer:
        v.integer = s.value;
        break;
      case StorageClass::Real:
        std::memcpy(&v.real, &s.value, sizeof v.real);
        break;
      case StorageClass::Text:
      case StorageClass::Blob:
        v.bytes = std::string_view(arena_.data() + s.value, s.length);
        break;
      case StorageClass::Null:
        break;
    }
    return v;
  }

 private:
  struct Slot {
    int64_t value;  // integer, real bits, or arena offset
    uint32_t length;
    StorageClass cls;
  };
  void push(Slot s) { columns_[next_column_++].push_back(s); }
  void push_bytes(const char* p, size_t n, StorageClass cls);

  std::vector<std::vector<Slot>> columns_;
  std::vector<int64_t> keys_;
  std::string arena_;
  size_t next_column_ = 0;
};

// Renders a value for a message: text quoted and cut at 60 characters, blobs
// as x'hex' (first 32 bytes), reals with full precision.
std::string describe_value(const ValueRef& v);

}  // namespace litelift
