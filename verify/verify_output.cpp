// The terminal summary, the JSON document and the shared pieces of every
// verify output; JUnit and Prometheus are in verify_junit.cpp and
// verify_prometheus.cpp.
#include "verify/verify_output.hpp"

#include <sys/stat.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <nlohmann/json.hpp>

#include "litelift_version.hpp"
#include "verify/run_report.hpp"
#include "verify/verify_output_detail.hpp"

namespace litelift {

size_t display_width(std::string_view s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  int32_t i = 0, n = static_cast<int32_t>(s.size());
  size_t width = 0;
  while (i < n) {
    if (p[i] >= 0x20 && p[i] < 0x7f) {  // printable ASCII
      ++i;
      ++width;
      continue;
    }
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) {
      ++width;
      continue;
    }
    const uint32_t category = U_GET_GC_MASK(c);
    if ((category & (U_GC_MN_MASK | U_GC_ME_MASK | U_GC_CF_MASK | U_GC_CC_MASK)) ||
        u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT) ||
        (c >= 0x1160 && c <= 0x11ff))  // Hangul medial vowels and final consonants join the syllable before
      continue;
    const int ea = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
    width += (ea == U_EA_WIDE || ea == U_EA_FULLWIDTH) ? 2 : 1;
  }
  return width;
}

std::string table_status(const TableVerify& t) {
  if (!t.error.empty()) return "error";
  if (t.target_rows < 0) return "missing";
  if (!t.counts_match || !t.rows_match()) return "differs";
  return "ok";
}

std::string verify_status(const VerifyResult& r) {
  int bits = r.bits();
  if (bits & kBitCouldNotRun) return "failed";
  return bits ? "differences" : "ok";
}

std::vector<std::string> verify_bit_names(int bits) {
  std::vector<std::string> names;
  for (const auto& b : detail::kBits)
    if (bits & b.bit) names.push_back(b.name);
  return names;
}

double run_unix_time(const VerifyResult& r) {
  std::tm tm{};
  double fraction = 0;
  int used = 0;
  // "2024-05-01T02:00:00Z", or with a fraction of a second.
  if (std::sscanf(r.started_at.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                  &tm.tm_min, &tm.tm_sec, &used) != 6)
    return 0;
  const char* rest = r.started_at.c_str() + used;
  if (*rest == '.') {
    char* end = nullptr;
    fraction = std::strtod(rest, &end);
    rest = end;
  }
  if (rest[0] != 'Z' || rest[1] != 0) return 0;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  std::time_t t = timegm(&tm);
  return t < 0 ? 0 : static_cast<double>(t) + fraction;
}

namespace detail {

void for_each_code_point(std::string_view s, const std::function<void(int32_t, std::string_view)>& f) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  int32_t i = 0, n = static_cast<int32_t>(s.size());
  while (i < n) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    f(c, s.substr(static_cast<size_t>(start), static_cast<size_t>(i - start)));
  }
}

double last_success(const VerifyResult& r, const TableVerify& t) {
  if (t.clean()) {
    double now = run_unix_time(r);
    if (now > 0) return now;
  }
  return t.last_success_unix;
}

std::string rows_text(int64_t n) {
  return std::to_string(n) + (n == 1 ? " row" : " rows");
}

std::string count_summary(const TableVerify& t) {
  std::string out;
  auto part = [&](int64_t n, const char* what) {
    if (n == 0) return;
    out += (out.empty() ? "" : ", ") + std::to_string(n) + " " + what;
  };
  part(t.missing, "missing");
  part(t.extra, "extra");
  part(t.changed, "changed");
  return out;
}

std::string row_values(const RowDiff& d, bool source) {
  std::string out;
  for (const auto& v : d.values) out += (out.empty() ? "" : ", ") + v.column + "=" + (source ? v.source : v.target);
  return out;
}

std::string kind_label(const RowDiff& d) {
  return d.count > 1 ? d.kind + " x" + std::to_string(d.count) : d.kind;
}

std::string join(const std::vector<std::string>& items, const std::string& sep) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : sep) + i;
  return out;
}

}  // namespace detail

