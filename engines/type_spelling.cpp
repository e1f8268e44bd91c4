#include "engines/type_spelling.hpp"

#include <cctype>
#include <charconv>

namespace litelift {

TypeSpelling split_type_spelling(std::string_view type) {
  TypeSpelling p;
  std::string word, arg;
  bool in_args = false, after_args = false;
  auto end_word = [&] {
    if (word.empty()) return;
    (after_args ? p.after : p.before).push_back(word);
    word.clear();
  };
  auto end_arg = [&] {
    int v = 0;
    auto r = std::from_chars(arg.data(), arg.data() + arg.size(), v);
    if (arg.empty() || r.ec != std::errc() || r.ptr != arg.data() + arg.size()) p.args_ok = false;
    p.args.push_back(v);
    arg.clear();
  };
  for (char raw : type) {
    char c = static_cast<char>(std::tolower(static_cast<unsigned char>(raw)));
    if (in_args) {
      if (c == ')') {
        end_arg();
        in_args = false;
        after_args = true;
      } else if (c == ',') {
        end_arg();
      } else if (c != ' ') {
        arg += c;
      }
    } else if (c == '(') {
      end_word();
      in_args = true;
    } else if (c == ' ' || c == '\t' || c == '\n') {
      end_word();
    } else {
      word += c;
    }
  }
  end_word();
  if (in_args) p.args_ok = false;
  return p;
}

}  // namespace litelift
