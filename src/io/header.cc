#include "io/header.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "tiers/error.h"

namespace tiers::io {
namespace {

struct Role {
  const char* what;    // "customer"
  const char* option;  // "--customer"
  std::vector<std::string_view> known;  // normalized names recognised automatically
};

const Role kCustomer{"customer", "--customer",
                     {"customerid", "customer", "clientid", "client", "custid", "customerno",
                      "customernumber", "memberid", "客户", "客户id", "客户编号", "会员id",
                      // German, French, Spanish exports
                      "kunde", "kundennummer", "kundennr", "kundenid", "numeroclient", "idclient",
                      "cliente", "idcliente", "numerocliente"}};
const Role kDate{"date", "--date",
                 {"date", "orderdate", "invoicedate", "transactiondate", "purchasedate",
                  "日期", "订单日期", "交易日期", "下单日期",
                  "datum", "bestelldatum", "rechnungsdatum", "fecha", "fechapedido", "datecommande"}};
const Role kAmount{"amount", "--amount",
                   {"amount", "total", "revenue", "sales", "totalamount", "ordertotal",
                    "netamount", "linetotal", "金额", "销售额", "订单金额",
                    "betrag", "gesamtbetrag", "umsatz", "montant", "montantttc", "importe"}};
const Role kOrder{"order", "--order",
                  {"orderid", "order", "orderno", "ordernumber", "invoice", "invoiceno", "invoiceid",
                   "invoicenumber", "transactionid", "订单号", "订单编号",
                   "bestellnummer", "bestellnr", "rechnungsnummer", "auftragsnummer", "numerocommande",
                   "pedido", "numeropedido", "factura"}};

/// Edits (insert, delete, substitute, swap two neighbours) from a to b.
size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i)
    for (size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1,
                          d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

std::string location(const std::string& file, uint64_t line) {
  return fmt::format("{}:{}", file, line);
}

/// How to pick column `h` with `option`: by name when no other column has
/// that name, else by position.
std::string pick(const Role& role, const std::vector<std::string>& header, size_t h) {
  if (std::count(header.begin(), header.end(), header[h]) == 1)
    return fmt::format("{} \"{}\"", role.option, header[h]);
  return fmt::format("{} {}", role.option, h + 1);
}

std::optional<size_t> resolve(const Role& role, const std::string& given,
                              const std::vector<std::string>& header, bool required,
                              const std::string& file, uint64_t line) {
  std::vector<size_t> hits;
  if (!given.empty()) {
    hits = find_columns(header, given);
    if (hits.empty()) {
      auto near = did_you_mean(given, header);
      throw Error(ExitCode::kUsage,
                  fmt::format("{}: no column \"{}\" (given with {}); the header has: {}",
                              location(file, line), given, role.option, list_header(header)),
                  near ? fmt::format("did you mean {} {}?", role.option, *near)
                       : fmt::format("name one of the header's columns with {}, or give its position "
                                     "(1 to {})",
                                     role.option, header.size()));
    }
  } else {
    for (size_t i = 0; i < header.size(); ++i) {
      const std::string norm = normalize_header(header[i]);
      if (std::find(role.known.begin(), role.known.end(), norm) != role.known.end())
        hits.push_back(i);
    }
    if (hits.empty()) {
      if (!required) return std::nullopt;
      std::vector<std::string> known(role.known.begin(), role.known.end());
      std::optional<std::string> near;
      for (const auto& h : header)
        if (did_you_mean(normalize_header(h), known)) near = h;
      throw Error(ExitCode::kUsage,
                  fmt::format("{}: cannot find the {} column; the header has: {}",
                              location(file, line), role.what, list_header(header)),
                  near ? fmt::format("did you mean {} \"{}\"?", role.option, *near)
                       : fmt::format("name it with {} COLUMN", role.option));
    }
  }
  if (hits.size() > 1) {
    std::string names;
    for (size_t h : hits) {
      if (!names.empty()) names += ", ";
      names += fmt::format("\"{}\" (column {})", header[h], h + 1);
    }
    std::string choices;
    for (size_t k = 0; k < hits.size(); ++k) {
      if (k > 0) choices += k + 1 == hits.size() ? " or " : ", ";
      choices += pick(role, header, hits[k]);
    }
    throw Error(ExitCode::kUsage,
                fmt::format("{}: {} columns could be the {} column: {}", location(file, line),
                            hits.size(), role.what, names),
                fmt::format("choose one with {}", choices));
  }
  return hits.front();
}

}  // namespace

std::string list_header(const std::vector<std::string>& header) {
  std::string out;
  for (size_t i = 0; i < header.size(); ++i) {
    if (i) out += ", ";
    out += header[i].empty() ? "(empty)" : header[i];
  }
  return out;
}

std::vector<size_t> find_columns(const std::vector<std::string>& header, std::string_view wanted) {
  std::vector<size_t> hits;
  for (size_t i = 0; i < header.size(); ++i)
    if (header[i] == wanted) hits.push_back(i);
  if (!hits.empty()) return hits;
  const std::string norm = normalize_header(wanted);
  for (size_t i = 0; i < header.size(); ++i)
    if (normalize_header(header[i]) == norm) hits.push_back(i);
  if (hits.empty())
    if (const auto at = column_position(wanted, header.size())) hits.push_back(*at);
  return hits;
}

std::optional<size_t> column_position(std::string_view given, size_t columns) {
  if (given.empty() || given.size() > 6 || given[0] == '0') return std::nullopt;
  size_t n = 0;
  for (char c : given) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<size_t>(c - '0');
  }
  if (n > columns) return std::nullopt;
  return n - 1;
}