namespace {

using detail::count_summary;
using detail::join;
using detail::kind_label;
using detail::row_values;
using detail::rows_text;

// Control characters would move the cursor or recolour the terminal: they
// are shown escaped. Invalid UTF-8 shows as U+FFFD.
std::string terminal_safe(std::string_view s) {
  std::string out;
  detail::for_each_code_point(s, [&](int32_t c, std::string_view bytes) {
    if (c < 0) {
      out += "\xEF\xBF\xBD";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c < 0x20 || (c >= 0x7f && c < 0xa0)) {
      static const char* hex = "0123456789ABCDEF";
      out += {'\\', 'x', hex[(c >> 4) & 15], hex[c & 15]};
    } else {
      out += bytes;
    }
  });
  return out;
}

// At most `width` columns, "…" marking the cut.
std::string cut(const std::string& s, size_t width) {
  if (display_width(s) <= width) return s;
  std::string out;
  size_t used = 0;
  bool full = false;
  detail::for_each_code_point(s, [&](int32_t, std::string_view bytes) {
    size_t w = display_width(bytes);
    if (full || used + w + 1 > width) {
      full = true;
      return;
    }
    out += bytes;
    used += w;
  });
  return out + "\xE2\x80\xA6";
}

// Columns two spaces apart, padded by display width; no trailing blanks.
std::string grid(const std::vector<std::vector<std::string>>& rows, const std::vector<bool>& right_aligned,
                 const std::string& indent) {
  std::vector<std::vector<std::string>> cells;
  std::vector<size_t> widths;
  for (const auto& row : rows) {
    std::vector<std::string> safe;
    for (size_t c = 0; c < row.size(); ++c) {
      safe.push_back(terminal_safe(row[c]));
      if (widths.size() <= c) widths.push_back(0);
      widths[c] = std::max(widths[c], display_width(safe.back()));
    }
    cells.push_back(std::move(safe));
  }
  std::string out;
  for (const auto& row : cells) {
    std::string line = indent;
    for (size_t c = 0; c < row.size(); ++c) {
      std::string pad(widths[c] - display_width(row[c]), ' ');
      if (c > 0) line += "  ";
      line += c < right_aligned.size() && right_aligned[c] ? pad + row[c] : row[c] + pad;
    }
    line.erase(line.find_last_not_of(' ') + 1);
    out += line + "\n";
  }
  return out;
}

std::string percent(double fraction) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g%%", fraction * 100);
  return buf;
}

std::string table_status_text(const TableVerify& t) {
  std::string status = table_status(t);
  if (status != "ok") {
    for (auto& ch : status) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    return status;
  }
  std::vector<std::string> notes;
  if (t.rejected > 0) notes.push_back(std::to_string(t.rejected) + " rejected");
  if (t.compared && t.sample < 1) notes.push_back(percent(t.sample) + " sampled");
  return notes.empty() ? status : status + " (" + join(notes, ", ") + ")";
}

std::string tables_section(const VerifyResult& r) {
  std::vector<std::vector<std::string>> rows{
      {"table", "source rows", "target rows", "missing", "extra", "changed", "status"}};
  for (const auto& t : r.tables) {
    auto n = [&](int64_t v) { return t.compared ? std::to_string(v) : std::string("-"); };
    rows.push_back({t.table, r.source.empty() ? "-" : std::to_string(t.source_rows),
                    t.target_rows < 0 ? "-" : std::to_string(t.target_rows), n(t.missing), n(t.extra), n(t.changed),
                    table_status_text(t)});
  }
  return grid(rows, {false, true, true, true, true, true, false}, "");
}

