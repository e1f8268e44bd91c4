#include "verify/row_compare.hpp"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "mapping/error.hpp"

namespace litelift {

namespace {

constexpr size_t kBatchRows = 2048;

// A row in canonical form: the values back to back, and where each ends.
struct CanonRow {
  std::string bytes;
  std::vector<uint32_t> ends;
  bool unconvertible = false;

  void clear() {
    bytes.clear();
    ends.clear();
    unconvertible = false;
  }
  std::string_view value(size_t i) const {
    const size_t begin = i == 0 ? 0 : ends[i - 1];
    return std::string_view(bytes).substr(begin, ends[i] - begin);
  }
  std::string key(const std::vector<size_t>& key_positions) const {
    std::string k;
    for (size_t p : key_positions) k.append(value(p));
    return k;
  }
};

struct HashOf {
  size_t operator()(const canon::Hash128& h) const {
    return static_cast<size_t>(h.low ^ (h.high * 0x9E3779B97F4A7C15ull));
  }
};

std::vector<std::optional<std::string_view>> make_values(size_t n) {
  return std::vector<std::optional<std::string_view>>(n);
}

// Reads the source side of a slice, row by row, in canonical form.
class SourceRows {
 public:
  SourceRows(const TableCompare& t, Source& source, const Slice& slice)
      : t_(t), reader_(source.open_slice(*t.table, slice, t.orphan_rules)) {}

  // The next row that is not in the reject file; counts those that are.
  bool next(CanonRow& row, UnitResult& result) {
    for (;;) {
      if (at_ >= batch_.rows()) {
        if (done_ || !reader_->next(batch_, kBatchRows)) {
          done_ = true;
          return false;
        }
        at_ = 0;
      }
      const size_t r = at_++;
      if (t_.rejected && is_rejected(r)) {
        ++result.rejected;
        if (result.rejected_keys.size() < t_.show) result.rejected_keys.push_back(describe_source_key(r));
        continue;
      }
      row.clear();
      for (size_t i = 0; i < t_.columns.size(); ++i) {
        const ColumnPlan& c = t_.plan->columns[t_.columns[i]];
        if (!canon::encode_source(batch_.at(r, c.source_index), t_.canon[i], row.bytes)) row.unconvertible = true;
        row.ends.push_back(static_cast<uint32_t>(row.bytes.size()));
      }
      return true;
    }
  }

 private:
  bool is_rejected(size_t r) const {
    if (t_.plan->key_columns.empty()) return t_.rejected->has_rowid(t_.plan->source_name, batch_.key(r));
    std::vector<ValueRef> key;
    for (size_t c : t_.plan->key_columns) key.push_back(batch_.at(r, c));
    return t_.rejected->has_key(t_.plan->source_name, RejectedRows::key_text(key));
  }
  std::string describe_source_key(size_t r) const {
    if (t_.plan->key_columns.empty()) return "rowid " + std::to_string(batch_.key(r));
    std::string names, values;
    for (size_t i = 0; i < t_.plan->key_columns.size(); ++i) {
      const size_t c = t_.plan->key_columns[i];
      names += (i ? ", " : "") + t_.plan->key_names[i];
      std::string v;
      // As the value is stored in SQLite: integers as numbers, text as text, anything else as bytes.
      const ValueRef value = batch_.at(r, c);
      if (value.cls == StorageClass::Integer) {
        v = std::to_string(value.integer);
      } else {
        std::string bytes;
        canon::encode_source(
            value, canon::ColumnCanon::of_family(value.cls == StorageClass::Text ? TypeFamily::Text : TypeFamily::Blob),
            bytes);
        v = canon::display(bytes);
      }
      values += (i ? ", " : "") + v;
    }
    return t_.plan->key_columns.size() == 1 ? names + " = " + values : "(" + names + ") = (" + values + ")";
  }

