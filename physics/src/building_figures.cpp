#include "parktwin/physics/building_figures.hpp"

#include <algorithm>
#include <stdexcept>

namespace parktwin::physics {

const std::vector<FigureInfo>& figures() {
  static const std::vector<FigureInfo> all = {
      {Figure::Pue, "pue", "PUE", "", false},
      {Figure::FreeCoolingHours, "free-cooling", "Free-cooling hours", "h", true},
      {Figure::CompressorFreeDays, "compressor-free-days", "Compressor-free days", "d", true},
      {Figure::HeatRecovered, "heat-recovered", "Heat delivered", "MWh", true, true},
      {Figure::ItPower, "it-kw", "IT power (mean)", "kW", true, true},
      {Figure::PeakVsSubstation, "peak-kva", "Wing peak / substation capacity", "%", false},
  };
  return all;
}

const FigureInfo& info(Figure f) {
  for (const auto& i : figures()) {
    if (i.figure == f) {
      return i;
    }
  }
  throw std::logic_error("unknown figure");
}

std::optional<Figure> figure_from_key(std::string_view key) {
  for (const auto& i : figures()) {
    if (key == i.key) {
      return i.figure;
    }
  }
  return std::nullopt;
}

std::map<std::string, double> building_figures(const model::Park& park, const model::Stage& stage,
                                               const ParkResult& result, Figure f) {
  std::map<std::string, const HallResult*> by_hall;
  for (const auto& r : result.halls) {
    if (r.ok) {
      by_hall[r.hall_id] = &r;
    }
  }
  std::map<std::string, double> out;
  for (const auto& w : park.wings) {
    HallTotals wing;
    for (const auto& b : w.buildings) {
      for (const auto& h : b.halls) {
        if (const auto it = by_hall.find(h.id); it != by_hall.end()) {
          wing.add(*it->second);
        }
      }
    }
    const double open = w.open_capacity_in_VA(stage.year);
    for (const auto& b : w.buildings) {
      HallTotals t;
      int min_days = 366;
      for (const auto& h : b.halls) {
        if (const auto it = by_hall.find(h.id); it != by_hall.end()) {
          t.add(*it->second);
          min_days = std::min(min_days, it->second->compressor_free_days);
        }
      }
      if (t.halls == 0) {
        continue;
      }
      const double hours = static_cast<double>(std::max<std::size_t>(t.hourly_it_W.size(), 1));
      switch (f) {
      case Figure::Pue:
        out[b.id] = t.pue();
        break;
      case Figure::FreeCoolingHours:
        out[b.id] = t.free_cooling_hours();
        break;
      case Figure::CompressorFreeDays:
        out[b.id] = min_days;
        break;
      case Figure::HeatRecovered:
        out[b.id] = t.delivered_J / 3.6e9;
        break;
      case Figure::ItPower:
        out[b.id] = t.energy.it / (hours * 3600.0) / 1e3;
        break;
      case Figure::PeakVsSubstation:
        if (open > 0.0) {
          out[b.id] = 100.0 * wing.coincident_peak_VA() / open;
        }
        break;
      }
    }
  }
  return out;
}

} // namespace parktwin::physics
