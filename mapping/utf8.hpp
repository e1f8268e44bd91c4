// UTF-8 checks and repairs on the way through (ICU): validation that names
// the first bad bytes, replacement of invalid sequences with U+FFFD, NUL
// removal and NFC normalisation. Pure and thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace litelift {

// True when `s` is valid UTF-8 (no surrogates, no overlong forms, nothing
// past U+10FFFF); counts code points.
bool valid_utf8(std::string_view s, size_t& code_points);

// Where the first invalid sequence starts and how long it is (ICU's
// "maximal subpart": 1 to 3 bytes). False when `s` is valid.
struct Utf8Flaw {
  size_t offset = 0;
  size_t length = 0;
};
bool find_invalid_utf8(std::string_view s, Utf8Flaw& flaw);

// "invalid UTF-8 at byte 4: 0x90" or "... : 0xE2 0x82" (the maximal subpart,
// in hex), for messages.
std::string describe_utf8_flaw(std::string_view s, const Utf8Flaw& flaw);

// Replaces every maximal invalid subpart with U+FFFD (EF BF BD), as the
// WHATWG and ICU decoders do. Returns the number of replacements.
size_t replace_invalid_utf8(std::string_view s, std::string& out);

// Removes every U+0000 byte. Returns the number removed.
size_t strip_nul(std::string_view s, std::string& out);

// NFC (ICU). `s` must be valid UTF-8. False when `s` already is NFC (then
// `out` is untouched); true when `out` holds the normalised text.
bool normalize_nfc(std::string_view s, std::string& out);


}  // namespace litelift
