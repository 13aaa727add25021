#include "parktwin/physics/calibration.hpp"

#include "parktwin/common/error.hpp"
#include "parktwin/common/text.hpp"
#include "parktwin/model/sweep_plan.hpp"
#include "parktwin/physics/bands.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>
#include <set>

namespace parktwin::physics {

namespace {

const std::vector<std::string>& target_figures() {
  static const std::vector<std::string> f = {"PUE", "compressor_free_days", "free_cooling_hours", "WUE_L_per_kWh"};
  return f;
}
const std::vector<std::string>& measured_columns() {
  static const std::vector<std::string> c = {"it_kW", "facility_kW", "water_m3", "compressor_on"};
  return c;
}

/// The hall's target figures, as the bands define them (hall_band_figures).
std::map<std::string, double> hall_figures(const HallResult& r) {
  const std::vector<double> all = hall_band_figures(r);
  std::map<std::string, double> out;
  for (const auto& name : target_figures()) {
    const auto at = std::find(band_figures().begin(), band_figures().end(), name) - band_figures().begin();
    out[name] = all.at(static_cast<std::size_t>(at));
  }
  return out;
}

/// The hall's hourly series of a measured column.
double hourly(const HallResult& r, const std::string& column, std::size_t h) {
  const auto& H = r.hourly;
  if (column == "it_kW") {
    return static_cast<double>(H.it_kW.at(h));
  }
  if (column == "facility_kW") {
    return static_cast<double>(H.facility_kW.at(h));
  }
  if (column == "water_m3") {
    return static_cast<double>(H.water_L.at(h)) / 1000.0;
  }
  return static_cast<double>(H.compressor_running.at(h));
}

/// Solves A x = b (A symmetric positive definite, small) by Gauss-Jordan with partial pivoting;
/// returns A's inverse (empty if singular).
std::vector<std::vector<double>> inverse(std::vector<std::vector<double>> a) {
  const std::size_t n = a.size();
  std::vector<std::vector<double>> inv(n, std::vector<double>(n, 0.0));
  for (std::size_t i = 0; i < n; ++i) {
    inv[i][i] = 1.0;
  }
  for (std::size_t c = 0; c < n; ++c) {
    std::size_t p = c;
    for (std::size_t r = c + 1; r < n; ++r) {
      p = std::abs(a[r][c]) > std::abs(a[p][c]) ? r : p;
    }
    if (!(std::abs(a[p][c]) > 0.0)) {
      return {};
    }
    std::swap(a[p], a[c]);
    std::swap(inv[p], inv[c]);
    const double d = a[c][c];
    for (std::size_t k = 0; k < n; ++k) {
      a[c][k] /= d;
      inv[c][k] /= d;
    }
    for (std::size_t r = 0; r < n; ++r) {
      if (r != c && a[r][c] != 0.0) {
        const double f = a[r][c];
        for (std::size_t k = 0; k < n; ++k) {
          a[r][k] -= f * a[c][k];
          inv[r][k] -= f * inv[c][k];
        }
      }
    }
  }
  return inv;
}

/// The hall's display path prefix in the document ("wings[0].buildings[1].halls[2]").
std::string hall_place(const model::Json& doc, const std::string& hall) {
  const auto places = model::ScenarioPath::parse("halls[" + hall + "].floor_area_m2", "--hall").places(doc);
  if (places.size() != 1) {
    throw UsageError("--hall", "no hall '" + hall + "' in the scenario");
  }
  return places[0].substr(0, places[0].size() - std::string(".floor_area_m2").size());
}

} // namespace

CalibrationTarget CalibrationTarget::parse(const std::string& text) {
  const auto eq = text.find('=');
  const std::string figure = text.substr(0, eq);
  if (eq == std::string::npos ||
      std::find(target_figures().begin(), target_figures().end(), figure) == target_figures().end()) {
    throw UsageError("--target", "'" + text + "': write <figure>=<value>[:<sigma>] with figure one of PUE, "
                                              "compressor_free_days, free_cooling_hours, WUE_L_per_kWh");
  }
  const std::string rest = text.substr(eq + 1);
  const auto colon = rest.find(':');
  const auto value = parse_double(rest.substr(0, colon));
  const auto sigma = colon == std::string::npos ? std::optional<double>(default_sigma(figure))
                                                : parse_double(rest.substr(colon + 1));
  if (!value || !std::isfinite(*value) || *value < 0.0) {
    throw UsageError("--target", "'" + text + "': the value must be a number >= 0");
  }
  if (!sigma || !(*sigma > 0.0) || !std::isfinite(*sigma)) {
    throw UsageError("--target", "'" + text + "': the uncertainty after ':' must be a number above 0");
  }
  return {figure, *value, *sigma};
}

double CalibrationTarget::default_sigma(const std::string& figure) {
  if (figure == "PUE") {
    return 0.01;
  }
  if (figure == "WUE_L_per_kWh") {
    return 0.05;
  }
  if (figure == "compressor_free_days") {
    return 5.0;
  }
  return 100.0;
}

MeasuredData MeasuredData::read_csv(const std::string& file, std::size_t climate_hours) {
  std::string text = read_file(file);
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) { // a UTF-8 byte-order mark, as spreadsheets write
    text.erase(0, 3);
  }
  MeasuredData m;
  std::vector<std::string_view> lines = split(text, '\n');
  if (lines.empty() || trim(lines[0]).empty()) {
    throw InputError(file, "empty: expected a header with 'hour' and any of it_kW, facility_kW, water_m3, compressor_on");
  }
  const auto header = split(trim(lines[0]), ',');
  std::ptrdiff_t hour_col = -1;
  std::vector<std::pair<std::size_t, std::string>> cols;
  for (std::size_t i = 0; i < header.size(); ++i) {
    const std::string name(trim(header[i]));
    if (name == "hour") {
      hour_col = static_cast<std::ptrdiff_t>(i);
    } else if (std::find(measured_columns().begin(), measured_columns().end(), name) != measured_columns().end()) {
      if (m.columns.count(name) != 0) {
        throw InputError(file + ":1", "column '" + name + "' appears twice");
      }
      cols.emplace_back(i, name);
      m.columns[name];
    }
  }
  if (hour_col < 0 || cols.empty()) {
    throw InputError(file + ":1", "the header needs 'hour' and at least one of it_kW, facility_kW, water_m3, compressor_on");
  }
  std::set<std::size_t> seen;
  for (std::size_t l = 1; l < lines.size(); ++l) {
    const std::string_view line = trim(lines[l]);
    if (line.empty()) {
      continue;
    }
    const std::string where = file + ":" + std::to_string(l + 1);
    const auto cells = split(line, ',');
    if (cells.size() != header.size()) {
      throw InputError(where, std::to_string(cells.size()) + " cells; the header has " + std::to_string(header.size()));
    }
    const auto h = parse_long(cells[static_cast<std::size_t>(hour_col)]);
    if (!h || *h < 1 || static_cast<std::size_t>(*h) > climate_hours) {
      throw InputError(where, "hour '" + std::string(trim(cells[static_cast<std::size_t>(hour_col)])) +
                                  "' is not 1-" + std::to_string(climate_hours) + " of the climate year");
    }
    if (!seen.insert(static_cast<std::size_t>(*h)).second) {
      throw InputError(where, "hour " + std::to_string(*h) + " appears twice");
    }
    m.hours.push_back(static_cast<std::size_t>(*h) - 1);
    for (const auto& [i, name] : cols) {
      const std::string_view cell = trim(cells[i]);
      double v = std::numeric_limits<double>::quiet_NaN();
      if (!cell.empty()) {
        const auto x = parse_double(cell);
        if (!x || !std::isfinite(*x) || *x < 0.0) {
          throw InputError(where, name + " '" + std::string(cell) + "' is not a number >= 0");
        }
        if (name == "compressor_on" && *x != 0.0 && *x != 1.0) {
          throw InputError(where, "compressor_on '" + std::string(cell) + "' is not 0 or 1");
        }
        v = *x;
      }
      m.columns[name].push_back(v);
    }
  }
  if (m.hours.empty()) {
    throw InputError(file, "no data rows");
  }
  if (m.values() == 0) {
    throw InputError(file, "no measured values: every cell of " + std::to_string(m.hours.size()) + " rows is empty");
  }
  return m;
}

