// SELECT statements, scopes and column names; the entry points of the
// translator. Column names resolve as SQLite resolves them (FROM items of
// the query, then the enclosing queries'), and are written with the
// target's names from the context.
#include <algorithm>
#include <charconv>
#include <set>

#include "mapping/sql_translate.hpp"

namespace litelift {
namespace sqltr {
namespace {

bool rowid_name(std::string_view n) {
  return same_name(n, "rowid") || same_name(n, "oid") || same_name(n, "_rowid_");
}

bool same_tokens(const std::vector<Token>& a, const std::vector<Token>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].name() && b[i].name()) {
      if (!same_name(a[i].text, b[i].text)) return false;
    } else if (a[i].kind != b[i].kind || a[i].text != b[i].text) {
      return false;
    }
  }
  return true;
}

// A column number written as a decimal integer; 0 when it is not one.
size_t position(const std::string& sql) {
  size_t n = 0;
  auto r = std::from_chars(sql.data(), sql.data() + sql.size(), n);
  return r.ec == std::errc() && r.ptr == sql.data() + sql.size() ? n : 0;
}

bool is_aggregate_call(const Expr& e) {
  if (e.kind != ExprKind::Function) return false;
  for (const char* n : {"avg", "count", "group_concat", "string_agg", "sum", "total"})
    if (same_name(e.text, n)) return true;
  return e.star || ((same_name(e.text, "min") || same_name(e.text, "max")) && e.args.size() == 1);
}

bool has_aggregate(const Expr* e) {
  if (!e) return false;
  if (is_aggregate_call(*e)) return true;
  for (const auto& a : e->args)
    if (has_aggregate(a.get())) return true;
  return false;  // subqueries aggregate for themselves
}

}  // namespace

Kind Renderer::family(std::string_view table, std::string_view column) const {
  if (!ctx_.column_family) return Kind::Unknown;
  auto f = ctx_.column_family(table, column);
  return f ? kind_of(*f) : Kind::Unknown;
}

std::vector<Token> Renderer::tokens_of(const Expr& e) const {
  std::vector<Token> tokens;
  std::string error;
  tokenize(text_.substr(e.begin, e.end - e.begin), tokens, error);
  return tokens;
}

bool Renderer::matches_group_term(const Expr& e) const {
  if (grouped_terms_.empty()) return false;
  const std::vector<Token> mine = tokens_of(e);
  for (const auto& t : grouped_terms_)
    if (same_tokens(t, mine)) return true;
  return false;
}

Value Renderer::missing(const Expr& e) {
  if (rowid_name(e.text)) refuse(&e, "SQLite's rowid has no equivalent on the target");
  if (e.double_quoted && e.table.empty()) {
    note("\"" + e.text + "\" is read as the string '" + e.text + "', as SQLite reads it when no column has that name");
    return {string_literal(e.text), Kind::Text, kPrimary, &e};
  }
  if (aliases_ && e.table.empty())
    for (const auto& a : *aliases_)
      if (same_name(a.source_name, e.text)) refuse(&e, "refers to the result column alias \"" + e.text + "\"");
  refuse(&e, "no such column \"" + (e.table.empty() ? e.text : e.table + "." + e.text) + "\"");
}

Value Renderer::column(const Expr& e) {
  if (scope_) return column_in_scope(e);
  if (ctx_.purpose == Purpose::Default) refuse(&e, "a DEFAULT cannot refer to a column");
  const std::string& table = ctx_.current_table;
  if (!e.table.empty() && !same_name(e.table, table)) refuse(&e, "refers to table \"" + e.table + "\"");
  std::optional<std::string> target = ctx_.column_name ? ctx_.column_name(table, e.text) : std::nullopt;
  if (!target) return missing(e);
  if (ctx_.purpose == Purpose::Generated && !d_.sql.generated_may_use_generated && ctx_.column_generated &&
      ctx_.column_generated(table, e.text))
    refuse(&e, d_.display_name + " does not let a generated column read another generated column");
  if ((ctx_.purpose == Purpose::Generated || ctx_.purpose == Purpose::Check) && !d_.sql.identity_in_expressions &&
      ctx_.column_identity && ctx_.column_identity(table, e.text))
    refuse(&e, d_.display_name + " does not let " +
                   (ctx_.purpose == Purpose::Check ? "a CHECK constraint" : "a generated column") + " read an " +
                   d_.identity_clause + " column");
  last_target_ = *target;
  last_scope_ = nullptr;
  return {name(*target), family(table, e.text), kPrimary, &e, true};
}

