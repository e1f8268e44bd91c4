// JSON for the verifier: a strict RFC 8259 reader that builds a small tree in
// one vector (no recursion, so any nesting depth is safe) and writes the
// canonical document back out.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <utility>
#include <vector>

#include "verify/canonical_detail.hpp"

namespace litelift::canon::detail {

namespace {

struct Node {
  enum Kind : uint8_t { Null, True, False, Number, String, Array, Object };
  Kind kind = Null;
  std::string text;                                     // Number: canonical; String: UTF-8
  std::vector<size_t> elements;                         // Array
  std::vector<std::pair<std::string, size_t>> members;  // Object, in document order
};

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Plain decimals for every number a double or a numeric can sensibly hold;
// past that the plain form would be megabytes of zeros.
constexpr int64_t kPlainLimit = 1000;

std::string json_number_text(const DecimalNumber& d) {
  if (d.magnitude() <= kPlainLimit && d.exponent >= -kPlainLimit) return plain_decimal(d);
  return (d.negative ? "-" : "") + d.digits + "e" + std::to_string(d.exponent);
}

// A double holds every finite JSON number below 1e308 in magnitude; at
// 1e308 and above only those that do not round to infinity.
bool beyond_double(std::string_view token, const DecimalNumber& d) {
  if (d.zero() || d.magnitude() < 308) return false;
  if (d.magnitude() > 308) return true;
  double v = 0;
  const auto r = std::from_chars(token.data(), token.data() + token.size(), v);
  return r.ec == std::errc::result_out_of_range || std::isinf(v);
}

// PostgreSQL's numeric input, which jsonb's numbers go through: the exponent
// as written within +-1073741822, at most 16383 digits after the point (the
// digits written after it less the exponent, zeros counted), and a value
// below 1e131072.
bool beyond_numeric(int64_t written_exponent, int64_t fraction_digits, const DecimalNumber& d) {
  if (written_exponent >= 1073741823 || written_exponent <= -1073741823) return true;
  if (fraction_digits - written_exponent > 16383) return true;
  return !d.zero() && d.magnitude() > 131071;
}

class Reader {
 public:
  Reader(std::string_view s, JsonFacts& facts) : s_(s), facts_(facts) {}

  bool read(size_t& root);
  std::vector<Node> take() { return std::move(nodes_); }

 private:
  void blanks() {
    while (p_ < s_.size() && (s_[p_] == ' ' || s_[p_] == '\t' || s_[p_] == '\n' || s_[p_] == '\r')) ++p_;
  }
  bool literal(std::string_view word) {
    if (s_.substr(p_, word.size()) != word) return false;
    p_ += word.size();
    return true;
  }
  bool string(std::string& out);
  bool number(std::string& out);
  bool hex4(uint32_t& v);
  // Reads one value; a container is left open (pushed on `open_`).
  bool value();
  void attach(size_t node);

