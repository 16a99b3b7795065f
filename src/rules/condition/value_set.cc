#include "rules/condition/value_set.h"

#include <algorithm>

#include <fmt/format.h>

#include "tiers/date.h"

namespace tiers::rules::condition {
namespace {

/// Lower bounds: -inf first; at one value a closed bound starts earlier.
int compare_lo(const Bound& a, const Bound& b) {
  if (a.infinite || b.infinite) return a.infinite == b.infinite ? 0 : a.infinite ? -1 : 1;
  if (int c = compare(a.value, b.value)) return c;
  return a.closed == b.closed ? 0 : a.closed ? -1 : 1;
}

/// Upper bounds: +inf last; at one value an open bound ends earlier.
int compare_hi(const Bound& a, const Bound& b) {
  if (a.infinite || b.infinite) return a.infinite == b.infinite ? 0 : a.infinite ? 1 : -1;
  if (int c = compare(a.value, b.value)) return c;
  return a.closed == b.closed ? 0 : a.closed ? 1 : -1;
}

bool is_empty(const Interval& i) {
  if (i.lo.infinite || i.hi.infinite) return false;
  const int c = compare(i.lo.value, i.hi.value);
  return c > 0 || (c == 0 && !(i.lo.closed && i.hi.closed));
}

Bound closed_at(const Rational& v) { return Bound{false, true, v}; }
Bound open_at(const Rational& v) { return Bound{false, false, v}; }

std::string show(const Rational& v, bool dates) {
  if (dates) return format_date(Date{static_cast<int32_t>(v.floor())});
  return v.str();
}

}  // namespace

ValueSet ValueSet::everything(Kind kind, bool integral) { return nothing(kind, integral).complement(); }

ValueSet ValueSet::nothing(Kind kind, bool integral) {
  ValueSet s;
  s.kind_ = kind;
  s.integral_ = integral;
  return s;
}

ValueSet ValueSet::compare(NodeKind op, const Rational& v, bool integral) {
  ValueSet s = nothing(Kind::kNumber, integral);
  switch (op) {
    case NodeKind::kEq: s.parts_.push_back({closed_at(v), closed_at(v)}); break;
    case NodeKind::kNe: return compare(NodeKind::kEq, v, integral).complement();
    case NodeKind::kLt: s.parts_.push_back({Bound{}, open_at(v)}); break;
    case NodeKind::kLe: s.parts_.push_back({Bound{}, closed_at(v)}); break;
    case NodeKind::kGt: s.parts_.push_back({open_at(v), Bound{}}); break;
    case NodeKind::kGe: s.parts_.push_back({closed_at(v), Bound{}}); break;
    default: break;
  }
  s.normalize();
  return s;
}

ValueSet ValueSet::text(std::set<std::string> values, bool complement) {
  ValueSet s = nothing(Kind::kText, false);
  s.texts_ = std::move(values);
  s.complement_ = complement;
  return s;
}

ValueSet ValueSet::boolean(bool t, bool f) {
  ValueSet s = nothing(Kind::kBool, false);
  s.t_ = t;
  s.f_ = f;
  return s;
}

void ValueSet::normalize() {
  if (kind_ != Kind::kNumber) return;
  std::vector<Interval> parts;
  for (Interval i : parts_) {
    if (integral_) {  // whole numbers only: round the bounds inward
      if (!i.lo.infinite)
        i.lo = closed_at(Rational(i.lo.closed ? i.lo.value.ceil() : i.lo.value.floor() + 1, 1));
      if (!i.hi.infinite)
        i.hi = closed_at(Rational(i.hi.closed ? i.hi.value.floor() : i.hi.value.ceil() - 1, 1));
    }
    if (!is_empty(i)) parts.push_back(i);
  }
  std::sort(parts.begin(), parts.end(),
            [](const Interval& a, const Interval& b) { return compare_lo(a.lo, b.lo) < 0; });
  parts_.clear();
  for (const Interval& i : parts) {
    if (!parts_.empty()) {
      Interval& last = parts_.back();
      bool joins = last.hi.infinite;
      if (!joins && !i.lo.infinite) {
        const Rational reach = integral_ ? last.hi.value + Rational::integer(1) : last.hi.value;
        const int c = rules::compare(i.lo.value, reach);
        joins = c < 0 || (c == 0 && (integral_ || last.hi.closed || i.lo.closed));
      }
      if (joins || i.lo.infinite) {
        if (compare_hi(i.hi, last.hi) > 0) last.hi = i.hi;
        continue;
      }
    }
    parts_.push_back(i);
  }
}

ValueSet ValueSet::complement() const {
  ValueSet s = *this;
  switch (kind_) {
    case Kind::kText: s.complement_ = !complement_; return s;
    case Kind::kBool: s.t_ = !t_; s.f_ = !f_; return s;
    case Kind::kNumber: break;
  }
  s.parts_.clear();
  Bound from{};  // -inf
  bool open_end = true;
  for (const Interval& i : parts_) {
    if (!i.lo.infinite) s.parts_.push_back({from, Bound{false, !i.lo.closed, i.lo.value}});
    if (i.hi.infinite) {
      open_end = false;
      break;
    }
    from = Bound{false, !i.hi.closed, i.hi.value};
  }
  if (open_end) s.parts_.push_back({from, Bound{}});
  s.normalize();
  return s;
}

ValueSet ValueSet::unite(const ValueSet& o) const {
  ValueSet s = *this;
  switch (kind_) {
    case Kind::kBool: s.t_ = t_ || o.t_; s.f_ = f_ || o.f_; return s;
    case Kind::kText: return intersect_or_unite_text(o, false);
    case Kind::kNumber: break;
  }
  s.parts_.insert(s.parts_.end(), o.parts_.begin(), o.parts_.end());
  s.normalize();
  return s;
}

ValueSet ValueSet::intersect(const ValueSet& o) const {
  ValueSet s = *this;
  switch (kind_) {
    case Kind::kBool: s.t_ = t_ && o.t_; s.f_ = f_ && o.f_; return s;
    case Kind::kText: return intersect_or_unite_text(o, true);
    case Kind::kNumber: break;
  }
  s.parts_.clear();
  for (const Interval& a : parts_)
    for (const Interval& b : o.parts_)
      s.parts_.push_back({compare_lo(a.lo, b.lo) >= 0 ? a.lo : b.lo,
                          compare_hi(a.hi, b.hi) <= 0 ? a.hi : b.hi});
  s.normalize();
  return s;
}

ValueSet ValueSet::intersect_or_unite_text(const ValueSet& o, bool intersect) const {
  // A ∪ B = ¬(¬A ∩ ¬B), so only intersection needs the four cases.
  if (!intersect) return complement().intersect_or_unite_text(o.complement(), true).complement();
  std::set<std::string> out;
  const std::set<std::string>& a = texts_;
  const std::set<std::string>& b = o.texts_;
  if (!complement_ && !o.complement_) {
    for (const auto& v : a) if (b.count(v)) out.insert(v);
    return text(out, false);
  }
  if (complement_ && o.complement_) {
    out = a;
    out.insert(b.begin(), b.end());
    return text(out, true);
  }
  const auto& listed = complement_ ? b : a;
  const auto& excluded = complement_ ? a : b;
  for (const auto& v : listed) if (!excluded.count(v)) out.insert(v);
  return text(out, false);
}

bool ValueSet::empty() const {
  switch (kind_) {
    case Kind::kText: return !complement_ && texts_.empty();
    case Kind::kBool: return !t_ && !f_;
    case Kind::kNumber: break;
  }
  return parts_.empty();
}

std::string ValueSet::describe(const std::string& x, bool dates) const {
  if (empty()) return fmt::format("no value of {}", x);
  if (complement().empty()) return fmt::format("any {}", x);
  std::vector<std::string> out;
  auto quoted = [](const std::set<std::string>& values) {
    std::vector<std::string> q;
    for (const auto& v : values) q.push_back(fmt::format("\"{}\"", v));
    return fmt::format("{}", fmt::join(q, ", "));
  };
  switch (kind_) {
    case Kind::kBool: return t_ ? x : fmt::format("not {}", x);
    case Kind::kText:
      if (texts_.size() == 1) return fmt::format("{} {} {}", x, complement_ ? "!=" : "==", quoted(texts_));
      return fmt::format("{} {}in [{}]", x, complement_ ? "not " : "", quoted(texts_));
    case Kind::kNumber: break;
  }
  for (const Interval& i : parts_) {
    if (i.lo.infinite)
      out.push_back(fmt::format("{} {} {}", x, i.hi.closed ? "<=" : "<", show(i.hi.value, dates)));
    else if (i.hi.infinite)
      out.push_back(fmt::format("{} {} {}", x, i.lo.closed ? ">=" : ">", show(i.lo.value, dates)));
    else if (rules::compare(i.lo.value, i.hi.value) == 0)
      out.push_back(fmt::format("{} == {}", x, show(i.lo.value, dates)));
    else
      out.push_back(fmt::format("{} {} {} {} {}", show(i.lo.value, dates), i.lo.closed ? "<=" : "<", x,
                                i.hi.closed ? "<=" : "<", show(i.hi.value, dates)));
  }
  return fmt::format("{}", fmt::join(out, " or "));
}

}  // namespace tiers::rules::condition
