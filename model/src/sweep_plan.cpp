#include "parktwin/model/sweep_plan.hpp"

#include "parktwin/common/error.hpp"
#include "parktwin/common/text.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <random>
#include <stdexcept>

namespace parktwin::model {
namespace {

std::string shown(const Json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

/// A value written on the command line, read as the path's type.
Json read_value(const ScenarioPath& path, std::string_view text, const std::string& where) {
  const std::string type = path.type();
  const std::string t(trim(text));
  if (t.empty()) {
    throw UsageError(where, path.text() + ": an empty value");
  }
  Json v;
  if (type == "number" || type == "integer") {
    const auto x = parse_double(t);
    if (!x || !std::isfinite(*x)) {
      throw UsageError(where, path.text() + ": '" + t + "' is not a number");
    }
    if (type == "integer") {
      if (*x != std::floor(*x)) {
        throw UsageError(where, path.text() + ": '" + t + "' is not a whole number");
      }
      v = static_cast<long long>(*x);
    } else {
      v = *x;
    }
  } else if (type == "boolean") {
    const std::string l = to_lower(t);
    if (l != "true" && l != "false") {
      throw UsageError(where, path.text() + ": '" + t + "' is not true or false");
    }
    v = l == "true";
  } else {
    v = t;
  }
  if (const std::string why = path.check_value(v); !why.empty()) {
    throw UsageError(where, path.text() + " = " + t + ": " + why);
  }
  return v;
}

/// Uniform in [0, 1) from the generator's 64 bits (the generator's sequence is fixed by the
/// C++ standard, so this is the same everywhere; std::uniform_real_distribution is not).
double unit_interval(std::mt19937_64& g) { return static_cast<double>(g() >> 11) * 0x1.0p-53; }

} // namespace

SweepDimension SweepDimension::parse(const std::string& text, const std::string& where) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0) {
    throw UsageError(where, "'" + text + "': write <path>=<start>:<stop>:<step> or <path>=<a>,<b>,...");
  }
  SweepDimension d{ScenarioPath::parse(text.substr(0, eq), where), false, 0, 0, 0, {}};
  const std::string spec = text.substr(eq + 1);
  if (spec.find(':') != std::string::npos) {
    const auto parts = split(spec, ':');
    if (parts.size() != 3) {
      throw UsageError(where, d.path.text() + ": a range is <start>:<stop>:<step>, not '" + spec + "'");
    }
    if (d.path.type() != "number" && d.path.type() != "integer") {
      throw UsageError(where, d.path.text() + " is " + d.path.type() +
                                  ": give a list of values (a,b,c) instead of a range");
    }
    std::array<double, 3> x{};
    for (std::size_t i = 0; i < 3; ++i) {
      const auto v = parse_double(trim(parts[i]));
      if (!v || !std::isfinite(*v)) {
        throw UsageError(where, d.path.text() + ": '" + std::string(parts[i]) + "' is not a number");
      }
      x[i] = *v;
    }
    d.is_range = true;
    d.start = x[0];
    d.stop = x[1];
    d.step = x[2];
    if (!(d.step > 0.0)) {
      throw UsageError(where, d.path.text() + ": the step must be positive");
    }
    if (d.stop < d.start) {
      throw UsageError(where, d.path.text() + ": the range ends (" + shown(Json(d.stop)) +
                                  ") below where it starts (" + shown(Json(d.start)) + ")");
    }
    const double n = std::floor((d.stop - d.start) / d.step * (1.0 + 1e-12) + 1e-9);
    if (n > 1e6) {
      throw UsageError(where, d.path.text() + ": more than a million values in the range");
    }
    for (long i = 0; i <= static_cast<long>(n); ++i) {
      // Computed from the start each time, so that no rounding accumulates.
      double v = d.start + static_cast<double>(i) * d.step;
      if (std::abs(v) < 1e-12 * d.step) {
        v = 0.0;
      }
      // 12 significant digits: 0.1 * 3 is 0.3, as the user means, not 0.30000000000000004.
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.12g", v);
      d.values.push_back(read_value(d.path, buf, where));
    }
  } else {
    for (const auto part : split(spec, ',')) {
      d.values.push_back(read_value(d.path, part, where));
    }
  }
  return d;
}

Shard Shard::parse(const std::string& text, const std::string& where) {
  const auto parts = split(text, '/');
  const auto k = parts.size() == 2 ? parse_long(trim(parts[0])) : std::nullopt;
  const auto n = parts.size() == 2 ? parse_long(trim(parts[1])) : std::nullopt;
  if (!k || !n || *n < 1 || *k < 1 || *k > *n || *n > 1'000'000) {
    throw UsageError(where, "'" + text + "': write k/N with 1 <= k <= N (e.g. 3/16)");
  }
  return {static_cast<std::size_t>(*k), static_cast<std::size_t>(*n)};
}

