// JUnit XML for CI systems (Jenkins, GitLab, GitHub test reporters): one
// <testsuite>, a <testcase> per table and one each for the schema, the
// orphans and, for the audit, integrity and drift. Mapping in docs/verify.md.
#include <cstdio>

#include "litelift_version.hpp"
#include "verify/verify_output.hpp"
#include "verify/verify_output_detail.hpp"

namespace litelift {
namespace {

using detail::join;

// XML 1.0 allows tab, LF, CR and code points from U+0020 on, except U+FFFE
// and U+FFFF; everything else (a value holding \x01, invalid UTF-8) becomes
// U+FFFD. In attributes, tab, LF and CR are written as references so a
// parser does not fold them into spaces.
std::string xml(std::string_view s, bool attribute) {
  std::string out;
  detail::for_each_code_point(s, [&](int32_t c, std::string_view bytes) {
    switch (c) {
      case '&':
        out += "&amp;";
        return;
      case '<':
        out += "&lt;";
        return;
      case '>':
        out += "&gt;";
        return;
      case '"':
        out += attribute ? "&quot;" : "\"";
        return;
      case '\r':
        out += "&#13;";
        return;
      case '\n':
        out += attribute ? "&#10;" : "\n";
        return;
      case '\t':
        out += attribute ? "&#9;" : "\t";
        return;
    }
    if (c < 0x20 || c == 0xfffe || c == 0xffff)  // also c < 0: invalid UTF-8
      out += "\xEF\xBF\xBD";
    else
      out += bytes;
  });
  return out;
}

std::string seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", s < 0 ? 0.0 : s);
  return buf;
}

struct Case {
  explicit Case(std::string n, double t = 0) : name(std::move(n)), time(t) {}
  std::string name;
  double time = 0;
  std::string outcome;  // "", "failure" or "error"
  std::string type;     // failure/error type
  std::string message;
  std::string details;
  std::string system_out;
};

std::string difference_lines(const TableVerify& t) {
  std::string out;
  for (const auto& d : t.differences) {
    std::string head = d.key + ": " + detail::kind_label(d);
    if (d.kind == "changed") {
      for (const auto& v : d.values)
        out += head + ": " + v.column + ": source " + v.source + ", target " + v.target + "\n";
      if (d.values.empty()) out += head + "\n";
    } else {
      std::string values = detail::row_values(d, d.kind != "extra");
      out += head + (values.empty() ? "" : ": " + values) + "\n";
    }
  }
  int64_t shown = 0;
  for (const auto& d : t.differences) shown += d.count;
  if (shown < t.missing + t.extra + t.changed) out += "(the first rows only)\n";
  if (!t.rejected_keys.empty())
    out += std::to_string(t.rejected) + " rows rejected by the run (expected missing): " + join(t.rejected_keys, ", ") +
           "\n";
  return out;
}

Case table_case(const TableVerify& t) {
  Case c(t.table, t.seconds);
  const std::string counts =
      "source " + detail::rows_text(t.source_rows) + ", target " + detail::rows_text(t.target_rows);
  if (!t.error.empty()) {
    c.outcome = "error";
    c.type = "could not run";
    c.message = t.error;
  } else if (t.target_rows < 0) {
    c.outcome = "failure";
    c.type = "table missing";
    c.message = "the table is missing from the target (source " + detail::rows_text(t.source_rows) + ")";
  } else if (!t.counts_match || !t.rows_match()) {
    c.outcome = "failure";
    c.type = t.counts_match ? "rows differ" : "counts differ";
    std::vector<std::string> parts;
    if (!t.counts_match) parts.push_back("counts differ: " + counts);
    if (!t.rows_match()) parts.push_back(detail::count_summary(t));
    c.message = join(parts, "; ");
    c.details = counts + "\n" + difference_lines(t);
  } else {
    c.system_out = counts + (t.compared ? ", rows match" : ", counts match") + "\n";
  }
  return c;
}

Case orphans_case(const VerifyResult& r) {
  Case c("orphans");
  int64_t rows = 0;
  for (const auto& o : r.orphans) {
    std::string line = o.table + " " + o.foreign_key + ": " + detail::rows_text(o.rows) +
                       (o.sample.empty() ? "" : ": " + join(o.sample, ", ")) + "\n";
    if (o.side == "target" && !o.from_source) {
      rows += o.rows;
      c.details += line;
    } else {
      c.system_out += (o.side == "target" ? "in the target, kept from the source (no exit bit): "
                                          : "in the source (already there; no exit bit): ") +
                      line;
    }
  }
  if (!c.details.empty()) {
    c.outcome = "failure";
    c.type = "orphans";
    c.message = std::to_string(rows) + " rows in the target reference a missing parent";
  }
  return c;
}

Case schema_case(const VerifyResult& r) {
  Case c("schema");
  for (const auto& s : r.schema) c.details += s.table + " " + s.object + ": " + s.problem + "\n";
  if (!r.schema.empty()) {
    c.outcome = "failure";
    c.type = "schema differs";
    c.message = std::to_string(r.schema.size()) + (r.schema.size() == 1 ? " schema difference" : " schema differences");
  }
  return c;
}

Case integrity_case(const VerifyResult& r) {
  Case c("integrity");
  for (const auto& i : r.integrity)
    c.details += i.table + " " + i.check + " " + i.object + ": " + detail::rows_text(i.rows) +
                 (i.sample.empty() ? "" : ": " + join(i.sample, ", ")) + "\n";
  if (!r.integrity.empty()) {
    c.outcome = "failure";
    c.type = "integrity";
    c.message = std::to_string(r.integrity.size()) + " integrity findings";
  }
  return c;
}

Case drift_case(const VerifyResult& r) {
  Case c("drift");
  size_t breaking = 0;
  for (const auto& d : r.drift) {
    std::string line =
        (d.table.empty() ? "(schema)" : d.table) + " " + d.what + ": " + d.before + " -> " + d.after + "\n";
    bool schema = d.what == "schema" || d.what == "table added" || d.what == "table removed";
    breaking += schema;
    (schema ? c.details : c.system_out) += line;
  }
  if (breaking > 0) {
    c.outcome = "failure";
    c.type = "schema drift";
    c.message = std::to_string(breaking) + " schema changes since " +
                (r.previous_audit.empty() ? "the last audit" : "the audit of " + r.previous_audit);
  }
  return c;
}

}  // namespace

