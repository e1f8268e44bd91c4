#include "mapping/dialect.hpp"

#include "mapping/utf8.hpp"

namespace litelift {

std::string Dialect::quote_identifier(std::string_view name) const {
  std::string out;
  out.reserve(name.size() + 2);
  out += quote;
  for (char c : name) {
    if (c == quote) out += quote;
    out += c;
  }
  out += quote;
  return out;
}

size_t Dialect::identifier_length(std::string_view name) const {
  if (identifier_length_in_bytes) return name.size();
  size_t chars = 0;
  for (char c : name)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++chars;
  return chars;
}

std::string Dialect::check_identifier(std::string_view name) const {
  if (name.empty()) return "is empty";
  size_t chars = 0;
  if (!valid_utf8(name, chars)) return "is not valid UTF-8";
  size_t length = identifier_length(name);
  if (length > max_identifier_length)
    return "is " + std::to_string(length) + (identifier_length_in_bytes ? " bytes" : " characters") + " long; " +
           this->name + " allows " + std::to_string(max_identifier_length);
  if (!identifier_may_end_with_space && name.back() == ' ')
    return "ends with a space, which " + display_name + " does not allow";
  return {};
}

}  // namespace litelift