Value Renderer::column_in_scope(const Expr& e) {
  for (const Scope* s = scope_; s; s = s->outer) {
    struct Hit {
      size_t index;
      std::string target;
      Kind kind;
    };
    std::vector<Hit> hits;
    bool qualifier_found = false;
    for (size_t i = 0; i < s->sources.size(); ++i) {
      const Source& src = s->sources[i];
      if (!e.table.empty() && !same_name(src.name, e.table)) continue;
      qualifier_found = true;
      if (src.columns_unknown) refuse(&e, "cannot tell the columns of a subquery that selects *");
      if (src.derived) {
        for (const auto& oc : src.columns)
          if (same_name(oc.source_name, e.text)) {
            if (oc.target_name.empty()) refuse(&e, "column \"" + e.text + "\" has no name on the target");
            hits.push_back({i, oc.target_name, oc.kind});
            break;
          }
      } else if (auto t = ctx_.column_name ? ctx_.column_name(src.table, e.text) : std::nullopt) {
        hits.push_back({i, *t, family(src.table, e.text)});
      }
    }
    if (!e.table.empty() && qualifier_found && hits.empty()) return missing(e);
    if (hits.empty()) continue;
    if (hits.size() > 1)
      for (size_t k = 1; k < hits.size(); ++k) {
        const auto& merged = s->sources[hits[k].index].using_columns;
        if (std::none_of(merged.begin(), merged.end(), [&](const std::string& u) { return same_name(u, e.text); }))
          refuse(&e, "column \"" + e.text + "\" is ambiguous");
      }
    const Hit& h = hits[0];
    if (s == grouping_scope_ && aggregate_depth_ == 0) {
      bool grouped = false;
      for (const Hit& x : hits)
        grouped = grouped ||
                  std::find(grouped_sources_.begin(), grouped_sources_.end(), x.index) != grouped_sources_.end() ||
                  std::find(grouped_columns_.begin(), grouped_columns_.end(), std::make_pair(x.index, x.target)) !=
                      grouped_columns_.end();
      if (!grouped)
        refuse(&e, "column \"" + e.text + "\" is neither grouped nor aggregated (SQLite takes it from any row)");
    }
    last_target_ = h.target;
    last_scope_ = s;
    last_index_ = h.index;
    std::string sql = e.table.empty() ? name(h.target) : s->sources[h.index].qualifier + "." + name(h.target);
    return {sql, h.kind, kPrimary, &e, true};
  }
  return missing(e);
}

Value Renderer::subquery(const Expr& e) {
  if (ctx_.purpose != Purpose::View) refuse(&e, "subqueries are translated in views only");
  const int depth = aggregate_depth_;
  const bool allowed = aggregates_allowed_;
  aggregate_depth_ = 0;
  SelectOut o;
  try {
    o = select(*e.select, scope_, false, false);
  } catch (...) {
    aggregate_depth_ = depth;
    aggregates_allowed_ = allowed;
    throw;
  }
  aggregate_depth_ = depth;
  aggregates_allowed_ = allowed;
  if (e.kind == ExprKind::Exists) return {(e.negated ? "NOT EXISTS (" : "EXISTS (") + o.sql + ")", Kind::Boolean};
  if (o.star || o.columns.size() != 1) refuse(&e, "the subquery must return one column");
  return {"(" + o.sql + ")", o.columns[0].kind};
}

const std::vector<OutputColumn>* Renderer::find_cte(std::string_view n) const {
  for (auto frame = ctes_.rbegin(); frame != ctes_.rend(); ++frame)
    for (const auto& [cte, columns] : *frame)
      if (same_name(cte, n)) return &columns;
  return nullptr;
}

