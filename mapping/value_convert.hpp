// Value conversion: one function per target family, shared by every engine's
// encoder. Each either yields the value in a form the target stores without
// change, or refuses it and says why (the run's policies then stop the run
// or reject the row). What is done to a value on its way (an offset turned
// into UTC, text kept as bytes, a repair the user asked for) is reported as
// a note bit so that the report can count it. Nothing here rounds,
// truncates or guesses.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "mapping/row_batch.hpp"
#include "mapping/target_plan.hpp"
#include "mapping/temporal.hpp"
#include "mapping/utf8.hpp"

namespace litelift {

// Why a value was refused; each has its own policy option.
enum class Refusal : uint8_t {
  None,
  BadValue,     // does not fit the column's type: --on-bad-row fail|reject
  InvalidUtf8,  // --invalid-utf8 fail|replace|reject
  Nul,          // U+0000 where the target cannot store it: --nul fail|strip|reject
  Orphan,       // a foreign key that matches no parent row: --orphans reject
};
const char* refusal_name(Refusal r);  // "bad-value", "invalid-utf8", "nul", "orphan"

// What was done to a value on its way, one bit each; the report counts them per column.
enum ConversionNote : uint32_t {
  kNoteOffsetToUtc = 1u << 0,   // date-time text with 'Z' or an offset, stored as the same instant in UTC
  kNoteTextAsBytes = 1u << 1,   // text in a blob column, stored as its UTF-8 bytes
  kNoteNumberAsText = 1u << 2,  // an integer or real in a text column, stored as its shortest text
  kNoteUtf8Replaced = 1u << 3,  // invalid UTF-8 replaced with U+FFFD (--invalid-utf8 replace)
  kNoteNulStripped = 1u << 4,   // U+0000 removed (--nul strip)
  kNoteNormalized = 1u << 5,    // rewritten to NFC (--normalize nfc)
  kNoteNumberAsJson = 1u << 6,  // an integer or real in a JSON column, stored as a JSON number
  kNoteNegativeZero = 1u << 7,  // -0.0 stored as 0 (the target has no negative zero)
  kNoteUuidLowered = 1u << 8,   // an upper-case UUID, which the target spells in lower case
  kNoteNumberAsTime = 1u << 9,  // a number read as a date or time by a cast rule's "using"
};
constexpr int kConversionNoteCount = 10;
// "values with a UTC offset, stored as the same instant in UTC", ... (bit index 0..kConversionNoteCount-1)
const char* conversion_note_text(int bit);

// The result of one conversion: refused or not, and its notes.
struct Outcome {
  Refusal refusal = Refusal::None;
  uint32_t notes = 0;
  std::string reason;  // why it was refused: "has 3 digits after the point; ..."

  // Sets the refusal and returns false, for `return o.refuse(...)`.
  bool refuse(Refusal r, std::string why) {
    refusal = r;
    reason = std::move(why);
    return false;
  }
};

bool to_integer(const ValueRef& v, int64_t& out, Outcome& o);
// `negative_zero`: the target keeps -0.0; when false, -0.0 becomes 0 with kNoteNegativeZero.
// `infinities`: the target stores +-infinity; when false they are refused.
bool to_real(const ValueRef& v, bool negative_zero, bool infinities, double& out, Outcome& o);
// `out` is the canonical decimal text: optional '-', digits, optional '.'
// and digits without trailing zeros ("-12.5", "0", "100"). precision 0 means
// unconstrained.
bool to_decimal(const ValueRef& v, int precision, int scale, std::string& out, Outcome& o);

// The text policies of a column: the target's limits and the run's options.
struct TextRules {
  int max_chars = 0;             // 0: unbounded
  bool nul_allowed = false;      // the target stores U+0000 in text
  bool replace_invalid = false;  // --invalid-utf8 replace (else refuse: InvalidUtf8)
  bool strip_nul = false;        // --nul strip (else refuse: Nul, when !nul_allowed)
  bool nfc = false;              // --normalize nfc
};
// `scratch` holds the text when it had to be made or repaired.
bool to_text(const ValueRef& v, const TextRules& rules, std::string& scratch, std::string_view& out, Outcome& o);
bool to_blob(const ValueRef& v, int max_bytes, std::string_view& out, Outcome& o);  // max_bytes 0: unbounded
bool to_boolean(const ValueRef& v, bool& out, Outcome& o);

// Days since 2000-01-01.
bool to_date(const ValueRef& v, TemporalSource source, int32_t& days, Outcome& o);
// Microseconds since midnight.
bool to_time(const ValueRef& v, int64_t& micros_of_day, Outcome& o);
// Microseconds since 2000-01-01 00:00:00 UTC. Text without an offset is
// taken as written (UTC by SQLite's own convention).
bool to_timestamp(const ValueRef& v, TemporalSource source, int64_t& micros, Outcome& o);

// One JSON document (RFC 8259: blanks around it, nothing else after it, no
// byte-order mark), passed on as written. `parsed_target`: the target stores
// parsed JSON (jsonb, MySQL 8's JSON), which keeps the JSON value but not
// duplicate keys or \u0000, and holds numbers as `numbers` says; those it
// cannot keep are refused. A target that keeps the text takes any number.
bool to_json(const ValueRef& v, bool parsed_target, JsonNumbers numbers, std::string& scratch, std::string_view& out,
             Outcome& o);
// Canonical 8-4-4-4-12 hex text -> 16 bytes.
bool to_uuid(const ValueRef& v, unsigned char out[16], Outcome& o);

// Shortest decimal text that reads back as exactly `d` ("0.1", "1e+300").
std::string format_double(double d);
void append_double(std::string& out, double d);

}  // namespace litelift
