// The Prometheus text format for node_exporter's textfile collector: every
// family once, its # HELP and # TYPE before its samples, gauges only, the
// file ending in a newline. A family without samples is left out (the
// collector has nothing to say about it). Metric names in docs/verify.md.
#include <charconv>
#include <map>

#include "litelift_version.hpp"
#include "verify/verify_output.hpp"
#include "verify/verify_output_detail.hpp"

namespace litelift {
namespace {

using Labels = std::vector<std::pair<std::string, std::string>>;

// Label values escape \, " and newline; invalid UTF-8 becomes U+FFFD.
std::string label_value(std::string_view s) {
  std::string out;
  detail::for_each_code_point(s, [&](int32_t c, std::string_view bytes) {
    if (c < 0)
      out += "\xEF\xBF\xBD";
    else if (c == '\\')
      out += "\\\\";
    else if (c == '"')
      out += "\\\"";
    else if (c == '\n')
      out += "\\n";
    else
      out += bytes;
  });
  return out;
}

template <typename T>
std::string number(T v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);  // shortest form that reads back the same
  return std::string(buf, ec == std::errc() ? end : buf);
}

class Family {
 public:
  Family(std::string name, std::string help) : name_(std::move(name)), help_(std::move(help)) {}

  template <typename T>
  void add(const Labels& labels, T value) {
    samples_ += name_;
    if (!labels.empty()) {
      samples_ += '{';
      for (size_t i = 0; i < labels.size(); ++i)
        samples_ += (i ? "," : "") + labels[i].first + "=\"" + label_value(labels[i].second) + "\"";
      samples_ += '}';
    }
    samples_ += " " + number(value) + "\n";
  }

  std::string text() const {
    if (samples_.empty()) return "";
    return "# HELP " + name_ + " " + help_ + "\n# TYPE " + name_ + " gauge\n" + samples_;
  }

 private:
  std::string name_;
  std::string help_;
  std::string samples_;
};

// Sums per key, in the order keys first appear (one sample per label set).
template <typename Key>
class Sums {
 public:
  void add(const Key& key, int64_t n) {
    auto [it, inserted] = sums_.try_emplace(key, 0);
    if (inserted) order_.push_back(key);
    it->second += n;
  }
  const std::vector<Key>& keys() const { return order_; }
  int64_t operator[](const Key& key) const { return sums_.at(key); }

 private:
  std::map<Key, int64_t> sums_;
  std::vector<Key> order_;
};

}  // namespace

std::string verify_prometheus(const VerifyResult& r) {
  const std::string& cmd = r.command;
  Family info("litelift_info", "The litelift version and the comparison mode of the run (always 1).");
  info.add(Labels{{"command", cmd}, {"version", kLiteliftVersion}, {"mode", r.mode}}, 1);
  Family started("litelift_run_timestamp_seconds", "When the run started, in Unix seconds.");
  if (double t = run_unix_time(r); t > 0) started.add(Labels{{"command", cmd}}, t);
  Family duration("litelift_run_duration_seconds", "How long the whole run took.");
  duration.add(Labels{{"command", cmd}}, r.seconds);
  Family exit_code("litelift_exit_code", "The exit status: 0, or 32 plus the exit bits.");
  exit_code.add(Labels{{"command", cmd}}, r.exit_code());
  Family exit_bit("litelift_exit_bit",
                  "1 when this exit bit is set (counts_differ, rows_differ, orphans, "
                  "schema_differs, could_not_run).");
  for (const auto& b : detail::kBits)
    exit_bit.add(Labels{{"command", cmd}, {"bit", b.name}}, (r.bits() & b.bit) ? 1 : 0);

  Family clean("litelift_table_clean", "1 when the table was verified and its counts and rows match.");
  Family rows("litelift_table_rows", "Rows in the table, per side (no target sample when the table is missing).");
  Family differences("litelift_table_differences",
                     "Rows missing from the target, extra in it, or changed (tables whose rows were compared).");
  Family rejected("litelift_table_rejected_rows", "Rows the run left out on purpose (its reject file).");
  Family table_seconds("litelift_table_duration_seconds", "How long verifying the table took.");
  Family last_success("litelift_table_last_success_timestamp_seconds",
                      "When a run last found the table clean, in Unix seconds (absent when unknown).");
  for (const auto& t : r.tables) {
    const Labels table{{"command", cmd}, {"table", t.table}};
    auto with = [&](const char* name, const char* value) {
      Labels l = table;
      l.emplace_back(name, value);
      return l;
    };
    clean.add(table, t.clean() ? 1 : 0);
    if (!r.source.empty()) rows.add(with("side", "source"), t.source_rows);
    if (t.target_rows >= 0) rows.add(with("side", "target"), t.target_rows);
    if (t.compared) {
      differences.add(with("kind", "missing"), t.missing);
      differences.add(with("kind", "extra"), t.extra);
      differences.add(with("kind", "changed"), t.changed);
    }
    rejected.add(table, t.rejected);
    table_seconds.add(table, t.seconds);
    if (double last = detail::last_success(r, t); last > 0) last_success.add(table, last);
  }

  Family orphans("litelift_table_orphan_rows",
                 "Rows whose foreign key has no parent row, per child table and side (absent when none were found).");
  Sums<std::pair<std::string, std::string>> orphan_rows;
  for (const auto& o : r.orphans) orphan_rows.add({o.table, o.side}, o.rows);
  for (const auto& key : orphan_rows.keys())
    orphans.add(Labels{{"command", cmd}, {"table", key.first}, {"side", key.second}}, orphan_rows[key]);

  Family integrity("litelift_table_integrity_rows",
                   "Audit: rows that break what the schema intends, per table and check (absent when none).");
  Sums<std::pair<std::string, std::string>> integrity_rows;
  for (const auto& i : r.integrity) integrity_rows.add({i.table, i.check}, i.rows);
  for (const auto& key : integrity_rows.keys())
    integrity.add(Labels{{"command", cmd}, {"table", key.first}, {"check", key.second}}, integrity_rows[key]);

  Family schema("litelift_schema_findings", "Schema differences found (tables, columns, keys, indexes).");
  schema.add(Labels{{"command", cmd}}, r.schema.size());
  Family integrity_findings("litelift_integrity_findings", "Integrity findings (audit).");
  Family drift("litelift_drift_findings", "Changes since the previous audit.");
  if (r.command == "audit" || !r.integrity.empty())
    integrity_findings.add(Labels{{"command", cmd}}, r.integrity.size());
  if (r.command == "audit" || !r.drift.empty()) drift.add(Labels{{"command", cmd}}, r.drift.size());

  std::string out;
  for (const Family* f : {&info, &started, &duration, &exit_code, &exit_bit, &clean, &rows, &differences, &rejected,
                          &orphans, &integrity, &table_seconds, &last_success, &schema, &integrity_findings, &drift})
    out += f->text();
  return out;
}

}  // namespace litelift
