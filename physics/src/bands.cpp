#include "parktwin/physics/bands.hpp"

#include "parktwin/common/error.hpp"
#include "parktwin/common/units.hpp"
#include "parktwin/model/sweep_plan.hpp"
#include "parktwin/physics/metrics.hpp"
#include "parktwin/physics/park_dispatch.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <exception>
#include <limits>
#include <mutex>
#include <numeric>
#include <system_error>
#include <thread>

namespace parktwin::physics {

double percentile(std::vector<double> values, double p) {
  if (values.empty() || std::any_of(values.begin(), values.end(), [](double v) { return std::isnan(v); })) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  std::sort(values.begin(), values.end());
  const double h = (static_cast<double>(values.size()) - 1.0) * std::clamp(p, 0.0, 100.0) / 100.0;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, values.size() - 1);
  return values[lo] + (h - static_cast<double>(lo)) * (values[hi] - values[lo]);
}

namespace {

/// Ranks 1..n, ties given their mean rank.
std::vector<double> ranks(const std::vector<double>& x) {
  std::vector<std::size_t> order(x.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return x[a] < x[b]; });
  std::vector<double> r(x.size());
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j + 1 < order.size() && x[order[j + 1]] == x[order[i]]) {
      ++j;
    }
    const double mean_rank = 0.5 * static_cast<double>(i + j) + 1.0;
    for (std::size_t k = i; k <= j; ++k) {
      r[order[k]] = mean_rank;
    }
    i = j + 1;
  }
  return r;
}

/// Days (24-hour blocks) in which no hall of the totals ran a compressor.
double compressor_free_days(const HallTotals& t) {
  const auto& h = t.hourly_compressor_halls;
  double days = 0.0;
  for (std::size_t d = 0; (d + 1) * 24 <= h.size(); ++d) {
    bool free = true;
    for (std::size_t k = d * 24; k < (d + 1) * 24; ++k) {
      free = free && h[k] == 0;
    }
    days += free ? 1.0 : 0.0;
  }
  return days;
}

double wue(double water_kg, double it_J) { return it_J > 0.0 ? water_kg / units::j_to_kwh(it_J) : 0.0; }

} // namespace

std::vector<double> hall_band_figures(const HallResult& r) {
  return {r.pue(),
          wue(r.water_kg, r.energy.it),
          r.free_cooling_hours,
          static_cast<double>(r.compressor_free_days),
          r.energy_cost_CNY,
          r.peak_facility_W / 1e3,
          std::numeric_limits<double>::quiet_NaN()};
}

namespace {

std::vector<double> park_figures(const HallTotals& t, const SupplyYear& supply) {
  return {t.pue(),
          t.wue_L_per_kWh(),
          t.free_cooling_hours(),
          compressor_free_days(t),
          t.cost_CNY,
          t.coincident_peak_W() / 1e3,
          supply.accounts.green_share};
}

} // namespace

double spearman(const std::vector<double>& x, const std::vector<double>& y) {
  if (x.size() != y.size() || x.size() < 2) {
    return 0.0;
  }
  const auto rx = ranks(x), ry = ranks(y);
  const double n = static_cast<double>(x.size());
  const double mean = (n + 1.0) / 2.0;
  double sxy = 0.0, sxx = 0.0, syy = 0.0;
  for (std::size_t i = 0; i < rx.size(); ++i) {
    sxy += (rx[i] - mean) * (ry[i] - mean);
    sxx += (rx[i] - mean) * (rx[i] - mean);
    syy += (ry[i] - mean) * (ry[i] - mean);
  }
  return sxx > 0.0 && syy > 0.0 ? sxy / std::sqrt(sxx * syy) : 0.0;
}

std::optional<std::size_t> BandsResult::strongest_parameter(std::size_t figure) const {
  const auto& rho = park_sensitivity.at(figure);
  if (rho.empty()) {
    return std::nullopt;
  }
  std::size_t best = 0;
  for (std::size_t k = 1; k < rho.size(); ++k) {
    best = std::abs(rho[k]) > std::abs(rho[best]) ? k : best;
  }
  return best;
}

const std::vector<std::string>& band_figures() {
  static const std::vector<std::string> f = {"PUE", "WUE_L_per_kWh", "free_cooling_hours", "compressor_free_days",
                                             "energy_cost_CNY", "peak_kW", "green_share"};
  return f;
}

OperatedYear run_sample(const model::Scenario& scenario, const std::string& stage_id, const ClimateInput& climate,
                        const model::UncertaintySet& parameters, const std::vector<double>& u,
                        const ParkRunOptions& run, const std::string& where) {
  model::Json doc = scenario.document();
  try {
    parameters.apply(doc, u);
  } catch (const InputError& e) {
    throw InputError(where, e.what());
  }
  const model::Scenario sample = model::Scenario::from_document(std::move(doc), where);
  const model::Park& park = sample.park();
  const model::Stage* stage = park.find_stage(stage_id);
  if (stage == nullptr) {
    throw InputError(where, "no stage " + stage_id);
  }
  ParkRunOptions o = run;
  o.simulation.keep_hourly = true; // coincident peaks, the park's free-cooling hours, hourly fits
  SupplyOptions so;
  so.sizing = false;
  return simulate_operated_year(park, *stage, climate, o, so);
}

