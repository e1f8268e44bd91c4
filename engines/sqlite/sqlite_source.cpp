#include "engines/sqlite/sqlite_source.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>
#include <strings.h>
#include <sys/stat.h>
#include <xxhash.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <memory>
#include <sstream>
#include <vector>

#include "engines/sqlite/sqlite_slice_reader.hpp"
#include "mapping/error.hpp"

namespace litelift {

void throw_sqlite_error(const std::string& path, const std::string& doing, int code, const std::string& message) {
  int primary = code & 0xFF;
  if (primary == SQLITE_NOTADB)
    throw Error(ErrorKind::SourceInvalid, "source '" + path + "' is not a SQLite database (" + message + ")");
  if (primary == SQLITE_CORRUPT)
    throw Error(ErrorKind::SourceInvalid, "source '" + path + "' is corrupt: " + doing + ": " + message);
  if (primary == SQLITE_CANTOPEN || primary == SQLITE_PERM || primary == SQLITE_AUTH)
    throw Error(ErrorKind::SourceMissing, "cannot open source '" + path + "': " + message);
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
    throw Error(ErrorKind::SourceMissing, "source '" + path + "' is locked by another process: " + doing + ": " +
                                              message + "; wait for it to finish, or give --busy-timeout more seconds");
  throw Error(ErrorKind::SourceInvalid, "source '" + path + "': " + doing + ": " + message);
}

namespace {

uint32_t big_endian32(const unsigned char* p) {
  return uint32_t{p[0]} << 24 | uint32_t{p[1]} << 16 | uint32_t{p[2]} << 8 | uint32_t{p[3]};
}

// The first bytes of the file (up to 100, the size of SQLite's header).
std::string file_head(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::string head(100, '\0');
  f.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<size_t>(f.gcount()));
  return head;
}

// Neither SQLite nor text: most likely an encrypted database (SQLCipher
// starts the file with a random salt).
bool looks_encrypted(const std::string& head) {
  if (head.size() < 16) return false;
  for (size_t i = 0; i < 16; ++i) {
    const unsigned char c = static_cast<unsigned char>(head[i]);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return true;
    if (c >= 0x7f) return true;
  }
  return false;
}

// Explains SQLITE_CORRUPT for a file cut short (a copy that did not finish):
// the header records the database's size in pages (fileformat.html, offsets
// 16, 28; valid when the change counter at 24 equals the one at 92).
std::string truncation(const std::string& head, uint64_t file_size) {
  if (head.size() < 100 || head.compare(0, 16, std::string("SQLite format 3\0", 16)) != 0) return {};
  const auto* h = reinterpret_cast<const unsigned char*>(head.data());
  uint64_t page_size = uint64_t{h[16]} << 8 | h[17];
  if (page_size == 1) page_size = 65536;
  const uint64_t pages = big_endian32(h + 28);
  if (pages == 0 || big_endian32(h + 24) != big_endian32(h + 92) || file_size >= pages * page_size) return {};
  return "its header records " + std::to_string(pages) + " pages of " + std::to_string(page_size) + " bytes (" +
         std::to_string(pages * page_size) + " bytes), the file has " + std::to_string(file_size) +
         " bytes: it was cut short";
}

// quick_check also reports values a column's declared type or NOT NULL
// should have kept out ("NULL value in t.c", "TEXT value in t.c", "non-INTEGER
// value in t.c" for STRICT tables): the file is sound, and the value checks
// name each such value with its row and the option that handles it.
bool value_problem(const std::string& line) {
  const size_t at = line.find(" value in ");
  return (at != std::string::npos && line.find(' ') == at) || line.rfind("CHECK constraint failed in ", 0) == 0;
}

// PRAGMA quick_check: the first problem with the file itself, and how many
// there are (it stops counting at its limit).
void quick_check(SQLite::Database& db, const std::string& path) {
  constexpr int kLimit = 10000;
  SQLite::Statement q(db, "PRAGMA quick_check(" + std::to_string(kLimit) + ")");
  std::vector<std::string> problems;
  int lines = 0;
  // One problem per line; rows may hold several lines.
  while (q.executeStep()) {
    std::istringstream rows(q.getColumn(0).getText());
    for (std::string line; std::getline(rows, line);) {
      if (line == "ok" || line.rfind("*** in database", 0) == 0) continue;
      ++lines;
      if (!value_problem(line)) problems.push_back(line);
    }
  }
  if (problems.empty()) return;
  std::string more;
  if (problems.size() > 1)
    more = " (and " + std::string(lines >= kLimit ? "at least " : "") + std::to_string(problems.size() - 1) + " more)";
  throw Error(ErrorKind::SourceInvalid, "source '" + path + "' is corrupt: PRAGMA quick_check: " + problems.front() +
                                            more + ". Recover it with sqlite3 '" + path +
                                            "' .recover, or use --skip-integrity-check to read it as it is");
}

}  // namespace