LatinHypercube LatinHypercube::draw(std::size_t dimensions, std::size_t samples, std::uint64_t seed) {
  LatinHypercube c;
  c.samples = samples;
  std::mt19937_64 g(seed);
  for (std::size_t d = 0; d < dimensions; ++d) {
    std::vector<std::uint32_t> perm(samples);
    for (std::size_t i = 0; i < perm.size(); ++i) {
      perm[i] = static_cast<std::uint32_t>(i);
    }
    // Fisher-Yates with the generator's raw output (deterministic everywhere).
    for (std::size_t i = perm.size(); i > 1; --i) {
      std::swap(perm[i - 1], perm[static_cast<std::size_t>(g() % i)]);
    }
    std::vector<double> jit(samples);
    for (auto& j : jit) {
      j = unit_interval(g);
    }
    c.strata.push_back(std::move(perm));
    c.jitter.push_back(std::move(jit));
  }
  return c;
}

void SweepPlan::prepare() {
  if (climates.empty() || stages.empty()) {
    throw UsageError("sweep", "a sweep needs at least one climate and one stage");
  }
  std::size_t grid = 1;
  for (const auto& d : dimensions) {
    if (d.values.empty()) {
      throw UsageError("--vary", d.path.text() + ": no values");
    }
    if (!samples && grid > kMaxVariants / d.values.size()) {
      throw UsageError("--vary", "the grid has more than " + std::to_string(kMaxVariants) +
                                     " variants; use --samples");
    }
    grid = samples ? 1 : grid * d.values.size();
  }
  cube_ = LatinHypercube{};
  if (samples) {
    if (*samples < 1 || *samples > kMaxVariants) {
      throw UsageError("--samples", "must be from 1 to " + std::to_string(kMaxVariants));
    }
    cube_ = LatinHypercube::draw(dimensions.size(), *samples, seed);
  }
  const std::size_t points = samples ? *samples : grid;
  if (points > kMaxVariants / (climates.size() * stages.size())) {
    throw UsageError("sweep", "more than " + std::to_string(kMaxVariants) + " variants");
  }
  prepared_ = true;
}

std::size_t SweepPlan::size() const {
  if (!prepared_) {
    throw std::logic_error("SweepPlan::prepare() not called");
  }
  std::size_t points = 1;
  if (samples) {
    points = *samples;
  } else {
    for (const auto& d : dimensions) {
      points *= d.values.size();
    }
  }
  return climates.size() * stages.size() * points;
}

Variant SweepPlan::variant(std::size_t i) const {
  if (i >= size()) {
    throw std::out_of_range("variant index");
  }
  const std::size_t points = size() / (climates.size() * stages.size());
  Variant v;
  v.index = i;
  std::size_t point = i % points;
  const std::size_t rest = i / points;
  v.stage = rest % stages.size();
  v.climate = rest / stages.size();
  v.values.resize(dimensions.size());
  if (samples) {
    for (std::size_t d = 0; d < dimensions.size(); ++d) {
      const auto& dim = dimensions[d];
      const double u = cube_.u(d, point);
      if (dim.is_range) {
        // Anywhere in the range, snapped to the range's steps.
        const double x = dim.start + u * (dim.stop - dim.start);
        const auto k = static_cast<std::size_t>(std::llround((x - dim.start) / dim.step));
        v.values[d] = dim.values[std::min(k, dim.values.size() - 1)];
      } else {
        const auto k = static_cast<std::size_t>(u * static_cast<double>(dim.values.size()));
        v.values[d] = dim.values[std::min(k, dim.values.size() - 1)];
      }
    }
  } else {
    for (std::size_t d = dimensions.size(); d-- > 0;) {
      const std::size_t n = dimensions[d].values.size();
      v.values[d] = dimensions[d].values[point % n];
      point /= n;
    }
  }
  return v;
}

Json SweepPlan::to_json() const {
  Json dims = Json::array();
  for (const auto& d : dimensions) {
    Json j{{"path", d.path.text()}, {"canonical", d.path.canonical()}};
    if (d.is_range) {
      j["range"] = {d.start, d.stop, d.step};
    }
    j["values"] = d.values;
    dims.push_back(std::move(j));
  }
  Json j{{"climates", climates}, {"stages", stages}, {"dimensions", dims}};
  if (samples) {
    j["latin_hypercube"] = {{"samples", *samples}, {"seed", seed}};
  }
  return j;
}

} // namespace parktwin::model
