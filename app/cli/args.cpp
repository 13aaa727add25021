#include "args.hpp"

#include "parktwin/common/error.hpp"
#include "parktwin/common/text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace parktwin::cli {

std::optional<std::string> ParsedArgs::value(const std::string& name) const {
  const auto it = values_.find(name);
  if (it == values_.end()) {
    return std::nullopt;
  }
  return it->second;
}

std::vector<std::string> ParsedArgs::values(const std::string& name) const {
  const auto it = repeated_.find(name);
  return it == repeated_.end() ? std::vector<std::string>{} : it->second;
}

std::optional<double> ParsedArgs::number(const std::string& name) const {
  const auto v = value(name);
  if (!v) {
    return std::nullopt;
  }
  const auto x = parse_double(*v);
  if (!x) {
    throw UsageError("--" + name, "'" + *v + "' is not a number");
  }
  return x;
}

std::optional<long long> ParsedArgs::whole_number(const std::string& name, double lo, double hi) const {
  const auto x = number(name);
  if (!x) {
    return std::nullopt;
  }
  if (!(*x >= lo && *x <= hi) || *x != std::floor(*x)) {
    char range[96];
    std::snprintf(range, sizeof range, "must be a whole number from %.15g to %.15g", lo, hi);
    throw UsageError("--" + name, range);
  }
  return static_cast<long long>(*x);
}

std::optional<std::vector<double>> ParsedArgs::numbers(const std::string& name) const {
  const auto v = value(name);
  if (!v) {
    return std::nullopt;
  }
  std::vector<double> out;
  for (auto part : split(*v, ',')) {
    const auto x = parse_double(part);
    if (!x) {
      throw UsageError("--" + name, "'" + std::string(part) + "' in '" + *v +
                                        "' is not a number (expected a comma-separated list)");
    }
    out.push_back(*x);
  }
  return out;
}

ParsedArgs parse(const CommandSpec& spec, const std::vector<std::string>& args) {
  ParsedArgs out;
  const auto find = [&](const std::string& name) -> const OptionSpec* {
    for (const auto& o : spec.options) {
      if (o.name == name) {
        return &o;
      }
    }
    return nullptr;
  };
  bool only_positionals = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (only_positionals || a.size() < 2 || a[0] != '-' || (a[1] != '-' && a != "-h")) {
      if (!only_positionals && a.size() >= 2 && a[0] == '-' && !parse_double(a)) {
        throw UsageError(a, "options are spelled with two dashes, e.g. --help");
      }
      out.positionals_.push_back(a);
      continue;
    }
    if (a == "--") {
      only_positionals = true;
      continue;
    }
    if (a == "-h" || a == "--help") {
      out.values_["help"] = "";
      continue;
    }
    std::string name = a.substr(2);
    std::optional<std::string> inline_value;
    if (const auto eq = name.find('='); eq != std::string::npos) {
      inline_value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    const OptionSpec* opt = find(name);
    if (opt == nullptr) {
      std::string message = "unknown option for 'parktwin " + spec.path + "'";
      std::size_t best = 1000;
      std::string closest;
      for (const auto& o : spec.options) {
        const std::size_t d = edit_distance(name, o.name);
        if (d < best) {
          best = d;
          closest = o.name;
        }
      }
      if (best <= 3) {
        message += "; did you mean --" + closest + "?";
      }
      message += " (see parktwin " + spec.path + " --help)";
      throw UsageError("--" + name, message);
    }
    if (out.values_.count(name) != 0 && !opt->repeatable) {
      throw UsageError("--" + name, "given more than once");
    }
    if (opt->value_name.empty()) {
      if (inline_value) {
        throw UsageError("--" + name, "is a flag and takes no value");
      }
      out.values_[name] = "";
      continue;
    }
    if (inline_value) {
      out.values_[name] = *inline_value;
      out.repeated_[name].push_back(*inline_value);
      continue;
    }
    if (i + 1 >= args.size()) {
      throw UsageError("--" + name, "needs a value <" + opt->value_name + ">");
    }
    const std::string& next = args[i + 1];
    if (next.rfind("--", 0) == 0 && !parse_double(next)) {
      throw UsageError("--" + name, "needs a value <" + opt->value_name + ">, found option " + next);
    }
    out.values_[name] = next;
    out.repeated_[name].push_back(next);
    ++i;
  }
  if (!out.help()) {
    const std::size_t n = out.positionals_.size();
    if (n < spec.min_positionals) {
      throw UsageError("parktwin " + spec.path,
                       "missing argument; usage: parktwin " + spec.path + " " + spec.usage);
    }
    if (n > spec.max_positionals) {
      throw UsageError("parktwin " + spec.path,
                       "unexpected argument '" + out.positionals_[spec.max_positionals] +
                           "'; usage: parktwin " + spec.path + " " + spec.usage);
    }
  }
  return out;
}

std::string help_text(const CommandSpec& spec) {
  std::string out = "Usage: parktwin " + spec.path + " " + spec.usage + "\n\n" + spec.summary +
                    "\n\nOptions:\n";
  std::vector<OptionSpec> all = spec.options;
  all.push_back({"help", "", "show this help and exit"});
  std::size_t width = 0;
  for (const auto& o : all) {
    width = std::max(width, o.name.size() + (o.value_name.empty() ? 0 : o.value_name.size() + 3));
  }
  for (const auto& o : all) {
    std::string left = "--" + o.name + (o.value_name.empty() ? "" : " <" + o.value_name + ">");
    out += "  " + left + std::string(width + 4 - left.size() + 2, ' ') + o.help +
           (o.repeatable ? " (may be repeated)" : "") + "\n";
  }
  if (!spec.details.empty()) {
    out += "\n" + spec.details;
    if (out.back() != '\n') {
      out += '\n';
    }
  }
  return out;
}

} // namespace parktwin::cli