std::unique_ptr<SqliteSource> SqliteSource::open(const std::string& path, const SourceOpenOptions& options) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0)
    throw Error(ErrorKind::SourceMissing, "cannot open source '" + path + "': " + std::strerror(errno));
  if (!S_ISREG(st.st_mode))
    throw Error(ErrorKind::SourceMissing, "cannot open source '" + path + "': not a regular file");
  if (st.st_size == 0)
    throw Error(ErrorKind::SourceInvalid,
                "source '" + path + "' is an empty file (0 bytes), not a database with tables; check the path");
  std::unique_ptr<SqliteSource> src(new SqliteSource(path, options));
  src->file_.size = static_cast<int64_t>(st.st_size);
  std::tm tm{};
  gmtime_r(&st.st_mtim.tv_sec, &tm);
  char when[48];
  const size_t n = std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
  std::snprintf(when + n, sizeof when - n, ".%09ldZ", static_cast<long>(st.st_mtim.tv_nsec));
  src->file_.mtime = when;
  try {
    src->holder_ = std::make_shared<SQLite::Database>(path, SQLite::OPEN_READONLY | SQLITE_OPEN_FULLMUTEX,
                                                      options.busy_timeout_seconds * 1000);
    src->holder_->exec("BEGIN");
    // The first read fixes the snapshot (and tells a SQLite file from anything else).
    SQLite::Statement mode(*src->holder_, "PRAGMA journal_mode");
    src->wal_ = mode.executeStep() && std::string(mode.getColumn(0).getText()) == "wal";
    if (options.integrity_check) quick_check(*src->holder_, path);
    src->schema_ = read_sqlite_schema(*src->holder_);
  } catch (const SQLite::Exception& e) {
    const int primary = e.getErrorCode() & 0xFF;
    if (primary == SQLITE_NOTADB && looks_encrypted(file_head(path)))
      throw Error(ErrorKind::SourceInvalid, "source '" + path + "' is not a SQLite database (" + e.what() +
                                                "); if it is an encrypted one (SQLCipher), decrypt it first");
    if (primary == SQLITE_CORRUPT) {
      const std::string cut = truncation(file_head(path), static_cast<uint64_t>(st.st_size));
      if (!cut.empty()) throw Error(ErrorKind::SourceInvalid, "source '" + path + "' is truncated: " + cut);
    }
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
      throw Error(ErrorKind::SourceMissing, "source '" + path + "' is locked by another process (still locked after " +
                                                std::to_string(options.busy_timeout_seconds) + " s: " + e.what() +
                                                "); wait for it to finish, or give --busy-timeout more seconds");
    throw_sqlite_error(path, "opening it", e.getExtendedErrorCode(), e.what());
  }
  if (src->schema_.tables.empty())
    throw Error(ErrorKind::SourceInvalid,
                "source '" + path + "' has no tables (an empty SQLite database); nothing to read, check the path");
  return src;
}

SqliteSource::~SqliteSource() = default;

