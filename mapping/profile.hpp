// A profile of the values a column actually holds: what the mapper reads
// where the declared type does not decide. The source computes it in one
// scan per table (engines/sqlite); the mapper only reads it.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace litelift {

// What the values of one column are, as far as the mapper needs to know.
struct ColumnProfile {
  int64_t nulls = 0;
  int64_t integers = 0;
  int64_t reals = 0;
  int64_t texts = 0;
  int64_t blobs = 0;
  int64_t max_text_chars = 0;  // longest text value, in characters
  int64_t canonical_uuids = 0;  // text values in lower-case 8-4-4-4-12 hex form
  int64_t wide_integers = 0;    // integers a double cannot hold exactly (beyond +-2^53)
};

// One column to profile. Only the longest text is needed to size a
// VARCHAR; the rest costs a scan several times as long, so it is asked for
// only where the storage classes decide the type.
struct ProfileColumn {
  std::string name;  // source name
  bool full = true;  // every field of ColumnProfile; false: max_text_chars only
};

struct ProfileRequest {
  std::string table;  // source name
  std::vector<ProfileColumn> columns;
};

// Source table name -> source column name -> profile.
using Profiles = std::map<std::string, std::map<std::string, ColumnProfile>>;

}  // namespace litelift
