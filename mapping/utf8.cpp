#include "mapping/utf8.hpp"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/utf8.h>

namespace litelift {

bool valid_utf8(std::string_view s, size_t& code_points) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  int32_t i = 0, n = static_cast<int32_t>(s.size());
  size_t count = 0;
  // ASCII fast path, ICU's decoder for the rest.
  while (i < n) {
    if (p[i] < 0x80) {
      ++i;
      ++count;
      continue;
    }
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) return false;
    ++count;
  }
  code_points = count;
  return true;
}

bool find_invalid_utf8(std::string_view s, Utf8Flaw& flaw) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  int32_t i = 0, n = static_cast<int32_t>(s.size());
  while (i < n) {
    if (p[i] < 0x80) {
      ++i;
      continue;
    }
    int32_t start = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) {
      flaw.offset = static_cast<size_t>(start);
      flaw.length = static_cast<size_t>(i - start);
      return true;
    }
  }
  return false;
}

std::string describe_utf8_flaw(std::string_view s, const Utf8Flaw& flaw) {
  static const char* hex = "0123456789ABCDEF";
  std::string out = "invalid UTF-8 at byte " + std::to_string(flaw.offset) + ":";
  for (size_t i = flaw.offset; i < flaw.offset + flaw.length && i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    out += " 0x";
    out += hex[c >> 4];
    out += hex[c & 15];
  }
  return out;
}

size_t replace_invalid_utf8(std::string_view s, std::string& out) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  int32_t i = 0, n = static_cast<int32_t>(s.size());
  size_t replaced = 0;
  out.clear();
  out.reserve(s.size() + 8);
  while (i < n) {
    int32_t start = i;
    if (p[i] < 0x80) {
      out += static_cast<char>(p[i++]);
      continue;
    }
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) {
      out += "\xEF\xBF\xBD";
      ++replaced;
    } else {
      out.append(s.data() + start, static_cast<size_t>(i - start));
    }
  }
  return replaced;
}

size_t strip_nul(std::string_view s, std::string& out) {
  out.clear();
  out.reserve(s.size());
  size_t removed = 0;
  for (char c : s) {
    if (c == '\0')
      ++removed;
    else
      out += c;
  }
  return removed;
}

bool normalize_nfc(std::string_view s, std::string& out) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return false;
  // Most text is already NFC: a quick check on the bytes before any copy.
  if (nfc->isNormalizedUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())), status) && U_SUCCESS(status))
    return false;
  status = U_ZERO_ERROR;
  std::string normalized;
  icu::StringByteSink<std::string> sink(&normalized);
  nfc->normalizeUTF8(0, icu::StringPiece(s.data(), static_cast<int32_t>(s.size())), sink, nullptr, status);
  if (U_FAILURE(status) || normalized == s) return false;
  out = std::move(normalized);
  return true;
}


}  // namespace litelift