  std::string_view s_;
  size_t p_ = 0;
  JsonFacts& facts_;
  std::vector<Node> nodes_;
  std::vector<size_t> open_;  // containers being read, innermost last
  std::string key_;           // the key of the next member of the innermost object
};

bool Reader::hex4(uint32_t& v) {
  if (p_ + 4 > s_.size()) return false;
  v = 0;
  for (int i = 0; i < 4; ++i) {
    const int h = hex_digit(s_[p_++]);
    if (h < 0) return false;
    v = v * 16 + static_cast<uint32_t>(h);
  }
  return true;
}

bool Reader::string(std::string& out) {
  out.clear();
  if (p_ >= s_.size() || s_[p_] != '"') return false;
  ++p_;
  while (p_ < s_.size()) {
    const unsigned char c = static_cast<unsigned char>(s_[p_++]);
    if (c == '"') return true;
    if (c < 0x20) return false;  // control characters must be escaped
    if (c != '\\') {
      out += static_cast<char>(c);
      continue;
    }
    if (p_ >= s_.size()) return false;
    switch (s_[p_++]) {
      case '"':
        out += '"';
        break;
      case '\\':
        out += '\\';
        break;
      case '/':
        out += '/';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'u': {
        uint32_t cp = 0;
        if (!hex4(cp)) return false;
        if (cp >= 0xDC00 && cp <= 0xDFFF) return false;  // a low surrogate alone
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          uint32_t low = 0;
          if (p_ + 2 > s_.size() || s_[p_] != '\\' || s_[p_ + 1] != 'u') return false;
          p_ += 2;
          if (!hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        }
        if (cp == 0) facts_.nul = true;
        append_utf8(out, cp);
        break;
      }
      default:
        return false;
    }
  }
  return false;
}

bool Reader::number(std::string& out) {
  const size_t start = p_;
  if (p_ < s_.size() && s_[p_] == '-') ++p_;
  if (p_ >= s_.size() || !is_digit(s_[p_])) return false;
  if (s_[p_] == '0')
    ++p_;
  else
    while (p_ < s_.size() && is_digit(s_[p_])) ++p_;
  if (p_ < s_.size() && s_[p_] == '.') {
    ++p_;
    if (p_ >= s_.size() || !is_digit(s_[p_])) return false;
    while (p_ < s_.size() && is_digit(s_[p_])) ++p_;
  }
  if (p_ < s_.size() && (s_[p_] == 'e' || s_[p_] == 'E')) {
    ++p_;
    if (p_ < s_.size() && (s_[p_] == '+' || s_[p_] == '-')) ++p_;
    if (p_ >= s_.size() || !is_digit(s_[p_])) return false;
    while (p_ < s_.size() && is_digit(s_[p_])) ++p_;
  }
  const std::string_view token = s_.substr(start, p_ - start);
  // The grammar above is stricter than the decimal text's; only the
  // exponent's size differs (read here without parse_decimal_text's limit).
  const size_t e = token.find_first_of("eE");
  std::string_view mantissa = token.substr(0, e);
  const bool negative = mantissa[0] == '-';
  if (negative) mantissa.remove_prefix(1);
  std::string digits;
  int64_t fraction = 0;
  bool after_point = false;
  for (char c : mantissa) {
    if (c == '.') {
      after_point = true;
      continue;
    }
    digits += c;
    if (after_point) ++fraction;
  }
  int64_t exponent = 0;
  if (e != std::string_view::npos) {
    std::string_view written = token.substr(e + 1);
    const bool exponent_negative = written[0] == '-';
    if (written[0] == '+' || written[0] == '-') written.remove_prefix(1);
    // Saturates far past any number a target holds (numeric: 1e131072).
    for (char c : written) exponent = std::min<int64_t>(exponent * 10 + (c - '0'), int64_t{1} << 50);
    if (exponent_negative) exponent = -exponent;
  }
  const DecimalNumber d = make_decimal(negative, digits, exponent - fraction);
  if (beyond_double(token, d)) facts_.beyond_double = true;
  if (beyond_numeric(exponent, fraction, d)) facts_.beyond_numeric = true;
  out = json_number_text(d);
  return true;
}

void Reader::attach(size_t node) {
  if (open_.empty()) return;
  Node& parent = nodes_[open_.back()];
  if (parent.kind == Node::Array)
    parent.elements.push_back(node);
  else
    parent.members.emplace_back(std::move(key_), node);
}

bool Reader::value() {
  blanks();
  if (p_ >= s_.size()) return false;
  Node n;
  switch (s_[p_]) {
    case '{':
    case '[':
      n.kind = s_[p_] == '{' ? Node::Object : Node::Array;
      ++p_;
      break;
    case '"':
      n.kind = Node::String;
      if (!string(n.text)) return false;
      break;
    case 't':
      n.kind = Node::True;
      if (!literal("true")) return false;
      break;
    case 'f':
      n.kind = Node::False;
      if (!literal("false")) return false;
      break;
    case 'n':
      n.kind = Node::Null;
      if (!literal("null")) return false;
      break;
    default:
      n.kind = Node::Number;
      if (!number(n.text)) return false;
      break;
  }
  const bool container = n.kind == Node::Object || n.kind == Node::Array;
  nodes_.push_back(std::move(n));
  attach(nodes_.size() - 1);
  if (container) open_.push_back(nodes_.size() - 1);
  return true;
}

bool Reader::read(size_t& root) {
  root = 0;
  if (!value()) return false;
  // After each value: either the next member or element, or close containers.
  bool expect_value = false;  // a container was just opened: a value or its end follows
  if (!open_.empty()) expect_value = true;
  while (!open_.empty()) {
    blanks();
    if (p_ >= s_.size()) return false;
    const Node& top = nodes_[open_.back()];
    const char close = top.kind == Node::Object ? '}' : ']';
    const bool empty = top.kind == Node::Object ? top.members.empty() : top.elements.empty();
    if (s_[p_] == close && (!expect_value || empty)) {
      ++p_;
      open_.pop_back();
      expect_value = false;
      continue;
    }
    if (!expect_value) {
      if (s_[p_] != ',') return false;
      ++p_;
      blanks();
    }
    if (top.kind == Node::Object) {
      if (!string(key_)) return false;
      blanks();
      if (p_ >= s_.size() || s_[p_] != ':') return false;
      ++p_;
    }
    const size_t before = open_.size();
    if (!value()) return false;
    expect_value = open_.size() > before;
  }
  blanks();
  return p_ == s_.size();
}

void write_string(std::string_view s, std::string& out) {
  static const char* kHex = "0123456789abcdef";
  out += '"';
  for (char ch : s) {
    const unsigned char c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 15];
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

// Sorts each object's members by key bytes, keeps the last of a repeated
// key, and notes that there was one.
void sort_members(std::vector<Node>& nodes, JsonFacts& facts) {
  for (Node& n : nodes) {
    if (n.kind != Node::Object || n.members.size() < 2) continue;
    std::stable_sort(n.members.begin(), n.members.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::pair<std::string, size_t>> kept;
    kept.reserve(n.members.size());
    for (size_t i = 0; i < n.members.size(); ++i) {
      if (i + 1 < n.members.size() && n.members[i + 1].first == n.members[i].first) {
        facts.duplicate_key = true;
        continue;  // a later one with the same key follows
      }
      kept.push_back(std::move(n.members[i]));
    }
    n.members = std::move(kept);
  }
}

void write_canonical(const std::vector<Node>& nodes, size_t root, std::string& out) {
  struct Frame {
    size_t node;
    size_t next;  // the next child to write
  };
  std::vector<Frame> stack;
  auto write_node = [&](size_t i) {
    const Node& n = nodes[i];
    switch (n.kind) {
      case Node::Null:
        out += "null";
        break;
      case Node::True:
        out += "true";
        break;
      case Node::False:
        out += "false";
        break;
      case Node::Number:
        out += n.text;
        break;
      case Node::String:
        write_string(n.text, out);
        break;
      case Node::Array:
        out += '[';
        stack.push_back({i, 0});
        break;
      case Node::Object:
        out += '{';
        stack.push_back({i, 0});
        break;
    }
  };
  write_node(root);
  while (!stack.empty()) {
    Frame& f = stack.back();
    const Node& n = nodes[f.node];
    const size_t count = n.kind == Node::Array ? n.elements.size() : n.members.size();
    if (f.next == count) {
      out += n.kind == Node::Array ? ']' : '}';
      stack.pop_back();
      continue;
    }
    if (f.next > 0) out += ',';
    size_t child = 0;
    if (n.kind == Node::Array) {
      child = n.elements[f.next];
    } else {
      write_string(n.members[f.next].first, out);
      out += ':';
      child = n.members[f.next].second;
    }
    ++f.next;
    write_node(child);  // may push: `f` is not used after this
  }
}

}  // namespace

bool read_json(std::string_view text, JsonFacts& facts, std::string* canonical) {
  facts = JsonFacts{};
  Reader reader(text, facts);
  size_t root = 0;
  if (!reader.read(root)) return false;
  std::vector<Node> nodes = reader.take();
  sort_members(nodes, facts);
  if (canonical) write_canonical(nodes, root, *canonical);
  return true;
}

}  // namespace litelift::canon::detail