std::string Renderer::from_clause(const SelectCore& c, const Scope* outer, Scope& scope) {
  std::string from;
  for (size_t i = 0; i < c.from.size(); ++i) {
    const FromItem& item = c.from[i];
    Source src;
    std::string sql;
    if (item.subquery) {
      const Scope* saved = scope_;
      scope_ = nullptr;
      SelectOut o = select(*item.subquery, outer, false);  // a FROM subquery does not see its siblings
      scope_ = saved;
      // Both targets want an alias on every derived table.
      const std::string alias = item.alias.empty() ? "subquery_" + std::to_string(++subquery_count_) : item.alias;
      src.derived = true;
      src.columns = o.columns;
      src.columns_unknown = o.star;
      src.name = item.alias;
      src.qualifier = name(alias);
      sql = "(" + o.sql + ") AS " + name(alias);
    } else if (const auto* cte = find_cte(item.table)) {
      src.derived = true;
      src.columns = *cte;
      src.name = item.alias.empty() ? item.table : item.alias;
      src.qualifier = name(src.name);
      sql = name(item.table) + (item.alias.empty() ? "" : " AS " + name(item.alias));
    } else {
      auto target = ctx_.table_name ? ctx_.table_name(item.table) : std::nullopt;
      if (!target) refuse(nullptr, "table \"" + item.table + "\" is not migrated");
      src.table = item.table;
      src.name = item.alias.empty() ? item.table : item.alias;
      src.qualifier = name(item.alias.empty() ? *target : item.alias);
      sql = name(*target) + (item.alias.empty() ? "" : " AS " + name(item.alias));
    }
    scope.sources.push_back(std::move(src));
    scope_ = &scope;
    if (i == 0) {
      from = sql;
      continue;
    }
    // A comma binds looser than JOIN on the targets, not in SQLite: CROSS JOIN keeps SQLite's reading.
    from += (item.join == "," ? " CROSS JOIN " : " " + item.join + " ") + sql;
    if (item.on) from += " ON " + condition(*item.on).sql;
    if (item.using_columns.empty()) continue;
    std::string names;
    for (const std::string& u : item.using_columns) {
      Expr probe;
      probe.kind = ExprKind::Column;
      probe.text = u;
      probe.begin = item.begin;
      probe.end = item.end;
      std::vector<std::string> targets;
      for (size_t k = 0; k < scope.sources.size(); ++k) {
        Source& s = scope.sources[k];
        probe.table = s.name;
        if (s.name.empty()) continue;
        try {
          column_in_scope(probe);
          targets.push_back(last_target_);
        } catch (const Refusal&) {
          if (k + 1 == scope.sources.size()) refuse(nullptr, "USING column \"" + u + "\" is not in every table");
        }
      }
      if (targets.size() < 2 || targets.front() != targets.back())
        refuse(nullptr, "USING column \"" + u + "\" has different names on the target");
      names += (names.empty() ? "" : ", ") + name(targets.back());
    }
    scope.sources.back().using_columns = item.using_columns;
    from += " USING (" + names + ")";
  }
  return from;
}

std::string Renderer::order_term(const std::string& sql, const OrderTerm& o, bool positional) {
  using N = OrderTerm::Nulls;
  const std::string dir = o.descending ? " DESC" : "";
  // SQLite sorts NULLs first ascending and last descending.
  const N natural = o.descending ? N::Last : N::First;
  const N nulls = o.nulls == N::Default ? natural : o.nulls;
  if (d_.sql.nulls_order_clause) return sql + dir + (nulls == N::First ? " NULLS FIRST" : " NULLS LAST");
  if (nulls == natural) return sql + dir;
  if (positional) refuse(o.expr.get(), "NULLS FIRST/LAST with a column number");
  return sql + " IS NULL" + (nulls == N::First ? " DESC" : "") + ", " + sql + dir;
}

