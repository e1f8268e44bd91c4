#include "mapping/row_batch.hpp"

#include <charconv>
#include <cstdio>
#include <stdexcept>

#include "mapping/utf8.hpp"
#include "mapping/value_convert.hpp"

namespace litelift {

const char* storage_class_name(StorageClass c) {
  switch (c) {
    case StorageClass::Null:
      return "null";
    case StorageClass::Integer:
      return "integer";
    case StorageClass::Real:
      return "real";
    case StorageClass::Text:
      return "text";
    case StorageClass::Blob:
      return "blob";
  }
  return "?";
}

void RowBatch::reset(size_t columns) {
  if (columns_.size() != columns) columns_.resize(columns);
  for (auto& c : columns_) c.clear();
  keys_.clear();
  arena_.clear();
  next_column_ = 0;
}

void RowBatch::push_bytes(const char* p, size_t n, StorageClass cls) {
  if (n > UINT32_MAX) throw std::length_error("value larger than 4 GiB");
  int64_t offset = static_cast<int64_t>(arena_.size());
  if (n) arena_.append(p, n);
  push({offset, static_cast<uint32_t>(n), cls});
}

std::string describe_value(const ValueRef& v) {
  switch (v.cls) {
    case StorageClass::Null:
      return "NULL";
    case StorageClass::Integer:
      return std::to_string(v.integer);
    case StorageClass::Real:
      return format_double(v.real);
    case StorageClass::Text: {
      // Cut at a character boundary; escape control characters, and every
      // non-ASCII byte when the value is not valid UTF-8 (the message must be).
      size_t code_points = 0;
      const bool utf8 = valid_utf8(v.bytes, code_points);
      std::string out = "'";
      size_t chars = 0, i = 0;
      for (; i < v.bytes.size() && chars < 60; ++i) {
        unsigned char c = static_cast<unsigned char>(v.bytes[i]);
        if ((c & 0xC0) != 0x80) ++chars;
        if (c == '\'')
          out += "''";
        else if (c < 0x20 || (c >= 0x80 && !utf8)) {
          char esc[8];
          std::snprintf(esc, sizeof esc, "\\x%02X", c);
          out += esc;
        } else
          out += static_cast<char>(c);
      }
      while (utf8 && i < v.bytes.size() && (static_cast<unsigned char>(v.bytes[i]) & 0xC0) == 0x80) out += v.bytes[i++];
      out += "'";
      if (i < v.bytes.size()) out += "...";
      return out;
    }
    case StorageClass::Blob: {
      static const char* hex = "0123456789ABCDEF";
      std::string out = "x'";
      size_t n = v.bytes.size() < 32 ? v.bytes.size() : 32;
      for (size_t i = 0; i < n; ++i) {
        unsigned char c = static_cast<unsigned char>(v.bytes[i]);
        out += hex[c >> 4];
        out += hex[c & 15];
      }
      out += "'";
      if (n < v.bytes.size()) out += "... (" + std::to_string(v.bytes.size()) + " bytes)";
      return out;
    }
  }
  return "?";
}

}  // namespace litelift