SourceFingerprint SqliteSource::fingerprint() {
  SourceFingerprint f = file_;
  std::lock_guard lock(holder_mutex_);
  try {
    SQLite::Statement pages(*holder_, "PRAGMA page_count");
    if (pages.executeStep()) f.page_count = pages.getColumn(0).getInt64();
    XXH3_state_t* state = XXH3_createState();
    if (!state) throw Error(ErrorKind::Internal, "out of memory hashing the schema");
    std::unique_ptr<XXH3_state_t, XXH_errorcode (*)(XXH3_state_t*)> owned(state, XXH3_freeState);
    XXH3_128bits_reset(state);
    SQLite::Statement rows(*holder_, "SELECT type, name, coalesce(sql, '') FROM sqlite_schema ORDER BY rowid");
    while (rows.executeStep())
      for (int i = 0; i < 3; ++i) {
        const std::string v = rows.getColumn(i).getString();
        const uint64_t size = v.size();  // length-prefixed: ("ab", "c") and ("a", "bc") differ
        XXH3_128bits_update(state, &size, sizeof size);
        XXH3_128bits_update(state, v.data(), v.size());
      }
    const XXH128_hash_t h = XXH3_128bits_digest(state);
    char hex[33];
    std::snprintf(hex, sizeof hex, "%016llx%016llx", static_cast<unsigned long long>(h.high64),
                  static_cast<unsigned long long>(h.low64));
    f.schema_hash = hex;
  } catch (const SQLite::Exception& e) {
    throw_sqlite_error(path_, "reading the page count and schema", e.getExtendedErrorCode(), e.what());
  }
  return f;
}