CoreOut Renderer::core(const SelectCore& c, const Scope* outer, bool top, bool named,
                       const std::vector<OrderTerm>* order_by) {
  // Subqueries render cores of their own: keep this one's state.
  struct Saved {
    Renderer& r;
    const Scope* scope = r.scope_;
    const Scope* grouping = r.grouping_scope_;
    std::vector<std::pair<size_t, std::string>> columns = std::move(r.grouped_columns_);
    std::vector<size_t> sources = std::move(r.grouped_sources_);
    std::vector<std::vector<Token>> terms = std::move(r.grouped_terms_);
    const std::vector<OutputColumn>* aliases = r.aliases_;
    bool allowed = r.aggregates_allowed_;
    ~Saved() {
      r.scope_ = scope;
      r.grouping_scope_ = grouping;
      r.grouped_columns_ = std::move(columns);
      r.grouped_sources_ = std::move(sources);
      r.grouped_terms_ = std::move(terms);
      r.aliases_ = aliases;
      r.aggregates_allowed_ = allowed;
    }
  } saved{*this};
  grouping_scope_ = nullptr;
  grouped_columns_.clear();
  grouped_sources_.clear();
  grouped_terms_.clear();
  aggregates_allowed_ = false;

  Scope scope;
  scope.outer = outer;
  scope_ = &scope;
  const std::string from = from_clause(c, outer, scope);
  scope_ = &scope;

  std::vector<OutputColumn> aliases;
  for (const auto& rc : c.columns)
    if (!rc.alias.empty()) aliases.push_back({rc.alias, rc.alias});
  aliases_ = &aliases;

  std::string sql = c.distinct ? "SELECT DISTINCT " : "SELECT ";
  std::string tail;
  if (c.where) tail += " WHERE " + condition(*c.where).sql;

  std::string group;
  for (const auto& g : c.group_by) {
    const Expr* term = g.get();
    std::string term_sql;
    if (term->kind == ExprKind::Literal && term->literal == LiteralKind::Integer) {
      term_sql = expression(*term).sql;  // 0x2 is 2
      size_t n = position(term_sql);
      if (n < 1 || n > c.columns.size() || !c.columns[n - 1].expr) refuse(term, "GROUP BY column number out of range");
      term = c.columns[n - 1].expr.get();
    } else if (term->kind == ExprKind::Column && term->table.empty()) {
      try {
        term_sql = expression(*term).sql;
      } catch (const Refusal&) {  // not a column of the FROM items: SQLite then reads a result alias
        auto it = std::find_if(c.columns.begin(), c.columns.end(),
                               [&](const ResultColumn& rc) { return same_name(rc.alias, term->text); });
        if (it == c.columns.end()) throw;
        term_sql = name(it->alias);
        term = it->expr.get();
      }
    } else {
      term_sql = expression(*term).sql;
    }
    if (term->kind == ExprKind::Column) {
      expression(*term);
      if (last_scope_ == &scope) grouped_columns_.emplace_back(last_index_, last_target_);
    }
    if (expression(*term).kind == Kind::Text) text_compared(false);
    grouped_terms_.push_back(tokens_of(*term));
    group += (group.empty() ? "" : ", ") + term_sql;
  }
  if (!group.empty()) tail += " GROUP BY " + group;

  bool aggregate = !c.group_by.empty() || has_aggregate(c.having.get());
  for (const auto& rc : c.columns) aggregate = aggregate || has_aggregate(rc.expr.get());
  if (order_by)
    for (const auto& o : *order_by) aggregate = aggregate || has_aggregate(o.expr.get());
  aggregates_allowed_ = ctx_.purpose == Purpose::View;
  if (aggregate) {
    grouping_scope_ = &scope;
    for (size_t i = 0; i < scope.sources.size() && ctx_.primary_key; ++i) {
      const Source& src = scope.sources[i];
      if (src.derived) continue;
      std::vector<std::string> key = ctx_.primary_key(src.table);
      bool all = !key.empty();
      for (const std::string& k : key) {
        auto t = ctx_.column_name ? ctx_.column_name(src.table, k) : std::nullopt;
        all = all && t &&
              std::find(grouped_columns_.begin(), grouped_columns_.end(), std::make_pair(i, *t)) !=
                  grouped_columns_.end();
      }
      if (all) grouped_sources_.push_back(i);
    }
  }

  CoreOut out;
  struct Part {
    std::string sql;
    std::string alias;
  };
  std::vector<Part> parts;
  for (const ResultColumn& rc : c.columns) {
    if (!rc.expr) {
      if (aggregate) refuse(nullptr, "SELECT * in an aggregate query: " + span(rc.begin, rc.end));
      std::vector<size_t> which;
      for (size_t i = 0; i < scope.sources.size(); ++i)
        if (rc.star_table.empty() || same_name(scope.sources[i].name, rc.star_table)) which.push_back(i);
      if (which.empty()) refuse(nullptr, "no table \"" + rc.star_table + "\" for " + span(rc.begin, rc.end));
      bool expand = bool(ctx_.table_columns);
      for (size_t i : which) expand = expand && !scope.sources[i].columns_unknown;
      if (!expand) {
        out.star = true;
        parts.push_back({rc.star_table.empty() ? "*" : scope.sources[which[0]].qualifier + ".*", ""});
        continue;
      }
      for (size_t i : which) {
        const Source& src = scope.sources[i];
        std::vector<OutputColumn> cols = src.columns;
        if (!src.derived) {
          cols.clear();
          for (const std::string& col : ctx_.table_columns(src.table))
            if (auto t = ctx_.column_name ? ctx_.column_name(src.table, col) : std::nullopt)
              cols.push_back({col, *t, family(src.table, col)});
        }
        for (const auto& oc : cols) {
          // SQLite's * shows a USING column once, from the first table.
          if (rc.star_table.empty() && std::any_of(src.using_columns.begin(), src.using_columns.end(),
                                                   [&](const std::string& u) { return same_name(u, oc.source_name); }))
            continue;
          if (oc.target_name.empty())
            refuse(nullptr,
                   "column " + oc.source_name + " of " + span(rc.begin, rc.end) + " has no name on the target");
          parts.push_back({src.qualifier + "." + name(oc.target_name), ""});
          out.columns.push_back(oc);
        }
      }
      continue;
    }
    Value v = expression(*rc.expr);
    OutputColumn oc{rc.alias, rc.alias, v.kind};
    if (rc.alias.empty() && rc.expr->kind == ExprKind::Column && v.affinity) {
      oc = {rc.expr->text, last_target_, v.kind};
      parts.push_back({v.sql, ""});
    } else if (rc.alias.empty() && !named) {
      oc.source_name = span(rc.begin, rc.end);
      parts.push_back({v.sql, ""});
    } else if (rc.alias.empty()) {
      // SQLite names the column by the expression's text; the targets would say "?column?", "lower", ...
      oc.source_name = span(rc.begin, rc.end);
      oc.target_name = d_.check_identifier(oc.source_name).empty() ? oc.source_name : "";
      if (oc.target_name.empty() && top)
        note("the column " + oc.source_name + " is named by " + d_.display_name + ", not by its text as in SQLite");
      parts.push_back({v.sql, oc.target_name});
    } else {
      if (std::string why = d_.check_identifier(rc.alias); !why.empty())
        refuse(rc.expr.get(), "the alias \"" + rc.alias + "\" " + why);
      parts.push_back({v.sql, rc.alias});
      for (auto& al : aliases)
        if (al.source_name == rc.alias) al.kind = v.kind;
    }
    out.columns.push_back(oc);
  }
  if (top && !ctx_.view_columns.empty()) {
    if (out.star) refuse(nullptr, "the view names its columns but its SELECT * cannot be expanded here");
    if (out.columns.size() != ctx_.view_columns.size())
      refuse(nullptr, "the view names " + std::to_string(ctx_.view_columns.size()) + " columns, its SELECT has " +
                          std::to_string(out.columns.size()));
    for (size_t k = 0; k < parts.size(); ++k) {
      if (std::string why = d_.check_identifier(ctx_.view_columns[k]); !why.empty())
        refuse(nullptr, "the view column name \"" + ctx_.view_columns[k] + "\" " + why);
      parts[k].alias = out.columns[k].target_name = ctx_.view_columns[k];
    }
  }
  if (c.distinct)
    for (const auto& oc : out.columns)
      if (oc.kind == Kind::Text) text_compared(false);
  std::string columns;
  for (const Part& p : parts)
    columns += (columns.empty() ? "" : ", ") + p.sql + (p.alias.empty() ? "" : " AS " + name(p.alias));

  if (c.having) tail += " HAVING " + condition(*c.having).sql;

  if (order_by && !order_by->empty()) {
    std::string order;
    for (const OrderTerm& o : *order_by) {
      const Expr& x = *o.expr;
      std::string term;
      bool positional = false;
      if (x.kind == ExprKind::Literal && x.literal == LiteralKind::Integer) {
        term = expression(x).sql;
        positional = true;
        const size_t n = position(term);
        if (n < 1 || (!out.star && n > parts.size())) refuse(&x, "ORDER BY column number out of range");
        if (!out.star && out.columns[n - 1].kind == Kind::Text) text_compared(true);
      } else if (x.kind == ExprKind::Column && x.table.empty()) {
        for (const auto& al : aliases)  // SQLite reads a result alias first
          if (same_name(al.source_name, x.text)) {
            term = name(al.target_name);
            if (al.kind == Kind::Text) text_compared(true);
          }
      }
      if (term.empty()) {
        Value v = expression(x);
        if (v.kind == Kind::Text && !v.binary) text_compared(true);
        term = v.sql;
        if (c.distinct) {
          const auto mine = tokens_of(x);
          if (std::none_of(c.columns.begin(), c.columns.end(),
                           [&](const ResultColumn& rc) { return rc.expr && same_tokens(tokens_of(*rc.expr), mine); }))
            refuse(&x, "ORDER BY of a SELECT DISTINCT names something it does not select");
        }
      }
      order += (order.empty() ? "" : ", ") + order_term(term, o, positional);
    }
    tail += " ORDER BY " + order;
  }
  out.sql = sql + columns + (from.empty() ? "" : " FROM " + from) + tail;
  return out;
}

