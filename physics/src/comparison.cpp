#include "parktwin/physics/comparison.hpp"

#include "parktwin/physics/metrics.hpp"

#include <cmath>
#include <map>

namespace parktwin::physics {
namespace {

void flatten(const model::Json& v, const std::string& path, std::map<std::string, std::string>& out) {
  if (v.is_object()) {
    for (const auto& [k, x] : v.items()) {
      flatten(x, path.empty() ? k : path + "." + k, out);
    }
  } else if (v.is_array() && !v.empty() && (v[0].is_object() || v[0].is_array())) {
    for (std::size_t i = 0; i < v.size(); ++i) {
      flatten(v[i], path + "[" + std::to_string(i) + "]", out);
    }
  } else {
    out[path] = v.is_string() ? v.get<std::string>() : v.dump();
  }
}

struct Figures {
  double pue, ere, wue, it_MWh, facility_MWh, free_h, heat_MWh, peak_kVA, cost_CNY, days;
};

Figures of(const HallTotals& t, double days) {
  const auto m = key_metrics(t.energy, t.water_kg, t.recovered_J, Carbon{}); // CO2 is not among these figures
  return {m.pue, m.ere, m.wue_L_per_kWh, t.energy.it / 3.6e9, t.energy.facility() / 3.6e9,
          t.free_cooling_hours(), t.delivered_J / 3.6e9, t.coincident_peak_VA() / 1e3, t.cost_CNY, days};
}

} // namespace

std::vector<InputDifference> input_differences(const model::Json& a, const model::Json& b) {
  std::map<std::string, std::string> fa, fb;
  flatten(model::scenario_schema().with_defaults(a), "", fa);
  flatten(model::scenario_schema().with_defaults(b), "", fb);
  std::vector<InputDifference> out;
  for (const auto& [k, v] : fa) {
    const auto it = fb.find(k);
    if (it == fb.end() || it->second != v) {
      out.push_back({k, v, it == fb.end() ? std::string() : it->second});
    }
  }
  for (const auto& [k, v] : fb) {
    if (fa.count(k) == 0) {
      out.push_back({k, std::string(), v});
    }
  }
  return out;
}

bool FigureRow::differs() const noexcept {
  if (in_a != in_b) {
    return true;
  }
  return std::abs(a - b) > 1e-12 * std::max({1.0, std::abs(a), std::abs(b)});
}

// The parks and stages are not read yet: the supply's figures (green share, CO2) need the supply
// year of each side, which the comparison does not compute (issue 14's desktop step).
std::vector<FigureRow> figure_rows(const model::Park& /*park_a*/, const model::Stage& /*stage_a*/,
                                   const ParkResult& a, const model::Park& /*park_b*/,
                                   const model::Stage& /*stage_b*/, const ParkResult& b) {
  const auto totals = [](const ParkResult& r) {
    HallTotals t;
    for (const auto& h : r.halls) {
      t.add(h);
    }
    return t;
  };
  std::vector<FigureRow> out;
  const auto add = [&out](const std::string& scope, const Figures* x, const Figures* y, bool hall) {
    const auto row = [&](const char* name, double Figures::*f) {
      out.push_back({scope, name, x ? x->*f : 0.0, y ? y->*f : 0.0, x != nullptr, y != nullptr});
    };
    row("PUE", &Figures::pue);
    row("ERE", &Figures::ere);
    row("WUE_L_per_kWh", &Figures::wue);
    row("it_MWh", &Figures::it_MWh);
    row("facility_MWh", &Figures::facility_MWh);
    row("free_cooling_h", &Figures::free_h);
    if (hall) {
      row("compressor_free_days", &Figures::days);
    }
    row("heat_delivered_MWh", &Figures::heat_MWh);
    row("peak_kVA", &Figures::peak_kVA);
    row("energy_cost_CNY", &Figures::cost_CNY);
  };
  const Figures pa = of(totals(a), 0), pb = of(totals(b), 0);
  add("park", &pa, &pb, false);
  std::map<std::string, std::pair<const HallResult*, const HallResult*>> halls;
  for (const auto& h : a.halls) {
    halls[h.hall_id].first = h.ok ? &h : nullptr;
  }
  for (const auto& h : b.halls) {
    halls[h.hall_id].second = h.ok ? &h : nullptr;
  }
  for (const auto& [id, ab] : halls) {
    std::optional<Figures> fa, fb;
    if (ab.first != nullptr) {
      HallTotals t;
      t.add(*ab.first);
      fa = of(t, ab.first->compressor_free_days);
    }
    if (ab.second != nullptr) {
      HallTotals t;
      t.add(*ab.second);
      fb = of(t, ab.second->compressor_free_days);
    }
    add(id, fa ? &*fa : nullptr, fb ? &*fb : nullptr, true);
  }
  return out;
}

} // namespace parktwin::physics