std::string sqlite_quote(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string sqlite_rowid_expression(const Table& table) {
  if (table.rowid_alias >= 0) return sqlite_quote(table.columns[table.rowid_alias].name);
  for (const char* name : {"rowid", "_rowid_", "oid"}) {
    bool shadowed = false;
    for (const auto& c : table.columns)
      if (strcasecmp(c.name.c_str(), name) == 0) shadowed = true;
    if (!shadowed) return name;
  }
  return {};
}

int64_t SqliteSource::count_rows(const Table& table) {
  std::lock_guard lock(holder_mutex_);
  auto it = counts_.find(table.name);
  if (it != counts_.end()) return it->second;
  try {
    SQLite::Statement q(*holder_, "SELECT count(*) FROM " + sqlite_quote(table.name));
    q.executeStep();
    int64_t n = q.getColumn(0).getInt64();
    counts_[table.name] = n;
    return n;
  } catch (const SQLite::Exception& e) {
    throw_sqlite_error(path_, "counting rows of \"" + table.name + "\"", e.getExtendedErrorCode(), e.what());
  }
}

std::map<std::string, ColumnProfile> SqliteSource::profile_columns(const Table& table,
                                                                   const std::vector<ProfileColumn>& columns) {
  std::map<std::string, ColumnProfile> out;
  if (columns.empty()) return out;
  static const char* kUuid =
      "'[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-"
      "[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]"
      "[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]'";
  // One pass. length() counts the characters of text (and the bytes of a blob).
  std::string sql = "SELECT ";
  std::vector<int> first(columns.size());
  int n = 0;
  for (size_t i = 0; i < columns.size(); ++i) {
    const std::string c = sqlite_quote(columns[i].name);
    const std::string t = "typeof(" + c + ")";
    first[i] = n;
    if (n) sql += ", ";
    if (!columns[i].full) {
      sql += "max(length(" + c + "))";
      n += 1;
      continue;
    }
    sql += "max(CASE WHEN " + t + " = 'text' THEN length(" + c + ") END), total(" + t + " = 'null'), total(" + t +
           " = 'integer'), total(" + t + " = 'real'), total(" + t + " = 'text'), total(" + t + " = 'blob'), total(" +
           t + " = 'text' AND length(" + c + ") = 36 AND " + c + " GLOB " + kUuid + "), total(" + t +
           " = 'integer' AND (" + c + " > 9007199254740992 OR " + c + " < -9007199254740992))";
    n += 8;
  }
  sql += " FROM " + sqlite_quote(table.name);
  std::shared_ptr<SQLite::Database> db = reader_connection();
  std::unique_lock<std::mutex> lock(holder_mutex_, std::defer_lock);
  if (db == holder_) lock.lock();
  try {
    SQLite::Statement q(*db, sql);
    q.executeStep();
    for (size_t i = 0; i < columns.size(); ++i) {
      auto v = [&](int k) {
        const int at = first[i] + k;
        return q.getColumn(at).isNull() ? int64_t{0} : q.getColumn(at).getInt64();
      };
      ColumnProfile p;
      p.max_text_chars = v(0);
      if (columns[i].full) {
        p.nulls = v(1);
        p.integers = v(2);
        p.reals = v(3);
        p.texts = v(4);
        p.blobs = v(5);
        p.canonical_uuids = v(6);
        p.wide_integers = v(7);
      }
      out[columns[i].name] = p;
    }
  } catch (const SQLite::Exception& e) {
    throw_sqlite_error(path_, "profiling the values of \"" + table.name + "\"", e.getExtendedErrorCode(), e.what());
  }
  return out;
}

std::optional<int64_t> SqliteSource::max_rowid(const Table& table) {
  std::string rowid = sqlite_rowid_expression(table);
  if (table.without_rowid || rowid.empty()) return std::nullopt;
  std::lock_guard lock(holder_mutex_);
  try {
    SQLite::Statement q(*holder_, "SELECT max(" + rowid + ") FROM " + sqlite_quote(table.name));
    q.executeStep();
    if (q.getColumn(0).isNull()) return std::nullopt;
    return q.getColumn(0).getInt64();
  } catch (const SQLite::Exception& e) {
    throw_sqlite_error(path_, "reading the rowids of \"" + table.name + "\"", e.getExtendedErrorCode(), e.what());
  }
}

std::vector<Slice> SqliteSource::plan_slices(const Table& table, int64_t rows_per_slice) {
  int64_t rows = count_rows(table);
  Slice whole;
  whole.table = table.name;
  whole.estimated_rows = rows;
  std::string rowid = sqlite_rowid_expression(table);
  if (table.without_rowid || rowid.empty() || rows <= rows_per_slice || rows_per_slice <= 0) return {whole};
  int64_t lo = 0, hi = 0;
  {
    std::lock_guard lock(holder_mutex_);
    SQLite::Statement q(*holder_, "SELECT min(" + rowid + "), max(" + rowid + ") FROM " + sqlite_quote(table.name));
    q.executeStep();
    lo = q.getColumn(0).getInt64();
    hi = q.getColumn(1).getInt64();
  }
  int64_t parts = (rows + rows_per_slice - 1) / rows_per_slice;
  // Split the rowid span evenly; computed in long double to avoid overflow on wide spans.
  long double span = static_cast<long double>(hi) - static_cast<long double>(lo) + 1;
  std::vector<Slice> slices;
  int64_t first = lo;
  for (int64_t i = 1; i <= parts; ++i) {
    int64_t last = i == parts ? hi : lo + static_cast<int64_t>(span * i / parts) - 1;
    if (last < first) continue;
    Slice s;
    s.table = table.name;
    s.whole = false;
    s.first = first;
    s.last = last;
    s.estimated_rows = rows / parts;
    slices.push_back(s);
    first = last + 1;
  }
  return slices;
}

std::shared_ptr<SQLite::Database> SqliteSource::reader_connection() {
  if (wal_) return holder_;
  // Rollback journal: our held shared lock keeps the file as it is, so a
  // connection of the reader's own sees the same snapshot without contention.
  // One thread uses it: no mutex around every sqlite3_column_* call.
  try {
    auto db = std::make_shared<SQLite::Database>(path_, SQLite::OPEN_READONLY | SQLITE_OPEN_NOMUTEX,
                                                 options_.busy_timeout_seconds * 1000);
    db->exec("BEGIN");
    return db;
  } catch (const SQLite::Exception& e) {
    throw_sqlite_error(path_, "opening a reader", e.getExtendedErrorCode(), e.what());
  }
}

std::unique_ptr<SliceReader> SqliteSource::open_slice(const Table& table, const Slice& slice,
                                                      const std::vector<OrphanRule>& orphans) {
  return std::make_unique<SqliteSliceReader>(path_, reader_connection(), table, slice, orphans);
}

}  // namespace litelift