std::string verify_junit(const VerifyResult& r) {
  std::vector<Case> cases;
  if (r.error) {
    Case run("run");
    run.outcome = "error";
    run.type = "could not run";
    run.message = r.error->what();
    cases.push_back(run);
  }
  for (const auto& t : r.tables) cases.push_back(table_case(t));
  // When the whole check could not run, a passing "schema" would claim what was never checked.
  if (!r.error || !r.schema.empty()) cases.push_back(schema_case(r));
  if (!r.error || !r.orphans.empty()) cases.push_back(orphans_case(r));
  if ((r.command == "audit" && !r.error) || !r.integrity.empty()) cases.push_back(integrity_case(r));
  if ((r.command == "audit" && !r.error) || !r.drift.empty()) cases.push_back(drift_case(r));

  size_t failures = 0, errors = 0;
  for (const auto& c : cases) {
    failures += c.outcome == "failure";
    errors += c.outcome == "error";
  }
  std::string timestamp = r.started_at;  // the JUnit schema's timestamp has no zone; ours is UTC
  if (!timestamp.empty() && timestamp.back() == 'Z') timestamp.pop_back();
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<testsuite name=\"litelift " + xml(r.command, true) + "\" tests=\"" + std::to_string(cases.size()) +
         "\" failures=\"" + std::to_string(failures) + "\" errors=\"" + std::to_string(errors) +
         "\" skipped=\"0\" time=\"" + seconds(r.seconds) + "\"" +
         (timestamp.empty() ? "" : " timestamp=\"" + xml(timestamp, true) + "\"") + ">\n";
  out += "  <properties>\n";
  auto property = [&](const char* name, const std::string& value) {
    out += "    <property name=\"" + std::string(name) + "\" value=\"" + xml(value, true) + "\"/>\n";
  };
  property("version", kLiteliftVersion);
  property("mode", r.mode);
  if (!r.source.empty()) property("source", r.source);
  property("target", r.target);
  if (!r.server_version.empty()) property("server_version", r.server_version);
  property("exit_code", std::to_string(r.exit_code()));
  out += "  </properties>\n";
  const std::string classname = "litelift." + xml(r.command, true);
  for (const auto& c : cases) {
    out += "  <testcase classname=\"" + classname + "\" name=\"" + xml(c.name, true) + "\" time=\"" + seconds(c.time) +
           "\"";
    if (c.outcome.empty() && c.system_out.empty()) {
      out += "/>\n";
      continue;
    }
    out += ">\n";
    if (!c.outcome.empty())
      out += "    <" + c.outcome + " type=\"" + xml(c.type, true) + "\" message=\"" + xml(c.message, true) + "\">" +
             xml(c.details.empty() ? c.message : c.details, false) + "</" + c.outcome + ">\n";
    if (!c.system_out.empty()) out += "    <system-out>" + xml(c.system_out, false) + "</system-out>\n";
    out += "  </testcase>\n";
  }
  return out + "</testsuite>\n";
}

}  // namespace litelift
