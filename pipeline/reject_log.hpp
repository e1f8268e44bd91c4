// Rows the run left out on purpose (--on-bad-row reject, --invalid-utf8
// reject, --nul reject): one JSON object per line, written as they are
// found, so a killed run still leaves the rejects it had. A file the user
// named is created (emptied) at once, so an old one never passes for this
// run's; the default file is only created when the first row is rejected.
// Thread-safe.
//
//   {"table":"prices","rowid":2,"column":"amount","refusal":"bad-value",
//    "reason":"has 3 digits after the point; ...","storage_class":"real","value":2.125}
//
// WITHOUT ROWID tables name the row by "key": {"col": value, ...} instead of
// "rowid"; blobs, text that is not valid UTF-8 and non-finite reals carry
// "value_hex" (lowercase hex of the bytes) instead of "value".
#pragma once

#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>

#include "engines/source.hpp"
#include "engines/target.hpp"

namespace litelift {

// What happens to a row with a refused value, per kind of refusal.
enum class RowPolicy { Fail, Reject };

struct RowPolicies {
  RowPolicy bad_value = RowPolicy::Fail;     // --on-bad-row
  RowPolicy invalid_utf8 = RowPolicy::Fail;  // --invalid-utf8 fail|reject (replace is a conversion)
  RowPolicy nul = RowPolicy::Fail;           // --nul fail|reject (strip is a conversion)
  RowPolicy orphan = RowPolicy::Fail;        // --orphans reject (fail stops before the load)
  RowPolicy of(Refusal r) const;
};

class RejectLog {
 public:
  // Throws Error(Usage) when `create_now` and the file cannot be created.
  RejectLog(std::string path, bool create_now);
  ~RejectLog();
  RejectLog(const RejectLog&) = delete;
  RejectLog& operator=(const RejectLog&) = delete;

  // Appends the line for `rejected`, a row of `batch` read from `table`.
  // Throws Error(Usage) when the file cannot be written.
  void add(const Table& table, const TablePlan& plan, const RowBatch& batch, const RejectedValue& rejected);
  // Flushes and closes; throws Error(Usage) on a write error.
  void close();

  const std::string& path() const { return path_; }
  int64_t count() const;

 private:
  std::string path_;
  void open_locked();

  mutable std::mutex mutex_;
  std::FILE* file_ = nullptr;
  int64_t count_ = 0;
};

// The message for a refused value when its policy is to stop, naming the
// table, column, row and value, and the options that resolve it:
//   table "prices", column "amount" (DECIMAL(10,2) -> numeric(10,2)), rowid 2:
//   value 2.125 (real) cannot be stored unchanged: has 3 digits after the
//   point; ... Use --on-bad-row reject to ..., or --cast 'prices.amount=decimal' ...
std::string refused_value_message(const TablePlan& plan, const RowBatch& batch, const RejectedValue& rejected);

// How a row is named in messages: "rowid 42", or "key (user_id, tag) = (1, 'bio')".
std::string describe_row(const TablePlan& plan, const RowBatch& batch, size_t row);

}  // namespace litelift