namespace litelift {

namespace {

// SQLite's rule for INTEGER affinity: the declared type contains "INT".
bool integer_affinity(const std::string& declared_type) {
  std::string upper;
  for (char c : declared_type) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return upper.find("INT") != std::string::npos;
}

}  // namespace

int64_t SqliteSource::orphan_rows(const Table& table, const std::vector<std::string>& columns,
                                  const std::string& parent_table, const std::vector<std::string>& parent_columns,
                                  size_t limit, std::vector<int64_t>& sample) {
  std::string where, match;
  for (size_t i = 0; i < columns.size(); ++i) {
    where += (i ? " AND c." : "c.") + sqlite_quote(columns[i]) + " IS NOT NULL";
    match += (i ? " AND p." : "p.") + sqlite_quote(parent_columns[i]) + " = c." + sqlite_quote(columns[i]);
  }
  std::string from = " FROM " + sqlite_quote(table.name) + " AS c WHERE " + where + " AND NOT EXISTS (SELECT 1 FROM " +
                     sqlite_quote(parent_table) + " AS p WHERE " + match + ")";
  std::string rowid = sqlite_rowid_expression(table);
  // A small parent keyed by its rowid, a large child with an integer key:
  // one seek per child row into a parent table whose rows are wide misses
  // the page cache on every row (1.4 s for 1M order_items -> 20k products);
  // NOT IN reads the parent's keys once into a temporary index (0.3 s). The
  // "IS NOT NULL" keeps SQLite from turning the NOT IN back into rowid
  // seeks. Both sides are integers there, so both forms compare alike. A
  // parent nearly as large as the child costs more to index than to seek.
  const Table* parent = schema_.find(parent_table);
  const int child_column = table.column_index(columns.front());
  if (columns.size() == 1 && parent && parent->rowid_alias >= 0 &&
      same_sqlite_name(parent->columns[static_cast<size_t>(parent->rowid_alias)].name, parent_columns.front()) &&
      child_column >= 0 && integer_affinity(table.columns[static_cast<size_t>(child_column)].declared_type) &&
      count_rows(*parent) * 5 < count_rows(table)) {
    from = " FROM " + sqlite_quote(table.name) + " AS c WHERE " + where + " AND c." + sqlite_quote(columns.front()) +
           " NOT IN (SELECT p." + sqlite_quote(parent_columns.front()) + " FROM " + sqlite_quote(parent_table) +
           " AS p WHERE p." + sqlite_quote(parent_columns.front()) + " IS NOT NULL)";
  }
  std::shared_ptr<SQLite::Database> db = reader_connection();
  std::unique_lock<std::mutex> lock(holder_mutex_, std::defer_lock);
  if (db == holder_) lock.lock();
  try {
    SQLite::Statement count(*db, "SELECT count(*)" + from);
    count.executeStep();
    int64_t n = count.getColumn(0).getInt64();
    sample.clear();
    if (n > 0 && !table.without_rowid && !rowid.empty()) {
      SQLite::Statement rows(*db, "SELECT c." + rowid + from + " ORDER BY 1 LIMIT " + std::to_string(limit));
      while (rows.executeStep()) sample.push_back(rows.getColumn(0).getInt64());
    }
    return n;
  } catch (const SQLite::Exception& e) {
    throw_sqlite_error(path_, "checking foreign keys of \"" + table.name + "\"", e.getExtendedErrorCode(), e.what());
  }
}

}  // namespace litelift