std::size_t MeasuredData::values() const {
  std::size_t n = 0;
  for (const auto& [name, v] : columns) {
    n += static_cast<std::size_t>(std::count_if(v.begin(), v.end(), [](double x) { return !std::isnan(x); }));
  }
  return n;
}

bool GoodnessOfFit::meets(bool is_hourly) const noexcept {
  return is_hourly ? cv_rmse_pct <= 30.0 && std::abs(nmbe_pct) <= 10.0
                   : cv_rmse_pct <= 15.0 && std::abs(nmbe_pct) <= 5.0;
}

GoodnessOfFit goodness_of_fit(const std::vector<double>& measured, const std::vector<double>& simulated,
                              std::size_t parameters) {
  GoodnessOfFit g;
  double sum_m = 0.0, sum_d = 0.0, sum_d2 = 0.0;
  for (std::size_t i = 0; i < measured.size() && i < simulated.size(); ++i) {
    if (std::isnan(measured[i])) {
      continue;
    }
    ++g.n;
    sum_m += measured[i];
    sum_d += measured[i] - simulated[i];
    sum_d2 += (measured[i] - simulated[i]) * (measured[i] - simulated[i]);
  }
  if (g.n <= parameters || sum_m <= 0.0) {
    g.cv_rmse_pct = g.nmbe_pct = std::numeric_limits<double>::quiet_NaN();
    return g;
  }
  const double mean = sum_m / static_cast<double>(g.n);
  const double dof = static_cast<double>(g.n - parameters);
  g.cv_rmse_pct = 100.0 * std::sqrt(sum_d2 / dof) / mean;
  g.nmbe_pct = 100.0 * sum_d / (dof * mean);
  return g;
}

