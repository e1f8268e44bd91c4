#include "verify/run_report.hpp"

#include <cerrno>
#include <cstring>
#include <ctime>
#include <fstream>
#include <nlohmann/json.hpp>

#include "litelift_version.hpp"
#include "pipeline/progress.hpp"
#include "verify/verify_output.hpp"

namespace litelift {
namespace {

std::string ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0 ? suffix : "";
}

std::string rate(int64_t rows, double seconds) {
  if (seconds <= 0) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f", static_cast<double>(rows) / seconds);
  return buf;
}

const TableVerify* count_for(const RunReport& r, const std::string& table) {
  if (!r.verification) return nullptr;
  for (const auto& c : r.verification->tables)
    if (c.table == table) return &c;
  return nullptr;
}

}  // namespace

const char* error_kind_name(ErrorKind k) {
  switch (k) {
    case ErrorKind::Usage:
      return "usage";
    case ErrorKind::SourceMissing:
      return "source-missing";
    case ErrorKind::SourceInvalid:
      return "source-invalid";
    case ErrorKind::TargetConnect:
      return "target-unreachable";
    case ErrorKind::Target:
      return "target";
    case ErrorKind::Locked:
      return "locked";
    case ErrorKind::Interrupted:
      return "interrupted";
    case ErrorKind::Data:
      return "data";
    case ErrorKind::Mismatch:
      return "mismatch";
    case ErrorKind::Internal:
      return "internal";
  }
  return "internal";
}

std::string utc_now_iso() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

int RunReport::exit_code() const {
  if (error) return error->exit_code();
  if (verification && verification->bits() != 0) return kExitProblems;
  if (rows_rejected > 0) return kExitProblems;
  return kExitOk;
}

std::string RunReport::status() const {
  if (error) return "failed";
  if (verification && verification->bits() != 0) return "differences";
  if (rows_rejected > 0) return "rejected";
  return "ok";
}

namespace {

const TablePlan* plan_for(const RunReport& r, const std::string& target_name) {
  for (const auto& t : r.plan.tables)
    if (t.name == target_name) return &t;
  return nullptr;
}

}  // namespace