void check_parameter_ranges(const model::Scenario& scenario, const model::UncertaintySet& parameters) {
  for (const double end : {0.0, 1.0}) {
    const std::string which = end == 0.0 ? "low" : "high";
    model::Json doc = scenario.document();
    try {
      parameters.apply(doc, std::vector<double>(parameters.parameters.size(), end));
      (void)model::Scenario::from_document(std::move(doc), "every uncertain parameter at the " + which + " end of its range");
    } catch (const InputError& e) {
      throw InputError("uncertain parameters", std::string("at the ") + which + " end of their ranges: " + e.what());
    }
  }
}

void for_each_sample(std::size_t n, unsigned jobs, const std::function<void(std::size_t)>& f) {
  std::atomic<std::size_t> next{0};
  std::atomic<bool> stop{false};
  std::mutex failure_mutex;
  std::exception_ptr failure;
  const auto work = [&] {
    for (;;) {
      const std::size_t i = next++;
      if (i >= n || stop.load()) {
        return;
      }
      try {
        f(i);
      } catch (...) {
        stop = true;
        const std::lock_guard<std::mutex> lock(failure_mutex);
        if (!failure) {
          failure = std::current_exception();
        }
        return;
      }
    }
  };
  unsigned threads = jobs != 0 ? jobs : std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(n, 1)));
  std::vector<std::thread> pool;
  try {
    for (unsigned j = 1; j < threads; ++j) {
      pool.emplace_back(work);
    }
  } catch (const std::system_error&) {
    // No more threads to be had: the ones started and this one do the work.
  }
  work();
  for (auto& t : pool) {
    t.join();
  }
  if (failure) {
    std::rethrow_exception(failure);
  }
}

BandsResult run_bands(const model::Scenario& scenario, const std::string& stage_id, const ClimateInput& climate,
                      const model::UncertaintySet& parameters, const BandsOptions& options) {
  if (options.samples < 1 || options.samples > 100000) {
    throw UsageError("--bands", "the number of samples must be from 1 to 100000");
  }
  const auto t0 = std::chrono::steady_clock::now();
  BandsResult out;
  out.samples = options.samples;
  out.seed = options.seed;
  // A parameter that reaches no place of the scenario (chilled water in a park without any)
  // is left out: its draws would change nothing and its correlations be noise.
  // So is one whose range was derived for other climates (a station's statistics).
  const std::string& wmo = climate.base_year().location.wmo;
  for (const auto& p : parameters.parameters) {
    if (p.path.places(scenario.document()).empty() || !p.applies_to_station(wmo)) {
      out.not_applicable.push_back(p.name);
    } else {
      out.parameters.parameters.push_back(p);
    }
  }
  const model::UncertaintySet& sampled = out.parameters;
  check_parameter_ranges(scenario, sampled);
  const std::size_t np = sampled.parameters.size();
  const auto cube = model::LatinHypercube::draw(np, options.samples, options.seed);
  out.draws.assign(options.samples, std::vector<double>(np));
  std::vector<std::vector<double>> u(options.samples, std::vector<double>(np));
  for (std::size_t s = 0; s < options.samples; ++s) {
    for (std::size_t k = 0; k < np; ++k) {
      u[s][k] = cube.u(k, s);
      out.draws[s][k] = sampled.parameters[k].move(u[s][k]);
    }
  }
  const std::size_t nf = band_figures().size();
  // Per sample: hall id -> figures, and the park's ("").
  std::vector<std::map<std::string, std::vector<double>>> per_sample(options.samples);
  ParkRunOptions run = options.run;
  run.threads = 1; // one sample per thread
  for_each_sample(options.samples, options.jobs, [&](std::size_t s) {
    const std::string where = "bands sample " + std::to_string(s + 1);
    const OperatedYear year = run_sample(scenario, stage_id, climate, sampled, u[s], run, where);
    HallTotals total;
    auto& figures = per_sample[s];
    for (const auto& r : year.halls.halls) {
      if (!r.ok) {
        throw SolverError(where, "hall " + r.hall_id + ": " + r.error);
      }
      total.add(r);
      figures[r.hall_id] = hall_band_figures(r);
    }
    figures[""] = park_figures(total, year.supply);
  });
  // The same halls in every sample (the draws move values, not which halls are in service).
  for (const auto& [id, f] : per_sample.front()) {
    auto& v = out.values[id];
    v.assign(nf, std::vector<double>(options.samples));
    for (std::size_t s = 0; s < options.samples; ++s) {
      const auto it = per_sample[s].find(id);
      if (it == per_sample[s].end()) {
        throw std::logic_error("run_bands: hall " + id + " missing from a sample");
      }
      for (std::size_t k = 0; k < nf; ++k) {
        v[k][s] = it->second[k];
      }
    }
    auto& b = out.bands[id];
    for (std::size_t k = 0; k < nf; ++k) {
      b.push_back({percentile(v[k], 10.0), percentile(v[k], 50.0), percentile(v[k], 90.0)});
    }
  }
  out.park_sensitivity.assign(nf, std::vector<double>(np, 0.0));
  const auto& park = out.values.at("");
  for (std::size_t f = 0; f < nf; ++f) {
    for (std::size_t k = 0; k < np; ++k) {
      std::vector<double> x(options.samples);
      for (std::size_t s = 0; s < options.samples; ++s) {
        x[s] = out.draws[s][k];
      }
      out.park_sensitivity[f][k] = spearman(x, park[f]);
    }
  }
  out.wall_time_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return out;
}

} // namespace parktwin::physics
