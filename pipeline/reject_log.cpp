#include "pipeline/reject_log.hpp"

#include <cerrno>
#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>

#include "mapping/cast_rule.hpp"
#include "mapping/error.hpp"

namespace litelift {
namespace {

std::string hex(std::string_view bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

// Sets "value" or "value_hex" on `j` for `v`.
void put_value(nlohmann::ordered_json& j, const ValueRef& v) {
  switch (v.cls) {
    case StorageClass::Null:
      j["value"] = nullptr;
      break;
    case StorageClass::Integer:
      j["value"] = v.integer;
      break;
    case StorageClass::Real:
      if (std::isfinite(v.real))
        j["value"] = v.real;
      else
        j["value_hex"] = hex(format_double(v.real));
      break;
    case StorageClass::Text: {
      size_t chars = 0;
      if (valid_utf8(v.bytes, chars))
        j["value"] = std::string(v.bytes);
      else
        j["value_hex"] = hex(v.bytes);
      break;
    }
    case StorageClass::Blob:
      j["value_hex"] = hex(v.bytes);
      break;
  }
}

nlohmann::ordered_json key_value(const ValueRef& v) {
  nlohmann::ordered_json j;
  put_value(j, v);
  return j.contains("value") ? j["value"] : j["value_hex"];
}

// A cast rule that would let the value in, for the message; empty when none would.
std::string suggested_cast(const TablePlan& plan, const ColumnPlan& c, const ValueRef& v, const std::string& reason) {
  const std::string column = cast_rule_column(plan.source_name, c.source_name);
  const bool number = v.cls == StorageClass::Integer || v.cls == StorageClass::Real;
  switch (c.type.family) {
    case TypeFamily::Date:
    case TypeFamily::Timestamp:
    case TypeFamily::TimestampTz: {
      if (!number) return column + "=text";
      const double x = std::fabs(v.cls == StorageClass::Integer ? static_cast<double>(v.integer) : v.real);
      const char* conversion = x >= 1e6 && x < 1e7 ? "julianday" : (x >= 1e11 && x < 1e14 ? "epoch_ms" : "epoch");
      return column + "=" + (c.type.family == TypeFamily::Date ? "date" : "timestamp") + " using " + conversion;
    }
    case TypeFamily::Decimal:
      return reason.find("digits") != std::string::npos ? column + "=decimal" : column + "=text";
    case TypeFamily::Blob:
      return "";
    case TypeFamily::Varchar:
    case TypeFamily::Text:
      return v.cls == StorageClass::Blob ? column + "=blob" : "";
    default:
      return column + (v.cls == StorageClass::Blob ? "=blob" : "=text");
  }
}

}  // namespace

RowPolicy RowPolicies::of(Refusal r) const {
  switch (r) {
    case Refusal::InvalidUtf8:
      return invalid_utf8;
    case Refusal::Nul:
      return nul;
    case Refusal::Orphan:
      return orphan;
    default:
      return bad_value;
  }
}

std::string describe_row(const TablePlan& plan, const RowBatch& batch, size_t row) {
  if (plan.key_columns.empty()) return "rowid " + std::to_string(batch.key(row));
  std::string names, values;
  for (size_t i = 0; i < plan.key_columns.size(); ++i) {
    names += (i ? ", " : "") + plan.key_names[i];
    values += (i ? ", " : "") + describe_value(batch.at(row, plan.key_columns[i]));
  }
  return plan.key_columns.size() == 1 ? "key " + names + " = " + values : "key (" + names + ") = (" + values + ")";
}

std::string refused_value_message(const TablePlan& plan, const RowBatch& batch, const RejectedValue& r) {
  const ColumnPlan& c = plan.columns[r.column];
  const ValueRef v = batch.at(r.row, c.source_index);
  std::string msg = "table \"" + plan.source_name + "\", column \"" + c.source_name + "\" (" +
                    (c.declared_type.empty() ? std::string("no declared type") : c.declared_type) + " -> " +
                    c.type.sql + "), " + describe_row(plan, batch, r.row) + ": value " + describe_value(v) + " (" +
                    storage_class_name(v.cls) + ") cannot be stored unchanged: " + r.reason;
  const std::string column = cast_rule_column(plan.source_name, c.source_name);
  switch (r.refusal) {
    case Refusal::InvalidUtf8:
      msg +=
          ". Use --invalid-utf8 replace to store U+FFFD in place of the bad bytes, --invalid-utf8 reject to "
          "leave the row out, or --cast '" +
          column + "=blob' to keep the bytes";
      break;
    case Refusal::Nul:
      msg += ". Use --nul strip to remove it, --nul reject to leave the row out, or --cast '" + column +
             "=blob' to keep the bytes";
      break;
    default: {
      std::string cast = suggested_cast(plan, c, v, r.reason);
      msg += ". Use --on-bad-row reject to load the other rows and list this one in the reject file";
      if (!cast.empty()) msg += ", or --cast '" + cast + "' to change the column's type";
      break;
    }
  }
  return msg;
}

RejectLog::RejectLog(std::string path, bool create_now) : path_(std::move(path)) {
  if (create_now) open_locked();
}

void RejectLog::open_locked() {
  file_ = std::fopen(path_.c_str(), "w");
  if (!file_) throw Error(ErrorKind::Usage, "cannot write the reject file " + path_ + ": " + std::strerror(errno));
}

RejectLog::~RejectLog() {
  if (file_) std::fclose(file_);
}

int64_t RejectLog::count() const {
  std::lock_guard lock(mutex_);
  return count_;
}

void RejectLog::add(const Table& table, const TablePlan& plan, const RowBatch& batch, const RejectedValue& r) {
  const ColumnPlan& c = plan.columns[r.column];
  nlohmann::ordered_json j;
  j["table"] = table.name;
  if (plan.key_columns.empty()) {
    j["rowid"] = batch.key(r.row);
  } else {
    nlohmann::ordered_json key = nlohmann::ordered_json::object();
    for (size_t i = 0; i < plan.key_columns.size(); ++i)
      key[plan.key_names[i]] = key_value(batch.at(r.row, plan.key_columns[i]));
    j["key"] = key;
  }
  j["column"] = c.source_name;
  j["refusal"] = refusal_name(r.refusal);
  j["reason"] = r.reason;
  const ValueRef v = batch.at(r.row, c.source_index);
  j["storage_class"] = storage_class_name(v.cls);
  put_value(j, v);
  std::string line = j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";

  std::lock_guard lock(mutex_);
  if (!file_) open_locked();
  if (std::fwrite(line.data(), 1, line.size(), file_) != line.size())
    throw Error(ErrorKind::Usage, "cannot write the reject file " + path_ + ": " + std::strerror(errno));
  ++count_;
}

void RejectLog::close() {
  std::lock_guard lock(mutex_);
  if (!file_) return;
  const bool ok = std::fflush(file_) == 0;
  const int err = errno;
  std::fclose(file_);
  file_ = nullptr;
  if (!ok) throw Error(ErrorKind::Usage, "cannot write the reject file " + path_ + ": " + std::strerror(err));
}

}  // namespace litelift