std::string report_json(const RunReport& r) {
  nlohmann::ordered_json j;
  j["litelift_version"] = kLiteliftVersion;
  j["command"] = r.command;
  j["status"] = r.status();
  j["exit_code"] = r.exit_code();
  j["source"] = r.source;
  j["target"] = r.target;
  j["server_version"] = r.server_version;
  j["started_at"] = r.started_at;
  j["seconds"] = r.seconds;
  j["verify"] = r.verify_mode;
  j["tables"] = nlohmann::ordered_json::array();
  for (const auto& t : r.tables) {
    nlohmann::ordered_json row;
    row["name"] = t.name;
    row["source_name"] = t.source_name;
    row["source_rows"] = t.source_rows;
    row["rows_read"] = t.rows_read;
    row["rows_written"] = t.loaded_rows;
    row["rows_rejected"] = t.rows_rejected;
    row["loaded_rows"] = t.loaded_rows;
    row["seconds"] = t.seconds;
    row["rows_per_second"] = t.seconds > 0 ? static_cast<double>(t.loaded_rows) / t.seconds : 0.0;
    if (const TableVerify* c = count_for(r, t.name)) {
      row["target_rows"] = c->target_rows;
      row["counts_match"] = c->counts_match;
    }
    if (const TablePlan* tp = plan_for(r, t.name)) {
      row["columns"] = nlohmann::ordered_json::array();
      for (const auto& c : tp->columns)
        row["columns"].push_back({{"source", c.source_name},
                                  {"name", c.name},
                                  {"declared_type", c.declared_type},
                                  {"type", c.type.sql},
                                  {"why", c.why}});
    }
    row["conversions"] = nlohmann::ordered_json::array();
    for (const auto& n : t.notes)
      row["conversions"].push_back({{"column", n.column}, {"values", n.values}, {"what", n.message}});
    j["tables"].push_back(row);
  }
  if (!r.rejects_path.empty() || r.rows_rejected > 0)
    j["rejects"] = {{"rows", r.rows_rejected}, {"file", r.rejects_path}};
  if (r.verification) j["verification"] = nlohmann::ordered_json::parse(verify_json(*r.verification));
  j["objects"] = nlohmann::ordered_json::array();
  for (const auto& o : r.plan.objects)
    j["objects"].push_back({{"kind", o.kind},
                            {"table", o.table},
                            {"name", o.name},
                            {"status", o.status},
                            {"target", o.target},
                            {"reason", o.reason}});
  j["notes"] = nlohmann::ordered_json::array();
  for (const auto& n : r.notes) j["notes"].push_back({{"object", n.object}, {"message", n.message}});
  if (!r.dropped_after_failure.empty()) j["dropped_after_failure"] = r.dropped_after_failure;
  if (r.error) {
    nlohmann::ordered_json e;
    e["kind"] = error_kind_name(r.error->kind());
    e["message"] = r.error->what();
    if (!r.error->sqlstate.empty()) e["sqlstate"] = r.error->sqlstate;
    if (r.error->server_code) e["server_code"] = r.error->server_code;
    if (!r.error->table.empty()) e["table"] = r.error->table;
    if (!r.error->column.empty()) e["column"] = r.error->column;
    j["error"] = e;
  }
  // Invalid UTF-8 in a message (a quoted value) must not make the report unwritable.
  return j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

std::string report_text(const RunReport& r) {
  std::string out;
  char line[512];
  out += "litelift " + r.command + ": " + r.source + " -> " + r.target;
  if (!r.server_version.empty()) out += " (server " + r.server_version + ")";
  out += "\n";
  if (!r.tables.empty()) {
    // The rejected column only when rows were rejected, so a clean run reads as before.
    const bool rejects = r.rows_rejected > 0;
    std::snprintf(line, sizeof line, "%-28s %14s %14s%s %10s %12s  %s\n", "table", "source rows", "target rows",
                  rejects ? "       rejected" : "", "time", "rows/s", "count");
    out += line;
    int64_t total_src = 0, total_loaded = 0;
    for (const auto& t : r.tables) {
      const TableVerify* c = count_for(r, t.name);
      std::string target =
          c ? (c->target_rows < 0 ? "missing" : std::to_string(c->target_rows)) : std::to_string(t.loaded_rows);
      std::string check = c ? (c->counts_match && c->rows_match() ? "ok" : "MISMATCH") : "-";
      char rejected[32] = "";
      if (rejects) std::snprintf(rejected, sizeof rejected, " %14lld", static_cast<long long>(t.rows_rejected));
      std::snprintf(line, sizeof line, "%-28s %14lld %14s%s %9.2fs %12s  %s\n", t.name.c_str(),
                    static_cast<long long>(t.source_rows), target.c_str(), rejected, t.seconds,
                    rate(t.loaded_rows, t.seconds).c_str(), check.c_str());
      out += line;
      total_src += t.source_rows;
      total_loaded += t.loaded_rows;
    }
    char rejected[32] = "";
    if (rejects) std::snprintf(rejected, sizeof rejected, " %14lld", static_cast<long long>(r.rows_rejected));
    std::snprintf(line, sizeof line, "%-28s %14lld %14lld%s %9.2fs %12s\n", "total", static_cast<long long>(total_src),
                  static_cast<long long>(total_loaded), rejected, r.seconds, rate(total_loaded, r.seconds).c_str());
    out += line;
  }
  for (const auto& t : r.tables)
    for (const auto& n : t.notes)
      out += "converted: " + t.source_name + "." + n.column + ": " + std::to_string(n.values) + " " + n.message + "\n";
  for (const auto& n : r.notes) out += "note: " + n.object + ": " + n.message + "\n";
  if (r.rows_rejected > 0) {
    out += "rejected: " + std::to_string(r.rows_rejected) + " rows, listed in " + r.rejects_path + " (";
    bool first = true;
    for (const auto& t : r.tables)
      if (t.rows_rejected > 0) {
        out += (first ? "" : ", ") + t.source_name + ": " + std::to_string(t.rows_rejected);
        first = false;
      }
    out += ")\n";
  }
  if (r.verification) out += verify_text(*r.verification);
  if (!r.dropped_after_failure.empty()) {
    out += "dropped the tables this run had created:";
    for (const auto& t : r.dropped_after_failure) out += " " + t;
    out += "\n";
  }
  out +=
      "status: " + r.status() + " (exit " + std::to_string(r.exit_code()) + ", " + format_duration(r.seconds) + ")\n";
  return out;
}

std::string report_markdown(const RunReport& r) {
  std::string out = "# litelift " + r.command + "\n\n";
  out += "- source: `" + r.source + "`\n- target: `" + r.target + "`\n";
  if (!r.server_version.empty()) out += "- server: " + r.server_version + "\n";
  out += "- started: " + r.started_at + "\n- status: **" + r.status() + "** (exit " + std::to_string(r.exit_code()) +
         ")\n";
  if (r.error) out += "- error: " + std::string(r.error->what()) + "\n";
  if (!r.tables.empty()) {
    out +=
        "\n| table | source rows | target rows | rejected | seconds | rows/s | count |\n"
        "|---|---:|---:|---:|---:|---:|---|\n";
    for (const auto& t : r.tables) {
      const TableVerify* c = count_for(r, t.name);
      char secs[32];
      std::snprintf(secs, sizeof secs, "%.2f", t.seconds);
      out += "| " + t.name + " | " + std::to_string(t.source_rows) + " | " +
             (c ? std::to_string(c->target_rows) : std::to_string(t.loaded_rows)) + " | " +
             std::to_string(t.rows_rejected) + " | " + secs + " | " + rate(t.loaded_rows, t.seconds) + " | " +
             (c ? (c->counts_match && c->rows_match() ? "ok" : "MISMATCH") : "-") + " |\n";
    }
  }
  if (r.rows_rejected > 0)
    out += "\n" + std::to_string(r.rows_rejected) + " rows rejected, listed in `" + r.rejects_path + "`.\n";
  bool conversions = false;
  for (const auto& t : r.tables)
    for (const auto& n : t.notes) {
      if (!conversions) out += "\n## Conversions\n\n";
      conversions = true;
      out += "- " + t.source_name + "." + n.column + ": " + std::to_string(n.values) + " " + n.message + "\n";
    }
  if (!r.plan.tables.empty()) {
    out += "\n## Column mapping\n\n| column | declared | target type | why |\n|---|---|---|---|\n";
    for (const auto& t : r.plan.tables)
      for (const auto& c : t.columns)
        out += "| " + t.source_name + "." + c.source_name + " | " + c.declared_type + " | " + c.type.sql + " | " +
               c.why + " |\n";
  }
  if (!r.notes.empty()) {
    out += "\n## Notes\n\n";
    for (const auto& n : r.notes) out += "- " + n.object + ": " + n.message + "\n";
  }
  return out;
}

void check_report_path(const std::string& path) {
  if (ends_with(path, ".json").empty() && ends_with(path, ".md").empty())
    throw Error(ErrorKind::Usage, "--report " + path + ": unsupported format (use a .json or .md file name)");
}

void write_report(const RunReport& report, const std::string& path) {
  check_report_path(path);
  write_text_file(path, ends_with(path, ".json").empty() ? report_markdown(report) : report_json(report));
}

void write_text_file(const std::string& path, const std::string& body) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  if (!f) throw Error(ErrorKind::Usage, "cannot write report " + path + ": " + std::strerror(errno));
  f << body;
  if (!f.flush()) throw Error(ErrorKind::Usage, "cannot write report " + path + ": " + std::strerror(errno));
}

}  // namespace litelift