std::string differences_section(const TableVerify& t) {
  std::string out;
  if (!t.differences.empty()) {
    int64_t total = t.missing + t.extra + t.changed, shown = 0;
    for (const auto& d : t.differences) shown += d.count;
    out += "differences in " + terminal_safe(t.table) + ": " + count_summary(t) +
           (shown < total ? "; the first rows:\n" : ":\n");
    std::vector<std::vector<std::string>> rows{{"key", "kind", "column", "source", "target"}};
    for (const auto& d : t.differences) {
      if (d.kind == "changed") {
        for (const auto& v : d.values)
          rows.push_back({d.key, kind_label(d), v.column, cut(v.source, 40), cut(v.target, 40)});
        if (d.values.empty()) rows.push_back({d.key, kind_label(d), "", "", ""});
      } else if (d.kind == "extra") {
        rows.push_back({d.key, kind_label(d), "", "-", cut(row_values(d, false), 60)});
      } else {  // missing, rejected
        rows.push_back({d.key, kind_label(d), "", cut(row_values(d, true), 60), "-"});
      }
    }
    out += grid(rows, {}, "  ");
  }
  if (t.rejected > 0 && !t.rejected_keys.empty())
    out += terminal_safe(t.table) + ": " + std::to_string(t.rejected) +
           " rows rejected by the run (expected missing): " + terminal_safe(join(t.rejected_keys, ", ")) +
           (static_cast<int64_t>(t.rejected_keys.size()) < t.rejected ? ", \xE2\x80\xA6" : "") + "\n";
  return out;
}

std::string samples(const std::vector<std::string>& sample, int64_t rows) {
  std::vector<std::string> first(sample.begin(), sample.begin() + std::min<size_t>(sample.size(), 3));
  std::string out = join(first, ", ");
  if (static_cast<int64_t>(first.size()) < rows && !out.empty()) out += ", \xE2\x80\xA6";
  return out;
}

std::string orphans_section(const VerifyResult& r, const std::string& side, const std::string& title) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& o : r.orphans)
    if (o.side == side)
      rows.push_back({o.table, o.foreign_key, rows_text(o.rows) + (o.from_source ? " (kept from the source)" : ""),
                      samples(o.sample, o.rows)});
  return rows.empty() ? "" : title + "\n" + grid(rows, {false, false, true, false}, "  ");
}

std::string verdict(const VerifyResult& r) {
  size_t differ = 0, failed = 0;
  for (const auto& t : r.tables) {
    std::string s = table_status(t);
    failed += s == "error";
    differ += s == "differs" || s == "missing";
  }
  const size_t n = r.tables.size();
  // migrate's own status line gives its exit code, which this check only feeds.
  const bool migrate = r.command == "migrate";
  std::string out = migrate ? "check after loading: " : r.command + ": ";
  if (r.error) {
    out += "could not run";
  } else {
    if (differ > 0)
      out += std::to_string(differ) + " of " + std::to_string(n) + (n == 1 ? " table differs" : " tables differ");
    else if (n == 0)
      out += "no tables";
    else if (failed == 0)
      out += n == 1 ? "the table matches" : "all " + std::to_string(n) + " tables match";
    else
      out += std::to_string(n - failed) + " of " + std::to_string(n) + (n == 1 ? " table matches" : " tables match");
    if (failed > 0) out += ", " + std::to_string(failed) + " could not be checked";
  }
  std::vector<std::string> meaning;
  for (const auto& b : detail::kBits)
    if (r.bits() & b.bit) meaning.push_back(b.text);
  if (!meaning.empty()) out += " (" + join(meaning, ", ") + ")";
  if (migrate) return out + "\n";
  return out + " \xE2\x80\x94 exit " + std::to_string(r.exit_code()) + "\n";
}

}  // namespace