  const TableCompare& t_;
  std::unique_ptr<SliceReader> reader_;
  RowBatch batch_;
  size_t at_ = 0;
  bool done_ = false;
};

// Reads the target side of a slice in canonical form.
class TargetRows {
 public:
  TargetRows(const TableCompare& t, TargetCatalog& catalog, const Slice& slice, bool ordered) : t_(t) {
    TableRead read;
    read.table = t.plan->name;
    for (size_t i = 0; i < t.columns.size(); ++i) {
      read.columns.push_back(t.plan->columns[t.columns[i]].name);
      read.families.push_back(t.canon[i].family);
    }
    if (ordered)
      for (size_t p : t.key) read.order_by.push_back(read.columns[p]);
    if (t.by_rowid && !slice.whole) {
      read.range_column = read.columns[t.key.front()];
      read.first = slice.first;
      read.last = slice.last;
    }
    stream_ = catalog.read_rows(read);
    values_ = make_values(t.columns.size());
  }

  bool next(CanonRow& row) {
    if (!stream_->next(values_)) return false;
    row.clear();
    for (size_t i = 0; i < values_.size(); ++i) {
      canon::encode_target(values_[i], t_.canon[i], row.bytes);
      row.ends.push_back(static_cast<uint32_t>(row.bytes.size()));
    }
    return true;
  }

