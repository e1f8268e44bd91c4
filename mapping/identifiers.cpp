#include "mapping/identifiers.hpp"

#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <cstdint>
#include <vector>

#include "mapping/utf8.hpp"

namespace litelift {

namespace {

bool is_valid(std::string_view s) {
  size_t code_points = 0;
  return valid_utf8(s, code_points);
}

std::string lower(std::string_view s) {
  std::string out;
  icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())))
      .toLower(icu::Locale::getRoot())
      .toUTF8String(out);
  return out;
}

// A character that belongs to a word under Snake: letters and digits
// (u_isalnum), and also combining marks and other numbers, so that a
// decomposed "é" or a "²" is kept rather than taken for punctuation.
bool word_char(UChar32 c) {
  return u_isalnum(c) || (U_GET_GC_MASK(c) & (U_GC_M_MASK | U_GC_N_MASK)) != 0;
}

std::string snake(std::string_view name) {
  const auto* p = reinterpret_cast<const uint8_t*>(name.data());
  int32_t n = static_cast<int32_t>(name.size());
  struct Char {
    UChar32 c;
    int32_t start, end;
  };
  std::vector<Char> chars;
  for (int32_t i = 0; i < n;) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    chars.push_back({c, start, i});
  }
  std::string out;
  bool in_word = false;
  for (size_t k = 0; k < chars.size(); ++k) {
    UChar32 c = chars[k].c;
    if (!word_char(c)) {
      in_word = false;
      continue;
    }
    bool boundary = !in_word;
    if (in_word && u_isupper(c)) {
      size_t j = k - 1;  // the letter before, past any combining marks
      while (j > 0 && (U_GET_GC_MASK(chars[j].c) & U_GC_M_MASK) != 0) --j;
      UChar32 prev = chars[j].c;
      bool next_lower = k + 1 < chars.size() && u_islower(chars[k + 1].c);
      // "userName", "address2Line": a capital after a small letter or a
      // digit; "HTTPServer": the last capital of a run before a small letter.
      boundary = u_islower(prev) || u_isdigit(prev) || (u_isupper(prev) && next_lower);
    }
    if (boundary && !out.empty()) out += '_';
    out.append(name.data() + chars[k].start, static_cast<size_t>(chars[k].end - chars[k].start));
    in_word = true;
  }
  return lower(out);
}

uint32_t fnv1a(std::string_view s) {
  uint32_t h = 2166136261u;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 16777619u;
  }
  return h;
}

std::string hex8(uint32_t v) {
  static const char* digits = "0123456789abcdef";
  std::string out(8, '0');
  for (int i = 7; i >= 0; --i, v >>= 4) out[static_cast<size_t>(i)] = digits[v & 15];
  return out;
}

// `name` + `suffix` when that fits; else the longest prefix of `name` (cut on
// a character boundary) + "_" + 8 hex digits of `hash` + `suffix`.
std::string fit(std::string_view name, std::string_view suffix, uint32_t hash, const Dialect& d) {
  std::string whole = std::string(name) + std::string(suffix);
  if (d.identifier_length(whole) <= d.max_identifier_length) return whole;
  std::string tail = "_" + hex8(hash) + std::string(suffix);
  size_t tail_length = d.identifier_length(tail);
  size_t room = d.max_identifier_length > tail_length ? d.max_identifier_length - tail_length : 0;
  size_t used = 0, cut = 0;
  while (cut < name.size()) {
    size_t end = cut + 1;  // past the lead byte and its continuation bytes
    while (end < name.size() && (static_cast<unsigned char>(name[end]) & 0xC0) == 0x80) ++end;
    size_t units = d.identifier_length_in_bytes ? end - cut : 1;
    if (used + units > room) break;
    used += units;
    cut = end;
  }
  return std::string(name.substr(0, cut)) + tail;
}

}  // namespace

std::string apply_identifier_case(std::string_view name, IdentifierCase c) {
  if (c == IdentifierCase::Preserve || !is_valid(name)) return std::string(name);
  std::string out = c == IdentifierCase::Lower ? lower(name) : snake(name);
  return out.empty() ? std::string(name) : out;
}

std::string shorten_identifier(std::string_view name, const Dialect& dialect) {
  return fit(name, "", fnv1a(name), dialect);
}

std::string NameSpace::claim(const std::string& wanted, std::string& why) {
  const Dialect& d = *dialect_;
  std::vector<std::string> reasons;
  std::string name = wanted;
  if (!is_valid(name)) {
    replace_invalid_utf8(wanted, name);
    reasons.push_back("is not valid UTF-8");
  }
  if (!d.identifier_may_end_with_space && !name.empty() && name.back() == ' ') {
    while (!name.empty() && name.back() == ' ') name.pop_back();
    reasons.push_back(d.check_identifier(" "));  // the dialect's words for a trailing space
    if (name.empty()) name = "_";
  }
  if (name.empty()) {
    reasons.push_back("is empty");
    name = "_";
  }
  // Valid and not empty by now, so the dialect's first complaint is the length.
  if (d.identifier_length(name) > d.max_identifier_length) reasons.push_back(d.check_identifier(name));

  // The hash is of the name as wanted, so that names a repair made equal
  // still shorten differently.
  uint32_t hash = fnv1a(wanted);
  std::string result = fit(name, "", hash, d);
  if (auto holder = holders_.find(key(result)); holder != holders_.end()) {
    reasons.push_back("collides with \"" + holder->second + "\"");
    for (int i = 2; taken(result); ++i) result = fit(name, "_" + std::to_string(i), hash, d);
  }
  reserve(result);

  why.clear();
  for (const auto& r : reasons) why += (why.empty() ? "" : "; ") + r;
  return result;
}

void NameSpace::reserve(const std::string& name) {
  holders_.emplace(key(name), name);
}

bool NameSpace::taken(const std::string& name) const {
  return holders_.count(key(name)) != 0;
}

std::string NameSpace::key(const std::string& name) const {
  if (!dialect_->identifiers_case_insensitive || !is_valid(name)) return name;
  std::string out;
  icu::UnicodeString::fromUTF8(name).foldCase(U_FOLD_CASE_DEFAULT).toUTF8String(out);
  return out;
}

}  // namespace litelift