std::string verify_text(const VerifyResult& r) {
  std::string out =
      (r.command == "migrate" ? std::string("check after loading") : "litelift " + r.command) + " (" + r.mode;
  if (r.sample < 1) out += ", " + percent(r.sample) + " sampled, seed " + std::to_string(r.seed);
  out += "): " + terminal_safe(r.source.empty() ? r.target : r.source + " -> " + r.target);
  if (!r.server_version.empty()) out += " (server " + terminal_safe(r.server_version) + ")";
  out += "\n";
  if (!r.tables.empty()) out += tables_section(r);
  for (const auto& t : r.tables) out += differences_section(t);
  for (const auto& t : r.tables)
    if (!t.error.empty()) out += "error: " + terminal_safe(t.table) + ": " + terminal_safe(t.error) + "\n";
  out += orphans_section(r, "target", "orphans in the target:");
  out += orphans_section(r, "source", "orphans in the source (already there; they set no exit bit):");
  if (!r.schema.empty()) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& s : r.schema) rows.push_back({s.table, s.object, s.problem});
    out += "schema:\n" + grid(rows, {}, "  ");
  }
  if (!r.integrity.empty()) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& i : r.integrity)
      rows.push_back({i.table, i.check, i.object, rows_text(i.rows), samples(i.sample, i.rows)});
    out += "integrity:\n" + grid(rows, {false, false, false, true, false}, "  ");
  }
  if (!r.drift.empty()) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& d : r.drift)
      rows.push_back({d.table.empty() ? "(schema)" : d.table, d.what,
                      d.before.empty() ? d.after : d.before + " -> " + (d.after.empty() ? "-" : d.after)});
    out += (r.previous_audit.empty() ? "drift:\n" : "drift since the audit of " + r.previous_audit + ":\n") +
           grid(rows, {}, "  ");
  }
  if (r.error) out += "error: " + terminal_safe(r.error->what()) + "\n";
  return out + verdict(r);
}