 private:
  const TableCompare& t_;
  std::unique_ptr<TargetRowStream> stream_;
  std::vector<std::optional<std::string_view>> values_;
};

bool sampled(const TableCompare& t, std::string_view key) {
  if (t.sample >= 1.0 || t.by_rowid) return true;  // rowid tables are sampled by range
  std::string seeded(reinterpret_cast<const char*>(&t.seed), sizeof t.seed);
  seeded.append(key);
  const canon::Hash128 h = canon::hash128(seeded);
  return static_cast<double>(h.low >> 11) * 0x1.0p-53 < t.sample;
}

std::string row_key(const TableCompare& t, const CanonRow& row) {
  return t.key.empty() ? row.bytes : row.key(t.key);
}

std::string describe_key(const TableCompare& t, const CanonRow& row) {
  if (t.key.empty()) {
    std::string s = "row (";
    for (size_t i = 0; i < t.columns.size(); ++i) s += (i ? ", " : "") + canon::display(row.value(i));
    return s + ")";
  }
  std::string names, values;
  for (size_t i = 0; i < t.key.size(); ++i) {
    names += (i ? ", " : "") + t.plan->columns[t.columns[t.key[i]]].name;
    values += (i ? ", " : "") + canon::display(row.value(t.key[i]));
  }
  return t.key.size() == 1 ? names + " = " + values : "(" + names + ") = (" + values + ")";
}

RowDiff whole_row(const TableCompare& t, const std::string& kind, const CanonRow& row, bool source_side) {
  RowDiff d;
  d.kind = kind;
  d.key = describe_key(t, row);
  for (size_t i = 0; i < t.columns.size(); ++i) {
    ValueDiff v;
    v.column = t.plan->columns[t.columns[i]].name;
    (source_side ? v.source : v.target) = canon::display(row.value(i));
    d.values.push_back(std::move(v));
  }
  return d;
}

RowDiff changed_row(const TableCompare& t, const CanonRow& source, const CanonRow& target) {
  RowDiff d;
  d.kind = "changed";
  d.key = describe_key(t, source);
  for (size_t i = 0; i < t.columns.size(); ++i)
    if (source.value(i) != target.value(i))
      d.values.push_back(
          {t.plan->columns[t.columns[i]].name, canon::display(source.value(i)), canon::display(target.value(i))});
  return d;
}

void check_stop(const std::atomic<bool>* stop) {
  if (stop && stop->load()) throw Error(ErrorKind::Internal, "stopped");
}

// Pass 1: the order-free digests of both sides.
void digest(const TableCompare& t, const Slice& slice, Source& source, TargetCatalog& catalog, UnitResult& r,
            const std::atomic<bool>* stop) {
  CanonRow row;
  SourceRows src(t, source, slice);
  size_t n = 0;
  while (src.next(row, r)) {
    if ((++n & 0xFFFF) == 0) check_stop(stop);
    if (t.sample < 1.0 && !sampled(t, row_key(t, row))) continue;
    r.source_digest += canon::hash128(row.bytes);
    ++r.source_rows;
  }
  TargetRows tgt(t, catalog, slice, false);
  while (tgt.next(row)) {
    if ((++n & 0xFFFF) == 0) check_stop(stop);
    if (t.sample < 1.0 && !sampled(t, row_key(t, row))) continue;
    r.target_digest += canon::hash128(row.bytes);
    ++r.target_rows;
  }
}

struct Pending {
  CanonRow row;
  uint64_t seq = 0;
};

// Pass 2 for keyed tables: both sides in key order, matched by key. The
// maps hold the rows one side has read ahead of the other: a handful when
// both sides agree on the order, more when they do not (still correct).
void locate_keyed(const TableCompare& t, const Slice& slice, Source& source, TargetCatalog& catalog, UnitResult& r,
                  const std::atomic<bool>* stop) {
  UnitResult scratch;  // the second read's reject counts are already in r
  SourceRows src(t, source, slice);
  TargetRows tgt(t, catalog, slice, true);
  std::unordered_map<std::string, Pending> src_pending, tgt_pending;
  std::vector<std::pair<uint64_t, RowDiff>> found;
  std::vector<std::pair<uint64_t, RowDiff>> extra_dupes;
  bool src_more = true, tgt_more = true;
  uint64_t src_seq = 0, tgt_seq = 0;
  CanonRow row;
  while (src_more || tgt_more) {
    check_stop(stop);
    for (size_t i = 0; src_more && i < kBatchRows; ++i) {
      if (!(src_more = src.next(row, scratch))) break;
      std::string key = row_key(t, row);
      if (!sampled(t, key)) continue;
      ++src_seq;
      if (auto it = tgt_pending.find(key); it != tgt_pending.end()) {
        if (it->second.row.bytes != row.bytes) {
          ++r.changed;
          if (found.size() < t.show) found.emplace_back(src_seq, changed_row(t, row, it->second.row));
        }
        tgt_pending.erase(it);
      } else {
        src_pending.try_emplace(std::move(key), Pending{row, src_seq});
      }
    }
    for (size_t i = 0; tgt_more && i < kBatchRows; ++i) {
      if (!(tgt_more = tgt.next(row))) break;
      std::string key = row_key(t, row);
      if (!sampled(t, key)) continue;
      ++tgt_seq;
      if (auto it = src_pending.find(key); it != src_pending.end()) {
        if (it->second.row.bytes != row.bytes) {
          ++r.changed;
          if (found.size() < t.show) found.emplace_back(it->second.seq, changed_row(t, it->second.row, row));
        }
        src_pending.erase(it);
      } else if (!tgt_pending.try_emplace(std::move(key), Pending{row, tgt_seq}).second) {
        ++r.extra;  // the same key twice in the target
        if (extra_dupes.size() < t.show) extra_dupes.emplace_back(tgt_seq, whole_row(t, "extra", row, false));
      }
    }
  }
  std::vector<std::pair<uint64_t, RowDiff>> left;
  for (auto& [key, p] : src_pending) {
    ++r.missing;
    left.emplace_back(p.seq, whole_row(t, "missing", p.row, true));
  }
  for (auto& [key, p] : tgt_pending) {
    ++r.extra;
    left.emplace_back(p.seq, whole_row(t, "extra", p.row, false));
  }
  for (auto& d : extra_dupes) left.push_back(std::move(d));
  for (auto& d : found) left.push_back(std::move(d));
  std::stable_sort(left.begin(), left.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [seq, d] : left) {
    if (r.differences.size() >= t.show) break;
    r.differences.push_back(std::move(d));
  }
}

// Pass 2 for keyless tables: the rows as multisets of hashes, then one more
// read to show the first differing rows.
void locate_keyless(const TableCompare& t, const Slice& slice, Source& source, TargetCatalog& catalog, UnitResult& r,
                    const std::atomic<bool>* stop) {
  UnitResult scratch;
  std::vector<canon::Hash128> src_hashes, tgt_hashes;
  CanonRow row;
  {
    SourceRows src(t, source, slice);
    while (src.next(row, scratch))
      if (sampled(t, row.bytes)) src_hashes.push_back(canon::hash128(row.bytes));
  }
  check_stop(stop);
  {
    TargetRows tgt(t, catalog, slice, false);
    while (tgt.next(row))
      if (sampled(t, row.bytes)) tgt_hashes.push_back(canon::hash128(row.bytes));
  }
  check_stop(stop);
  std::sort(src_hashes.begin(), src_hashes.end());
  std::sort(tgt_hashes.begin(), tgt_hashes.end());
  // hash -> copies in the source minus copies in the target
  std::unordered_map<canon::Hash128, int64_t, HashOf> surplus;
  size_t i = 0, j = 0;
  while (i < src_hashes.size() || j < tgt_hashes.size()) {
    if (j == tgt_hashes.size() || (i < src_hashes.size() && src_hashes[i] < tgt_hashes[j])) {
      ++surplus[src_hashes[i++]];
    } else if (i == src_hashes.size() || tgt_hashes[j] < src_hashes[i]) {
      --surplus[tgt_hashes[j++]];
    } else {
      ++i;
      ++j;
    }
  }
  std::vector<canon::Hash128>().swap(src_hashes);
  std::vector<canon::Hash128>().swap(tgt_hashes);
  for (const auto& [h, n] : surplus) (n > 0 ? r.missing : r.extra) += n > 0 ? n : -n;
  // Show the first few: the rows whose hash differs, in the order each side reads them.
  std::unordered_set<canon::Hash128, HashOf> shown;
  auto show = [&](const CanonRow& row, bool source_side) {
    if (r.differences.size() >= t.show) return;
    const canon::Hash128 h = canon::hash128(row.bytes);
    auto it = surplus.find(h);
    if (it == surplus.end() || (it->second > 0) != source_side || !shown.insert(h).second) return;
    RowDiff d = whole_row(t, source_side ? "missing" : "extra", row, source_side);
    d.count = it->second > 0 ? it->second : -it->second;
    r.differences.push_back(std::move(d));
  };
  {
    SourceRows src(t, source, slice);
    while (r.differences.size() < t.show && src.next(row, scratch))
      if (sampled(t, row.bytes)) show(row, true);
  }
  {
    TargetRows tgt(t, catalog, slice, false);
    while (r.differences.size() < t.show && tgt.next(row))
      if (sampled(t, row.bytes)) show(row, false);
  }
}

}  // namespace

TableCompare make_table_compare(const Table& table, const TablePlan& plan, const Dialect& dialect) {
  TableCompare t;
  t.table = &table;
  t.plan = &plan;
  for (size_t i = 0; i < plan.columns.size(); ++i) {
    if (!plan.columns[i].loaded()) continue;
    t.columns.push_back(i);
    t.canon.push_back(canon::ColumnCanon::of(plan.columns[i], dialect));
  }
  auto position = [&](const std::string& target_name) -> int {
    for (size_t i = 0; i < t.columns.size(); ++i)
      if (plan.columns[t.columns[i]].name == target_name) return static_cast<int>(i);
    return -1;
  };
  if (plan.identity_column >= 0 && plan.columns[static_cast<size_t>(plan.identity_column)].loaded()) {
    t.key = {static_cast<size_t>(position(plan.columns[static_cast<size_t>(plan.identity_column)].name))};
    t.by_rowid = !table.without_rowid;
  } else if (!plan.primary_key.empty()) {
    for (const auto& k : plan.primary_key) {
      const int p = position(k);
      if (p < 0) {  // a key litelift added (an invisible row id): the source has no such key
        t.key.clear();
        break;
      }
      t.key.push_back(static_cast<size_t>(p));
    }
  }
  return t;
}

UnitResult compare_unit(const TableCompare& t, const Slice& slice, Source& source, TargetCatalog& catalog,
                        const std::atomic<bool>* stop) {
  const auto start = std::chrono::steady_clock::now();
  UnitResult r;
  digest(t, slice, source, catalog, r, stop);
  r.differs = r.source_digest != r.target_digest || r.source_rows != r.target_rows;
  if (r.differs) {
    if (t.key.empty())
      locate_keyless(t, slice, source, catalog, r, stop);
    else
      locate_keyed(t, slice, source, catalog, r, stop);
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

}  // namespace litelift