SelectOut Renderer::select(const Select& s, const Scope* outer, bool top, bool named) {
  ctes_.emplace_back();
  struct Pop {
    std::vector<std::vector<std::pair<std::string, std::vector<OutputColumn>>>>& v;
    ~Pop() { v.pop_back(); }
  } pop{ctes_};
  SelectOut out;
  if (!s.with.empty()) {
    out.sql = "WITH ";
    for (size_t i = 0; i < s.with.size(); ++i) {
      const CommonTable& c = s.with[i];
      SelectOut o = select(*c.select, outer, false);
      std::string names;
      if (!c.columns.empty()) {
        if (o.star || o.columns.size() != c.columns.size())
          refuse(nullptr, "the common table " + c.name + " names " + std::to_string(c.columns.size()) +
                              " columns, its SELECT has a different number");
        for (size_t k = 0; k < c.columns.size(); ++k) {
          o.columns[k].source_name = o.columns[k].target_name = c.columns[k];
          names += (k ? ", " : "") + name(c.columns[k]);
        }
        names = "(" + names + ")";
      }
      out.sql += (i ? ", " : "") + name(c.name) + names + " AS (" + o.sql + ")";
      ctes_.back().emplace_back(c.name, o.star ? std::vector<OutputColumn>{} : o.columns);
    }
    out.sql += " ";
  }
  const bool compound = s.cores.size() > 1;
  std::vector<CoreOut> cores;
  for (size_t k = 0; k < s.cores.size(); ++k)
    cores.push_back(core(s.cores[k], outer, top && k == 0, named, compound ? nullptr : &s.order_by));
  out.columns = cores[0].columns;
  out.star = cores[0].star;
  out.sql += cores[0].sql;
  for (size_t k = 1; k < cores.size(); ++k) {
    if (cores[k].star || out.star) refuse(nullptr, "a compound SELECT with * whose columns are not known");
    if (cores[k].columns.size() != out.columns.size())
      refuse(nullptr, "the SELECTs of a compound SELECT differ in width");
    for (size_t i = 0; i < out.columns.size(); ++i) {
      Kind& a = out.columns[i].kind;
      const Kind b = cores[k].columns[i].kind;
      if (a == Kind::Null || a == b)
        a = b == Kind::Null ? a : b;
      else if (numeric(a) && numeric(b))
        a = a == Kind::Real || b == Kind::Real ? Kind::Real : Kind::Decimal;
      else if (b != Kind::Null)
        refuse(nullptr, "column " + std::to_string(i + 1) + " of the compound SELECT mixes " + kind_name(a) +
                            " value and " + kind_name(b) + " value");
    }
    if (s.compounds[k - 1] != "UNION ALL")
      for (const auto& oc : out.columns)
        if (oc.kind == Kind::Text) text_compared(false);
    out.sql += " " + s.compounds[k - 1] + " " + cores[k].sql;
  }
  if (compound && !s.order_by.empty()) {
    std::string order;
    for (const OrderTerm& o : s.order_by) {
      const Expr& x = *o.expr;
      std::string term;
      bool positional = x.kind == ExprKind::Literal && x.literal == LiteralKind::Integer;
      if (positional) {
        term = expression(x).sql;
        if (size_t n = position(term); n < 1 || n > out.columns.size())
          refuse(&x, "ORDER BY column number out of range");
      }
      for (size_t i = 0; i < out.columns.size() && term.empty(); ++i) {
        const ResultColumn& rc = s.cores[0].columns[i];
        if (x.kind == ExprKind::Column && x.table.empty() && same_name(out.columns[i].source_name, x.text))
          term = name(out.columns[i].target_name);
        else if (rc.expr && same_tokens(tokens_of(*rc.expr), tokens_of(x)))
          term = std::to_string(i + 1), positional = true;
      }
      if (term.empty()) refuse(&x, "ORDER BY of a compound SELECT names something it does not select");
      order += (order.empty() ? "" : ", ") + order_term(term, o, positional);
    }
    out.sql += " ORDER BY " + order;
  }
  const std::pair<const char*, const Expr*> limits[] = {{"LIMIT", s.limit.get()}, {"OFFSET", s.offset.get()}};
  for (const auto& [word, e] : limits) {
    if (!e) continue;
    if (e->kind != ExprKind::Literal || e->literal != LiteralKind::Integer)
      refuse(e, std::string(word) + " that is not a non-negative integer literal");
    out.sql += std::string(" ") + word + " " + expression(*e).sql;
  }
  return out;
}

}  // namespace sqltr