std::string verify_json(const VerifyResult& r) {
  using json = nlohmann::ordered_json;
  auto or_null = [](const std::string& s) { return s.empty() ? json(nullptr) : json(s); };
  json j;
  j["schema_version"] = 1;
  j["tool"] = {{"name", "litelift"}, {"version", kLiteliftVersion}};
  j["command"] = r.command;
  j["mode"] = r.mode;
  j["status"] = verify_status(r);
  j["exit_code"] = r.exit_code();
  j["bits"] = verify_bit_names(r.bits());
  j["source"] = or_null(r.source);
  j["target"] = r.target;
  j["server_version"] = r.server_version;
  j["started_at"] = r.started_at;
  j["seconds"] = r.seconds;
  j["sample"] = r.sample;
  j["seed"] = r.seed;
  j["previous_audit"] = or_null(r.previous_audit);
  json summary;
  int64_t differ = 0, failed = 0, missing = 0, extra = 0, changed = 0, target_orphans = 0, source_orphans = 0;
  for (const auto& t : r.tables) {
    std::string s = table_status(t);
    differ += s == "differs" || s == "missing";
    failed += s == "error";
    missing += t.missing;
    extra += t.extra;
    changed += t.changed;
  }
  for (const auto& o : r.orphans) (o.side == "target" ? target_orphans : source_orphans) += o.rows;
  j["summary"] = {{"tables", r.tables.size()},
                  {"tables_differing", differ},
                  {"tables_failed", failed},
                  {"missing", missing},
                  {"extra", extra},
                  {"changed", changed},
                  {"target_orphans", target_orphans},
                  {"source_orphans", source_orphans},
                  {"schema_findings", r.schema.size()},
                  {"integrity_findings", r.integrity.size()},
                  {"drift_findings", r.drift.size()}};
  j["tables"] = json::array();
  for (const auto& t : r.tables) {
    json row;
    row["name"] = t.table;
    row["source_name"] = or_null(t.source_table);
    row["status"] = table_status(t);
    row["source_rows"] = t.source_rows;
    row["target_rows"] = t.target_rows < 0 ? json(nullptr) : json(t.target_rows);
    row["counts_match"] = t.counts_match;
    row["rejected"] = t.rejected;
    row["before"] = t.before;
    row["compared"] = t.compared;
    row["keyless"] = t.keyless;
    row["sample"] = t.sample;
    row["rows_compared"] = t.rows_compared;
    row["missing"] = t.missing;
    row["extra"] = t.extra;
    row["changed"] = t.changed;
    row["rows_match"] = t.rows_match();
    row["ranges"] = t.ranges;
    row["ranges_differing"] = t.ranges_differing;
    row["source_checksum"] = or_null(t.source_checksum);
    row["target_checksum"] = or_null(t.target_checksum);
    row["seconds"] = t.seconds;
    double last = detail::last_success(r, t);
    row["last_success_unix"] = last > 0 ? json(last) : json(nullptr);
    row["differences"] = json::array();
    for (const auto& d : t.differences) {
      json values = json::array();
      for (const auto& v : d.values)
        values.push_back({{"column", v.column}, {"source", v.source}, {"target", v.target}});
      row["differences"].push_back({{"kind", d.kind}, {"key", d.key}, {"count", d.count}, {"values", values}});
    }
    row["rejected_keys"] = t.rejected_keys;
    row["error"] = or_null(t.error);
    j["tables"].push_back(row);
  }
  j["orphans"] = json::array();
  for (const auto& o : r.orphans)
    j["orphans"].push_back({{"side", o.side},
                            {"table", o.table},
                            {"foreign_key", o.foreign_key},
                            {"rows", o.rows},
                            {"from_source", o.from_source},
                            {"sample", o.sample}});
  j["schema"] = json::array();
  for (const auto& s : r.schema)
    j["schema"].push_back({{"table", s.table}, {"object", s.object}, {"problem", s.problem}});
  j["integrity"] = json::array();
  for (const auto& i : r.integrity)
    j["integrity"].push_back(
        {{"table", i.table}, {"check", i.check}, {"object", i.object}, {"rows", i.rows}, {"sample", i.sample}});
  j["drift"] = json::array();
  for (const auto& d : r.drift)
    j["drift"].push_back({{"table", or_null(d.table)}, {"what", d.what}, {"before", d.before}, {"after", d.after}});
  if (r.error) {
    json e;
    e["kind"] = error_kind_name(r.error->kind());
    e["message"] = r.error->what();
    e["sqlstate"] = or_null(r.error->sqlstate);
    e["server_code"] = r.error->server_code ? json(r.error->server_code) : json(nullptr);
    e["table"] = or_null(r.error->table);
    e["column"] = or_null(r.error->column);
    j["error"] = e;
  } else {
    j["error"] = nullptr;
  }
  // Values quoted from the data may hold invalid UTF-8: replaced, never a throw.
  return j.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

namespace {

[[noreturn]] void cannot_write(const std::string& what, const std::string& path, int err) {
  throw Error(ErrorKind::Usage, "cannot write the " + what + " file " + path + ": " + std::strerror(err));
}

void write_in_place(const std::string& what, const std::string& path, const std::string& body) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  if (!f) cannot_write(what, path, errno);
  f << body;
  f.close();
  if (!f) cannot_write(what, path, errno ? errno : EIO);
}

// A temporary file in the same directory (so rename is atomic), synced,
// then renamed over the old one: a reader sees the old file or the new one.
void write_atomically(const std::string& what, const std::string& path, const std::string& body) {
  size_t slash = path.rfind('/');
  std::string dir = slash == std::string::npos ? "." : path.substr(0, slash + 1);
  std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  // Not ending in .prom, so the collector never reads a half-written file.
  std::string temp = (slash == std::string::npos ? "" : dir) + "." + name + ".XXXXXX";
  int fd = mkstemp(temp.data());
  if (fd < 0) cannot_write(what, path, errno);
  auto fail = [&](int err) {
    ::close(fd);
    ::unlink(temp.c_str());
    cannot_write(what, path, err);
  };
  for (size_t done = 0; done < body.size();) {
    ssize_t n = ::write(fd, body.data() + done, body.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail(errno);
    done += static_cast<size_t>(n);
  }
  if (::fchmod(fd, 0644) != 0 || ::fsync(fd) != 0) fail(errno);  // mkstemp makes 0600; node_exporter is another user
  if (::close(fd) != 0) {
    int err = errno;
    ::unlink(temp.c_str());
    cannot_write(what, path, err);
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(temp.c_str());
    cannot_write(what, path, err);
  }
}

}  // namespace

void write_verify_outputs(const VerifyResult& r, const VerifyOutputPaths& paths) {
  if (!paths.json.empty()) write_in_place("JSON", paths.json, verify_json(r));
  if (!paths.junit.empty()) write_in_place("JUnit", paths.junit, verify_junit(r));
  if (!paths.prometheus.empty()) write_atomically("Prometheus", paths.prometheus, verify_prometheus(r));
}

}  // namespace litelift