std::string normalize_header(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (char c : name) {
    if (c == ' ' || c == '_' || c == '-' || c == '.' || c == '\t') continue;
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return out;
}

std::optional<std::string> did_you_mean(std::string_view name,
                                        const std::vector<std::string>& candidates) {
  const std::string norm = normalize_header(name);
  std::optional<std::string> best;
  size_t best_distance = 0;
  for (const auto& candidate : candidates) {
    const size_t d = edit_distance(norm, normalize_header(candidate));
    const size_t limit = std::max<size_t>(1, std::min(norm.size(), candidate.size()) / 3);
    if (d <= limit && (!best || d < best_distance)) {
      best = candidate;
      best_distance = d;
    }
  }
  if (best || norm.size() < 3) return best;
  // No near miss: a name that is part of exactly one candidate (`date` for
  // `order_date`, `cuts` for `--abc-cuts`).
  for (const auto& candidate : candidates) {
    if (normalize_header(candidate).find(norm) == std::string::npos) continue;
    if (best) return std::nullopt;
    best = candidate;
  }
  return best;
}

ColumnMap resolve_columns(const std::vector<std::string>& header, const ColumnChoice& choice,
                          const std::string& file, uint64_t line) {
  ColumnMap map;
  map.field_count = header.size();
  map.customer = *resolve(kCustomer, choice.customer, header, true, file, line);
  map.date = *resolve(kDate, choice.date, header, true, file, line);
  if (!choice.amount_from_expression) map.amount = resolve(kAmount, choice.amount, header, true, file, line);
  if (!choice.no_order) map.order = resolve(kOrder, choice.order, header, false, file, line);
  std::vector<std::pair<const char*, size_t>> used{{"customer", map.customer}, {"date", map.date}};
  if (map.amount) used.emplace_back("amount", *map.amount);
  for (size_t i = 0; i < used.size(); ++i)
    for (size_t j = i + 1; j < used.size(); ++j)
      if (used[i].second == used[j].second)
        throw Error(ExitCode::kUsage,
                    fmt::format("{}: column \"{}\" cannot be both the {} and the {} column",
                                location(file, line), header[used[i].second], used[i].first,
                                used[j].first));
  return map;
}

}  // namespace tiers::io
