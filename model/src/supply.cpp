// The supply's geometry and rules (docs/model/park-model.md, "Supply").

#include "parktwin/model/supply_rules.hpp"

#include "parktwin/common/text.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>

namespace parktwin::model {
namespace {

constexpr double kSolsticeDeclination_rad = 23.44 * std::numbers::pi / 180.0;

std::string fmt(double x, int digits = 1) { return fixed_text(x, digits); }

const Wing* find_wing(const Park& park, const std::string& id) {
  for (const auto& w : park.wings) {
    if (w.id == id) {
      return &w;
    }
  }
  return nullptr;
}

} // namespace

double latitude_rad(const Park& park) noexcept { return park.site.latitude_deg * std::numbers::pi / 180.0; }

double roof_usable_area_m2(const Polygon& footprint, double setback_m) {
  const std::size_t n = footprint.size();
  if (n < 3) {
    return 0.0;
  }
  double perimeter = 0.0, corners = 0.0;
  const double orientation = signed_area_m2(footprint) >= 0.0 ? 1.0 : -1.0;
  for (std::size_t i = 0; i < n; ++i) {
    const Point& a = footprint[(i + n - 1) % n];
    const Point& b = footprint[i];
    const Point& c = footprint[(i + 1) % n];
    perimeter += std::hypot(c.x_m - b.x_m, c.y_m - b.y_m);
    // Interior angle at b (counter-clockwise outline: the turn to the left is the exterior).
    const double ux = b.x_m - a.x_m, uy = b.y_m - a.y_m, vx = c.x_m - b.x_m, vy = c.y_m - b.y_m;
    const double turn = std::atan2(orientation * (ux * vy - uy * vx), ux * vx + uy * vy);
    const double interior = std::numbers::pi - turn;
    if (interior > 1e-9 && interior < 2.0 * std::numbers::pi - 1e-9) {
      corners += 1.0 / std::tan(0.5 * interior);
    }
  }
  const double d = std::max(setback_m, 0.0);
  const double A = area_m2(footprint);
  // The inset's area falls as d grows until the inset collapses, at the smaller root of
  // A - P d + K d^2 = 0; past it the parabola rises again, and there is no roof left.
  if (corners > 0.0) {
    const double disc = perimeter * perimeter - 4.0 * corners * A;
    const double collapse = disc >= 0.0 ? (perimeter - std::sqrt(disc)) / (2.0 * corners) : perimeter / (2.0 * corners);
    if (d >= collapse) {
      return 0.0;
    }
  }
  return std::max(0.0, A - perimeter * d + corners * d * d);
}

double winter_noon_elevation_rad(double latitude_rad) noexcept {
  return 0.5 * std::numbers::pi - std::abs(latitude_rad) - kSolsticeDeclination_rad;
}

double row_pitch_m(const PvArray& a, double latitude_rad) noexcept {
  if (a.row_pitch_m) {
    return *a.row_pitch_m;
  }
  const double h = winter_noon_elevation_rad(latitude_rad);
  if (h <= 0.0) {
    return 0.0;
  }
  return a.module_length_m * (std::cos(a.tilt_rad) + std::sin(a.tilt_rad) / std::tan(h));
}

double dc_W_per_m2(const PvArray& a, double latitude_rad) noexcept {
  const double pitch = row_pitch_m(a, latitude_rad);
  return pitch > 0.0 ? 1000.0 * a.module_efficiency * a.module_length_m / pitch : 0.0;
}

RoofFit roof_fit(const Park& park, const PvArray& a, const Building& b) {
  RoofFit f;
  const double lat = latitude_rad(park);
  f.usable_m2 = roof_usable_area_m2(b.footprint, a.roof_setback_m);
  double taken = 0.0;
  for (const auto& other : park.supply.pv_arrays) {
    if (&other != &a && other.mount == PvMount::Roof && other.building_id == b.id && other.dc_rating_W) {
      const double density = dc_W_per_m2(other, lat);
      taken += density > 0.0 ? *other.dc_rating_W / density : 0.0;
    }
  }
  f.available_m2 = std::max(0.0, f.usable_m2 - taken);
  const double density = dc_W_per_m2(a, lat);
  f.dc_rating_W = a.dc_rating_W ? *a.dc_rating_W : f.available_m2 * density;
  f.needed_m2 = density > 0.0 ? f.dc_rating_W / density : 0.0;
  return f;
}

std::optional<Polygon> field_outline(const Park& park, const PvArray& a) {
  const double density = dc_W_per_m2(a, latitude_rad(park));
  if (!a.position || !a.dc_rating_W || density <= 0.0) {
    return std::nullopt;
  }
  const double half = 0.5 * std::sqrt(*a.dc_rating_W / density);
  const Point c = *a.position;
  return Polygon{{c.x_m - half, c.y_m - half}, {c.x_m + half, c.y_m - half}, {c.x_m + half, c.y_m + half}, {c.x_m - half, c.y_m + half}};
}

std::vector<double> pv_dc_ratings_W(const Park& park) {
  std::vector<double> out;
  for (const auto& a : park.supply.pv_arrays) {
    const Building* b = a.mount == PvMount::Roof ? park.find_building(a.building_id) : nullptr;
    out.push_back(a.dc_rating_W ? *a.dc_rating_W : b != nullptr ? roof_fit(park, a, *b).dc_rating_W : 0.0);
  }
  return out;
}

void check_supply(const Json& doc, const Park& park, std::vector<Problem>& out) {
  const Supply& s = park.supply;
  std::map<std::string, std::string> seen;
  const auto unique = [&](const std::string& kind, const std::string& id, const std::string& path) {
    const auto [it, inserted] = seen.emplace(kind + ":" + id, path);
    if (!inserted) {
      out.push_back({join_path(path, "id"), "duplicate " + kind + " id '" + id + "' (also at " + it->second + ")"});
    }
  };
  const auto stage_ok = [&](const std::string& id, const std::string& path) {
    if (!id.empty() && park.find_stage(id) == nullptr) {
      out.push_back({join_path(path, "stage"), "no stage '" + id + "' in stages"});
    }
  };
  const auto owner_ok = [&](const std::string& id, const std::string& path, const char* key) {
    if (!id.empty() && park.find_tenant(id) == nullptr) {
      out.push_back({join_path(path, key), "no tenant '" + id + "' in tenants"});
    }
  };
  for (std::size_t i = 0; i < park.tenants.size(); ++i) {
    unique("tenant", park.tenants[i].id, join_path("tenants", i));
  }
  for (std::size_t wi = 0; wi < park.wings.size(); ++wi) {
    const auto& w = park.wings[wi];
    for (std::size_t bi = 0; bi < w.buildings.size(); ++bi) {
      const auto& b = w.buildings[bi];
      for (std::size_t hi = 0; hi < b.halls.size(); ++hi) {
        const auto& h = b.halls[hi];
        for (std::size_t gi = 0; gi < h.rack_groups.size(); ++gi) {
          owner_ok(h.rack_groups[gi].tenant_id, join_path(join_path(h.path, "rack_groups"), gi), "tenant");
        }
      }
    }
  }
  const double lat = latitude_rad(park);
  std::map<std::string, std::vector<std::size_t>> unrated_roofs;
  std::map<std::string, double> field_area_by_wing;
  for (std::size_t i = 0; i < s.pv_arrays.size(); ++i) {
    const PvArray& a = s.pv_arrays[i];
    const std::string path = join_path(join_path("supply", "pv_arrays"), i);
    unique("PV array", a.id, path);
    stage_ok(a.stage_id, path);
    owner_ok(a.owner, path, "owner");
    if (a.row_pitch_m && *a.row_pitch_m < a.module_length_m * std::cos(a.tilt_rad) - 1e-9) {
      out.push_back({join_path(path, "row_pitch_m"), "rows of " + fmt(a.module_length_m, 2) + " m at " +
                                                         fmt(a.tilt_rad * 180.0 / std::numbers::pi) +
                                                         " deg overlap at a pitch below " +
                                                         fmt(a.module_length_m * std::cos(a.tilt_rad), 2) + " m"});
    }
    if (!a.row_pitch_m && winter_noon_elevation_rad(lat) <= 0.0) {
      out.push_back({join_path(path, "row_pitch_m"), "the sun does not rise at the winter solstice at this latitude: give the row pitch"});
    }
    if (a.mount == PvMount::Roof) {
      if (a.position) {
        out.push_back({join_path(path, "position_m"), "a roof array is where its building is: give no position"});
      }
      if (!a.wing_id.empty()) {
        out.push_back({join_path(path, "wing"), "a roof array is where its building is: give no wing"});
      }
      const Building* b = park.find_building(a.building_id);
      if (a.building_id.empty()) {
        out.push_back({join_path(path, "building"), "a roof array needs the building whose roof carries it"});
      } else if (b == nullptr) {
        out.push_back({join_path(path, "building"), "no building '" + a.building_id + "' in the park"});
      } else {
        const RoofFit f = roof_fit(park, a, *b);
        if (!a.dc_rating_W) {
          unrated_roofs[a.building_id].push_back(i);
        }
        if (a.dc_rating_W && f.needed_m2 > f.available_m2 * (1.0 + 1e-9)) {
          out.push_back({join_path(path, "dc_rating_MW"),
                         fmt(*a.dc_rating_W / 1e6, 3) + " MW needs " + fmt(f.needed_m2, 0) + " m2 of roof at a row pitch of " +
                             fmt(row_pitch_m(a, lat), 2) + " m; the roof of '" + b->id + "' has " + fmt(f.available_m2, 0) +
                             " m2 left inside its " + fmt(a.roof_setback_m) + " m setback (at most " +
                             fmt(f.available_m2 * dc_W_per_m2(a, lat) / 1e6, 3) + " MW)"});
        }
      }
    } else {
      if (!a.building_id.empty()) {
        out.push_back({join_path(path, "building"), "a ground field is on no building: give a wing or none"});
      }
      if (!a.dc_rating_W) {
        out.push_back({join_path(path, "dc_rating_MW"), "a ground field needs its DC rating"});
      }
      if (a.position && a.wing_id.empty()) {
        out.push_back({join_path(path, "position_m"), "a field is placed inside a wing: give its wing"});
      }
      if (const auto outline = field_outline(park, a); outline && find_wing(park, a.wing_id) != nullptr) {
        const Wing& w = *find_wing(park, a.wing_id);
        if (!contains(w.boundary, *outline)) {
          out.push_back({join_path(path, "position_m"), "the field (" + fmt(std::sqrt(area_m2(*outline)), 0) + " m square at its row pitch) "
                                                       "does not lie inside wing '" + w.id + "'"});
        }
        for (const auto& b : w.buildings) {
          if (overlaps(b.footprint, *outline)) {
            out.push_back({join_path(path, "position_m"), "the field overlaps building '" + b.id + "'"});
            break;
          }
        }
      }
      if (!a.wing_id.empty()) {
        if (find_wing(park, a.wing_id) == nullptr) {
          out.push_back({join_path(path, "wing"), "no wing '" + a.wing_id + "' in the park"});
        } else if (a.dc_rating_W) {
          const double density = dc_W_per_m2(a, lat);
          field_area_by_wing[a.wing_id] += density > 0.0 ? *a.dc_rating_W / density : 0.0;
          const Wing& w = *find_wing(park, a.wing_id);
          double free = area_m2(w.boundary);
          for (const auto& b : w.buildings) {
            free -= area_m2(b.footprint);
          }
          if (field_area_by_wing[a.wing_id] > free) {
            out.push_back({join_path(path, "dc_rating_MW"),
                           "the ground fields of wing '" + a.wing_id + "' need " + fmt(field_area_by_wing[a.wing_id] / 1e4, 1) +
                               " ha at their row pitch; the wing has " + fmt(std::max(free, 0.0) / 1e4, 1) +
                               " ha outside its buildings (put a larger field outside the park: no wing)"});
          }
        }
      }
    }
  }
  for (const auto& [building, arrays] : unrated_roofs) {
    if (arrays.size() > 1) {
      out.push_back({join_path(join_path(join_path("supply", "pv_arrays"), arrays[1]), "dc_rating_MW"),
                     "two arrays on the roof of '" + building + "' without a DC rating: give all but one a rating"});
    }
  }
  for (std::size_t i = 0; i < s.wind_farms.size(); ++i) {
    const WindFarm& f = s.wind_farms[i];
    const std::string path = join_path(join_path("supply", "wind_farms"), i);
    unique("wind farm", f.id, path);
    stage_ok(f.stage_id, path);
    owner_ok(f.owner, path, "owner");
    for (std::size_t k = 1; k < f.power_curve.size(); ++k) {
      if (f.power_curve[k].speed_m_s <= f.power_curve[k - 1].speed_m_s) {
        out.push_back({join_path(join_path(join_path(path, "power_curve"), k), "speed_m_s"),
                       "speeds of a power curve must increase"});
      }
    }
    if (f.hub_height_m < f.measurement_height_m) {
      out.push_back({join_path(path, "hub_height_m"), "below the measurement height (" + fmt(f.measurement_height_m) +
                                                          " m): the shear law is for carrying wind up"});
    }
  }
  for (std::size_t i = 0; i < s.batteries.size(); ++i) {
    const BatteryStore& b = s.batteries[i];
    const std::string path = join_path(join_path("supply", "batteries"), i);
    unique("battery", b.id, path);
    stage_ok(b.stage_id, path);
    if (b.soc_min >= b.soc_max) {
      out.push_back({join_path(path, "soc_min"), "must be below soc_max (" + fmt(b.soc_max, 2) + ")"});
    }
    if (b.dispatch != Dispatch::Custom) {
      const Json* raw = doc.contains("supply") && doc["supply"].contains("batteries") && doc["supply"]["batteries"].size() > i
                            ? &doc["supply"]["batteries"][i]
                            : nullptr;
      for (const char* key : {"discharge_hours", "grid_charge_hours", "charge_from_surplus"}) {
        if (raw != nullptr && raw->contains(key)) {
          out.push_back({join_path(path, key), "read only with dispatch 'custom' (this battery's rule sets its own hours)"});
        }
      }
    }
    if (i > 0) {
      const BatteryStore& a = s.batteries[0];
      const bool same = a.charge_efficiency == b.charge_efficiency && a.discharge_efficiency == b.discharge_efficiency &&
                        a.self_discharge_per_s == b.self_discharge_per_s && a.soc_min == b.soc_min && a.soc_max == b.soc_max &&
                        a.fade_per_cycle == b.fade_per_cycle && a.fade_per_s == b.fade_per_s && a.dispatch == b.dispatch &&
                        a.charge_from_surplus == b.charge_from_surplus && a.discharge_hours == b.discharge_hours &&
                        a.grid_charge_hours == b.grid_charge_hours;
      if (!same) {
        out.push_back({path, "batteries run together as one store: batteries with different efficiencies, state-of-charge "
                             "limits, fade or dispatch from '" + a.id + "' are not supported yet"});
      }
    }
  }
  for (std::size_t i = 0; i < s.contracts.size(); ++i) {
    const Contract& c = s.contracts[i];
    const std::string path = join_path(join_path("supply", "contracts"), i);
    unique("contract", c.id, path);
    stage_ok(c.stage_id, path);
    owner_ok(c.owner, path, "owner");
    if (c.kind == ContractKind::Share) {
      if (!c.share) {
        out.push_back({join_path(path, "share"), "a 'share' contract needs the share of the load it delivers"});
      }
      if (c.capacity_W) {
        out.push_back({join_path(path, "capacity_MW"), "read only for 'pv' and 'wind' contracts"});
      }
    } else {
      if (!c.capacity_W) {
        out.push_back({join_path(path, "capacity_MW"), "a 'pv' or 'wind' contract needs the plant's capacity"});
      }
      if (c.share) {
        out.push_back({join_path(path, "share"), "read only for 'share' contracts"});
      }
    }
  }
}

} // namespace parktwin::model