CalibrationResult calibrate(const model::Scenario& scenario, const std::string& stage_id, const ClimateInput& climate,
                            const model::UncertaintySet& parameters, const std::vector<CalibrationTarget>& targets,
                            const MeasuredData* measured, const CalibrationOptions& options) {
  const auto t0 = std::chrono::steady_clock::now();
  const std::size_t measured_values = measured != nullptr ? measured->values() : 0;
  for (std::size_t i = 0; i < targets.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (targets[i].figure == targets[j].figure) {
        throw UsageError("--target", targets[i].figure + " is given twice");
      }
    }
  }
  if (targets.empty() && measured_values == 0) {
    throw UsageError("calibrate", "nothing to fit: give --measured <file.csv> or --target <figure>=<value>");
  }
  const model::Json& doc = scenario.document();
  CalibrationResult out;
  out.targets = targets;
  // The hall: the one given, else the park's only hall in service at the stage.
  const model::Park& park = scenario.park();
  const model::Stage* stage = park.find_stage(stage_id);
  const auto in_service = [&](const model::Hall& h) { return stage != nullptr && park.service_year(h) <= stage->year; };
  out.hall = options.hall;
  if (out.hall.empty()) {
    std::vector<std::string> ids;
    for (const auto& w : park.wings) {
      for (const auto& b : w.buildings) {
        for (const auto& h : b.halls) {
          if (in_service(h)) {
            ids.push_back(h.id);
          }
        }
      }
    }
    if (ids.size() != 1) {
      throw UsageError("--hall", "the park has " + std::to_string(ids.size()) +
                                     " halls in service at this stage: name the one to calibrate");
    }
    out.hall = ids[0];
  }
  const std::string prefix = hall_place(doc, out.hall) + "."; // (refuses an unknown hall)
  if (const model::Hall* h = park.find_hall(out.hall); h != nullptr && !in_service(*h)) {
    throw UsageError("--hall", "hall " + out.hall + " is not in service at stage " + stage_id + ": choose a later --stage");
  }
  // Only the parameters that reach this hall are fitted; the rest keep the scenario's values.
  model::UncertaintySet fit;
  for (const auto& p : parameters.parameters) {
    const auto places = p.path.places(doc);
    if (std::any_of(places.begin(), places.end(), [&](const std::string& s) { return s.rfind(prefix, 0) == 0; }) &&
        p.high > p.low) {
      fit.parameters.push_back(p);
    }
  }
  check_parameter_ranges(scenario, fit);
  if (options.screening < 1) {
    throw UsageError("--samples", "at least one screening point");
  }
  const std::size_t k = fit.parameters.size();
  if (k == 0) {
    throw UsageError("calibrate", "no declared uncertain parameter reaches hall " + out.hall);
  }
  ParkRunOptions run = options.run;
  run.threads = 1;
  run.only_hall = out.hall;
  // Standardised residuals of a run: targets by their sigma; each measured column hour by hour
  // by an assumed error of 5 % of its mean (0.5 for the on/off state). The fit minimises their
  // sum of squares, so a year of metered hours outweighs a few published figures; the spread
  // (below) takes each column's actual scatter and autocorrelation instead of the assumption.
  std::map<std::string, double> col_sigma;
  struct Segment {
    std::string name;
    std::size_t begin = 0, end = 0;  ///< rows of the residual vector
    std::vector<std::size_t> hours;  ///< the hour of each row
  };
  std::vector<Segment> segments;
  std::size_t rows = targets.size();
  if (measured != nullptr) {
    for (const auto& [name, v] : measured->columns) {
      double s = 0.0;
      Segment seg{name, rows, rows, {}};
      for (std::size_t i = 0; i < v.size(); ++i) {
        if (!std::isnan(v[i])) {
          s += v[i];
          seg.hours.push_back(measured->hours[i]);
        }
      }
      const std::size_t n = seg.hours.size();
      col_sigma[name] = name == "compressor_on" ? 0.5 : std::max(0.05 * (n > 0 ? s / static_cast<double>(n) : 0.0), 1e-9);
      rows += n;
      seg.end = rows;
      segments.push_back(std::move(seg));
    }
  }
  const auto residuals = [&](const HallResult& r) {
    std::vector<double> res;
    res.reserve(rows);
    const auto f = hall_figures(r);
    for (const auto& t : targets) {
      res.push_back((f.at(t.figure) - t.value) / t.sigma);
    }
    if (measured != nullptr) {
      for (const auto& [name, v] : measured->columns) {
        for (std::size_t i = 0; i < measured->hours.size(); ++i) {
          if (!std::isnan(v[i])) {
            res.push_back((hourly(r, name, measured->hours[i]) - v[i]) / col_sigma.at(name)); // (read-only: threads)
          }
        }
      }
    }
    return res;
  };
  const auto one_run = [&](const model::UncertaintySet& set, const std::vector<double>& u, const std::string& where) {
    OperatedYear y = run_sample(scenario, stage_id, climate, set, u, run, where);
    if (y.halls.halls.size() != 1 || !y.halls.halls[0].ok) {
      throw SolverError(where, y.halls.halls.empty() ? "hall " + out.hall + " not simulated" : y.halls.halls[0].error);
    }
    return std::move(y.halls.halls[0]);
  };
  const auto sse = [](const std::vector<double>& r) {
    return std::inner_product(r.begin(), r.end(), r.begin(), 0.0);
  };
  // The prior: each parameter Gaussian about the scenario's own value (offset 0, factor 1) with
  // the standard deviation of its uniform range, so that the fit is the maximum a posteriori
  // and values the data do not inform stay where the scenario has them.
  std::vector<double> u0(k);
  bool u0_clamped = false; // a range that excludes the scenario's own value
  for (std::size_t j = 0; j < k; ++j) {
    const auto& p = fit.parameters[j];
    const double neutral = p.kind == model::UncertainParameter::Kind::Scale ? 1.0 : 0.0;
    const double at = (neutral - p.low) / (p.high - p.low);
    u0[j] = std::clamp(at, 0.0, 1.0);
    u0_clamped = u0_clamped || u0[j] != at;
  }
  const auto prior = [&](const std::vector<double>& u) {
    double sum = 0.0;
    for (std::size_t j = 0; j < k; ++j) {
      sum += 12.0 * (u[j] - u0[j]) * (u[j] - u0[j]); // ((u - u0) / sqrt(1/12))^2
    }
    return sum;
  };
  const HallResult before = one_run(model::UncertaintySet{}, {}, "calibrate: the scenario as written");
  out.before = hall_figures(before);
  out.objective_before = sse(residuals(before)) + prior(u0);
  out.model_runs = 1;

  // 1. Screening: a Latin hypercube over the unit ranges.
  const auto cube = model::LatinHypercube::draw(k, options.screening, options.seed);
  std::vector<std::vector<double>> us(options.screening, std::vector<double>(k));
  std::vector<double> fs(options.screening);
  for (std::size_t s = 0; s < options.screening; ++s) {
    for (std::size_t j = 0; j < k; ++j) {
      us[s][j] = cube.u(j, s);
    }
  }
  for_each_sample(options.screening, options.jobs, [&](std::size_t s) {
    fs[s] = sse(residuals(one_run(fit, us[s], "calibrate: screening point " + std::to_string(s + 1)))) + prior(us[s]);
  });
  out.model_runs += options.screening;
  const auto objective = [&](std::vector<double> u) {
    for (auto& x : u) {
      x = std::clamp(x, 0.0, 1.0);
    }
    ++out.model_runs;
    return sse(residuals(one_run(fit, u, "calibrate: local search"))) + prior(u);
  };
  // The scenario as written is a candidate too (often the best start: the data may agree).
  us.push_back(u0);
  fs.push_back(u0_clamped ? objective(u0) : out.objective_before); // a range without the scenario's value moves it
  std::vector<std::size_t> order(us.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return fs[a] < fs[b]; });
  std::vector<double> best_u = us[order[0]];
  double best_f = fs[order[0]];
  // 2. Levenberg-Marquardt (Marquardt, J. SIAM 11, 1963) from the best candidate with half the
  // budget: the residuals and the prior's (sqrt(12) (u - u0)) by Gauss-Newton steps damped by
  // lambda diag(J^T J), the Jacobian by forward differences of 2 % of each range, steps projected
  // onto the ranges. Fast where the residuals are smooth in the parameters (metered power).
  {
    std::size_t budget = options.evaluations / 2;
    const auto run_res = [&](const std::vector<double>& u) {
      ++out.model_runs;
      return residuals(one_run(fit, u, "calibrate: local search"));
    };
    // (Too small a budget for one Jacobian and a step: no Levenberg-Marquardt at all.)
    const bool lm = budget >= k + 2;
    std::vector<double> u = best_u;
    std::vector<double> r = lm ? run_res(u) : std::vector<double>{};
    budget = lm ? budget - 1 : 0;
    double f = lm ? sse(r) + prior(u) : best_f;
    double lambda = 1e-3;
    while (budget > k) {
      std::vector<std::vector<double>> Jf(k);
      for (std::size_t j = 0; j < k; ++j) {
        auto up = u;
        const double h = u[j] + 0.02 <= 1.0 ? 0.02 : -0.02;
        up[j] += h;
        const auto rj = run_res(up);
        --budget;
        Jf[j].resize(r.size());
        for (std::size_t i = 0; i < r.size(); ++i) {
          Jf[j][i] = (rj[i] - r[i]) / h;
        }
      }
      std::vector<std::vector<double>> A(k, std::vector<double>(k, 0.0));
      std::vector<double> g(k, 0.0);
      for (std::size_t a = 0; a < k; ++a) {
        for (std::size_t b = 0; b < k; ++b) {
          A[a][b] = std::inner_product(Jf[a].begin(), Jf[a].end(), Jf[b].begin(), 0.0);
        }
        A[a][a] += 12.0;
        g[a] = std::inner_product(Jf[a].begin(), Jf[a].end(), r.begin(), 0.0) + 12.0 * (u[a] - u0[a]);
      }
      bool accepted = false;
      double gain = 0.0;
      for (int attempt = 0; attempt < 4 && budget > 0 && !accepted; ++attempt) {
        auto M = A;
        for (std::size_t a = 0; a < k; ++a) {
          M[a][a] += lambda * A[a][a];
        }
        const auto Minv = inverse(M);
        if (Minv.empty()) {
          break;
        }
        std::vector<double> un = u;
        for (std::size_t a = 0; a < k; ++a) {
          double d = 0.0;
          for (std::size_t b = 0; b < k; ++b) {
            d -= Minv[a][b] * g[b];
          }
          un[a] = std::clamp(u[a] + d, 0.0, 1.0);
        }
        const auto rn = run_res(un);
        --budget;
        const double fn = sse(rn) + prior(un);
        if (fn < f) {
          gain = f - fn;
          u = un;
          r = rn;
          f = fn;
          lambda = std::max(lambda / 3.0, 1e-7);
          accepted = true;
        } else {
          lambda *= 4.0;
        }
      }
      if (!accepted || gain <= 1e-8 * (1.0 + f)) {
        break;
      }
    }
    if (f < best_f) {
      best_f = f;
      best_u = u;
    }
  }
  // 3. Nelder-Mead (Lagarias et al., SIAM J. Optim. 9, 1998), robust where the figures are
  // step functions (whole days): from the best point so far and from the second-best candidate,
  // a quarter of the budget each, on the unit cube (points projected into it).
  std::vector<std::vector<double>> starts{best_u};
  std::vector<double> start_f{best_f};
  if (order.size() > 1) {
    starts.push_back(us[order[1]]);
    start_f.push_back(fs[order[1]]);
  }
  const std::size_t restarts = starts.size();
  // (A simplex needs k + 1 points: with less budget than that, no Nelder-Mead.)
  for (std::size_t r = 0; r < restarts && options.evaluations / 4 >= k + 1; ++r) {
    std::vector<std::vector<double>> x(k + 1, starts.at(r));
    std::vector<double> fx(k + 1, std::numeric_limits<double>::infinity());
    fx.at(0) = start_f.at(r);
    std::size_t budget = options.evaluations / 4;
    for (std::size_t j = 0; j < k && budget > 0; ++j, --budget) {
      x[j + 1][j] += x[j + 1][j] < 0.5 ? 0.2 : -0.2;
      fx[j + 1] = objective(x[j + 1]);
    }
    while (budget > 0) {
      std::vector<std::size_t> idx(k + 1);
      std::iota(idx.begin(), idx.end(), std::size_t{0});
      std::sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return fx[a] < fx[b]; });
      const std::size_t lo = idx.at(0), hi = idx.at(k), second = idx.at(k - 1);
      double size = 0.0;
      for (std::size_t i = 0; i <= k; ++i) {
        for (std::size_t j = 0; j < k; ++j) {
          size = std::max(size, std::abs(x[i][j] - x[lo][j]));
        }
      }
      if (size < 1e-3 || fx[hi] - fx[lo] <= 1e-9 * (1.0 + std::abs(fx[lo]))) {
        break;
      }
      std::vector<double> c(k, 0.0);
      for (std::size_t i = 0; i <= k; ++i) {
        if (i != hi) {
          for (std::size_t j = 0; j < k; ++j) {
            c[j] += x[i][j] / static_cast<double>(k);
          }
        }
      }
      const auto along = [&](double t) {
        std::vector<double> p(k);
        for (std::size_t j = 0; j < k; ++j) {
          p[j] = std::clamp(c[j] + t * (x[hi][j] - c[j]), 0.0, 1.0);
        }
        return p;
      };
      const auto xr = along(-1.0);
      const double fr = objective(xr);
      --budget;
      if (fr < fx[lo] && budget > 0) {
        const auto xe = along(-2.0);
        const double fe = objective(xe);
        --budget;
        x[hi] = fe < fr ? xe : xr;
        fx[hi] = std::min(fe, fr);
      } else if (fr < fx[second]) {
        x[hi] = xr;
        fx[hi] = fr;
      } else if (budget > 0) {
        const auto xc = along(fr < fx[hi] ? -0.5 : 0.5);
        const double fc = objective(xc);
        --budget;
        if (fc < std::min(fr, fx[hi])) {
          x[hi] = xc;
          fx[hi] = fc;
        } else {
          for (std::size_t i = 0; i <= k && budget > 0; ++i) { // shrink towards the best
            if (i != lo) {
              for (std::size_t j = 0; j < k; ++j) {
                x[i][j] = x[lo][j] + 0.5 * (x[i][j] - x[lo][j]);
              }
              fx[i] = objective(x[i]);
              --budget;
            }
          }
        }
      }
    }
    for (std::size_t i = 0; i <= k; ++i) {
      if (fx[i] < best_f) {
        best_f = fx[i];
        best_u = x[i];
      }
    }
  }
  out.u = best_u;
  out.objective = best_f;
  const HallResult after = one_run(fit, best_u, "calibrate: the fit");
  ++out.model_runs;
  out.after = hall_figures(after);
  // 4. Spread: the Laplace approximation of the posterior at the fit, H = sum J^T W J + the
  // prior's curvature. The Jacobian of the residuals by central differences over 10 % of each
  // range (the figures are step functions of the parameters at finer scales: compressor-free
  // days are whole days). Targets weigh by their sigma. A measured column weighs by its own
  // scatter about the fit (its reduced chi-square s2 = sum r^2 / (n - k)), and its hours count
  // as n (1 - rho) / (1 + rho) independent ones, rho the lag-1 autocorrelation of its residuals
  // (the effective sample size Guideline 14 uses for autocorrelated residuals; Reddy and
  // Claridge, 2000): a model that cannot follow the data, or errors that persist from hour to
  // hour, must not claim a tight fit. The ranges are the prior, as Gaussians of their uniform
  // spread.
  const std::vector<double> r0 = residuals(after);
  std::vector<std::vector<double>> J(k);
  for (std::size_t j = 0; j < k; ++j) {
    const double h = 0.05;
    auto up = best_u, down = best_u;
    up[j] = std::min(1.0, best_u[j] + h);
    down[j] = std::max(0.0, best_u[j] - h);
    const auto ru = residuals(one_run(fit, up, "calibrate: spread"));
    const auto rd = residuals(one_run(fit, down, "calibrate: spread"));
    out.model_runs += 2;
    J[j].resize(r0.size());
    for (std::size_t i = 0; i < r0.size(); ++i) {
      J[j][i] = (ru[i] - rd[i]) / (up[j] - down[j]);
    }
  }
  std::vector<double> row_weight(r0.size(), 1.0);
  for (const auto& seg : segments) {
    const std::size_t n = seg.end - seg.begin;
    double ss = 0.0, mean = 0.0;
    for (std::size_t i = seg.begin; i < seg.end; ++i) {
      ss += r0[i] * r0[i];
      mean += r0[i] / static_cast<double>(std::max<std::size_t>(n, 1));
    }
    // The autocorrelation of the residuals about their mean (a bias is not persistence).
    double lag = 0.0, pairs = 0.0, var = 0.0;
    for (std::size_t i = seg.begin; i < seg.end; ++i) {
      var += (r0[i] - mean) * (r0[i] - mean);
      if (i > seg.begin && seg.hours[i - seg.begin] == seg.hours[i - seg.begin - 1] + 1) {
        lag += (r0[i] - mean) * (r0[i - 1] - mean);
        pairs += 1.0;
      }
    }
    const double s2 = n > k ? std::max(ss / static_cast<double>(n - k), 1e-12) : 1.0;
    const double rho = pairs > 0.0 && var > 0.0 ? std::clamp(lag / pairs / (var / static_cast<double>(n)), 0.0, 0.95) : 0.0;
    const double w = (1.0 - rho) / ((1.0 + rho) * s2);
    for (std::size_t i = seg.begin; i < seg.end; ++i) {
      row_weight[i] = w;
    }
  }
  std::vector<std::vector<double>> H(k, std::vector<double>(k, 0.0));
  const double prior_var_u = 1.0 / 12.0;
  for (std::size_t a = 0; a < k; ++a) {
    for (std::size_t b = 0; b < k; ++b) {
      double sum = 0.0;
      for (std::size_t i = 0; i < r0.size(); ++i) {
        sum += J[a][i] * row_weight[i] * J[b][i];
      }
      H[a][b] = sum;
    }
    H[a][a] += 1.0 / prior_var_u;
  }
  const auto cov = inverse(H);
  for (std::size_t j = 0; j < k; ++j) {
    const auto& p = fit.parameters[j];
    FittedParameter f;
    f.name = p.name;
    f.low = p.low;
    f.high = p.high;
    f.value = p.move(best_u[j]);
    f.prior_sd = (p.high - p.low) * std::sqrt(prior_var_u);
    f.sd = cov.empty() ? f.prior_sd : (p.high - p.low) * std::sqrt(std::max(0.0, cov[j][j]));
    f.at_bound = best_u[j] <= 0.02 || best_u[j] >= 0.98;
    f.identified = f.sd < 0.5 * f.prior_sd;
    out.parameters.push_back(f);
  }
  // Goodness of fit of the measured columns, hourly and by calendar month.
  if (measured != nullptr) {
    const auto& months = climate.year().month;
    for (const auto& [name, v] : measured->columns) {
      std::vector<double> sim(v.size());
      std::vector<double> mm(12, 0.0), ms(12, 0.0);
      std::vector<int> seen(12, 0);
      for (std::size_t i = 0; i < v.size(); ++i) {
        sim[i] = hourly(after, name, measured->hours[i]);
        if (!std::isnan(v[i]) && measured->hours[i] < months.size()) {
          const std::size_t mo = static_cast<std::size_t>(months[measured->hours[i]]) - 1;
          mm[mo] += v[i];
          ms[mo] += sim[i];
          seen[mo] = 1;
        }
      }
      out.hourly[name] = goodness_of_fit(v, sim, 1);
      std::vector<double> m_month, s_month;
      for (std::size_t mo = 0; mo < 12; ++mo) {
        if (seen[mo] != 0) {
          m_month.push_back(mm[mo]);
          s_month.push_back(ms[mo]);
        }
      }
      out.monthly[name] = goodness_of_fit(m_month, s_month, 1);
    }
  }
  // The calibrated scenario: the fitted values, and what was changed, from what, by which data.
  // (The fitted hall's places only: the others keep their values.)
  out.calibrated = doc;
  model::Json changes = model::Json::array();
  fit.apply(out.calibrated, best_u, prefix, [&](std::size_t j, const std::string& place, double from, double to) {
    const auto& p = fit.parameters[j];
    const auto& f = out.parameters[j];
    changes.push_back({{"path", place},
                       {"parameter", p.name},
                       {"from", from},
                       {"to", to},
                       {"sd", p.kind == model::UncertainParameter::Kind::Scale ? from * f.sd : f.sd},
                       {"at_bound", f.at_bound},
                       {"identified", f.identified}});
  });
  std::string data;
  for (const auto& t : targets) {
    data += (data.empty() ? "" : ", ") + t.figure + " = " + number_text(t.value) + " +- " + number_text(t.sigma);
  }
  if (measured != nullptr) {
    std::string cols;
    for (const auto& [name, v] : measured->columns) {
      cols += (cols.empty() ? "" : ", ") + name;
    }
    data += (data.empty() ? "" : "; ") + std::to_string(measured->hours.size()) + " metered hours of " + cols;
  }
  out.calibrated["calibration"] = {
      {"hall", out.hall},
      {"method", "maximum a posteriori by bounded least squares: Latin-hypercube screening of " +
                     std::to_string(options.screening) + " points and the scenario as written, Levenberg-Marquardt "
                     "from the best, Nelder-Mead from it and the second best; spread by the Laplace approximation "
                     "(docs/calibration.md)"},
      {"data", data},
      {"changes", changes}};
  out.wall_time_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return out;
}

} // namespace parktwin::physics
