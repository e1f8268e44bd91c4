// The rows a migration left out on purpose, read back from its reject file
// (pipeline/reject_log.hpp writes it): the verifier expects them missing
// from the target and lists them apart from the differences.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "mapping/row_batch.hpp"

namespace litelift {

class RejectedRows {
 public:
  // Throws Error(Usage) naming the file and line when it cannot be read or
  // a line is not a reject record.
  static RejectedRows read(const std::string& path);

  // By source table name.
  int64_t count(const std::string& table) const;
  bool has_rowid(const std::string& table, int64_t rowid) const;
  // WITHOUT ROWID tables: the key values in key order, as key_text() renders them.
  bool has_key(const std::string& table, const std::string& key) const;
  // The key text of a row's key values: each value rendered as the reject
  // file writes it (integers in decimal, reals as JSON numbers, text as is,
  // blobs and invalid UTF-8 as lowercase hex), joined by U+001F.
  static std::string key_text(const std::vector<ValueRef>& values);

 private:
  struct PerTable {
    std::set<int64_t> rowids;
    std::set<std::string> keys;
    int64_t lines = 0;
  };
  std::map<std::string, PerTable> tables_;
};

}  // namespace litelift