Translation translate_expression(std::string_view sqlite_expr, const TranslateContext& context) {
  Translation t;
  std::string error;
  auto e = parse_expression(sqlite_expr, error);
  if (!e) {
    t.reason = error;
    return t;
  }
  const Dialect& d = *context.dialect;
  sqltr::Renderer r(sqlite_expr, context);
  try {
    switch (context.purpose) {
      case Purpose::Check:
        t.sql = r.condition(*e).sql;
        break;
      case Purpose::IndexWhere:
        if (!d.sql.partial_indexes) r.refuse(nullptr, d.display_name + " has no partial indexes");
        t.sql = r.condition(*e).sql;
        break;
      case Purpose::IndexKey: {
        if (e->kind != ExprKind::Column && !d.sql.expression_indexes) r.refuse(e.get(), d.sql.expression_index_refusal);
        sqltr::Value v = r.expression(*e);
        t.sql = e->kind == ExprKind::Column ? v.sql : "(" + v.sql + ")";
        break;
      }
      case Purpose::Default:
      case Purpose::Generated: {
        const sqltr::Kind want = context.target_family ? sqltr::kind_of(*context.target_family) : sqltr::Kind::Unknown;
        sqltr::Value v = r.expression(*e, want);
        r.fit(v, want);
        const Expr* x = e.get();
        if (x->kind == ExprKind::Unary && (x->text == "-" || x->text == "+")) x = x->args[0].get();
        const bool literal = x->kind == ExprKind::Literal && x->literal != LiteralKind::CurrentTimestamp &&
                             x->literal != LiteralKind::CurrentDate && x->literal != LiteralKind::CurrentTime;
        t.sql = v.sql;
        const bool unbounded = context.target_family && (*context.target_family == TypeFamily::Text ||
                                                         *context.target_family == TypeFamily::Blob ||
                                                         *context.target_family == TypeFamily::Json);
        if (context.purpose == Purpose::Default &&
            (literal ? unbounded && d.unbounded_default_in_parentheses
                     : d.sql.default_expression_parentheses || v.prec < sqltr::kPrimary))
          t.sql = "(" + t.sql + ")";
        break;
      }
      case Purpose::View:
        t.sql = r.expression(*e).sql;
        break;
    }
    t.ok = true;
  } catch (const sqltr::Refusal& x) {
    t.sql.clear();
    t.reason = x.reason;
  }
  t.deterministic = r.deterministic;
  t.notes = r.notes;
  return t;
}

Translation translate_select(std::string_view sqlite_select, const TranslateContext& context) {
  Translation t;
  std::string error;
  auto s = parse_select(sqlite_select, error);
  if (!s) {
    t.reason = error;
    return t;
  }
  TranslateContext view = context;
  view.purpose = Purpose::View;
  sqltr::Renderer r(sqlite_select, view);
  try {
    sqltr::SelectOut o = r.select(*s, nullptr, true);
    std::set<std::string> seen;
    for (const auto& c : o.columns) {
      std::string key = c.target_name;
      if (key.empty()) continue;
      if (context.dialect->identifiers_case_insensitive)
        for (auto& ch : key) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      if (!seen.insert(key).second)
        r.refuse(nullptr, "the view has two columns named \"" + c.target_name + "\" (SQLite renames the second)");
    }
    t.sql = o.sql;
    t.ok = true;
  } catch (const sqltr::Refusal& x) {
    t.reason = x.reason;
  }
  t.deterministic = r.deterministic;
  t.notes = r.notes;
  return t;
}

}  // namespace litelift
