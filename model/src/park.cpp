#include "parktwin/model/park.hpp"

#include <algorithm>

namespace parktwin::model {

double Hall::design_it_power_W() const noexcept {
  double p = 0.0;
  for (const auto& g : rack_groups) {
    p += g.design_power_W();
  }
  return p;
}

double Hall::standard_racks() const noexcept { return design_it_power_W() / kStandardRack_W; }

namespace {

int installed(int units, Redundancy redundancy) noexcept {
  switch (redundancy) {
  case Redundancy::N:
    return units;
  case Redundancy::NPlus1:
    return units + 1;
  case Redundancy::NPlus2:
    return units + 2;
  case Redundancy::TwoN:
    return 2 * units;
  }
  return units;
}

} // namespace

int Plant::installed_units() const noexcept { return installed(units, redundancy); }

int UnitGroup::installed_units() const noexcept { return installed(units, redundancy); }

double UnitGroup::capacity_fraction() const noexcept {
  const int n = std::max(units, 1);
  return installed_units() * unit_capacity_fraction.value_or((1.0 + sizing_margin) / n);
}

double Hall::racks() const noexcept {
  double n = 0.0;
  for (const auto& g : rack_groups) {
    n += g.count;
  }
  return n;
}

double Hall::design_apparent_power_VA() const noexcept {
  return design_it_power_W() * electrical.design_peak_PUE / electrical.power_factor;
}

double Substation::open_capacity_in_VA(int year) const noexcept {
  double v = 0.0;
  for (const auto& e : open_capacity_VA) {
    if (e.year <= year) {
      v = e.value;
    }
  }
  return v;
}

double Wing::open_capacity_in_VA(int year) const noexcept {
  double v = 0.0;
  for (const auto& s : substations) {
    v += s.open_capacity_in_VA(year);
  }
  return v;
}

double Site::price_CNY_per_J_at(int hour_of_day) const noexcept {
  for (const auto& p : time_of_use) {
    if (hour_of_day >= p.start_hour && hour_of_day < p.end_hour) {
      return p.price_CNY_per_J;
    }
  }
  return electricity_price_CNY_per_J;
}

namespace {
/// A rectangle from (x0, y0) to (x1, y1), counter-clockwise.
Polygon rectangle(double x0, double y0, double x1, double y1) { return {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}}; }
} // namespace

Polygon RackRows::outline() const {
  const double along = racks_per_row * rack_width_m;
  const double across = aisle_width_m + rows * (rack_depth_m + aisle_width_m);
  return orientation == RowOrientation::EastWest
             ? rectangle(origin.x_m, origin.y_m, origin.x_m + along, origin.y_m + across)
             : rectangle(origin.x_m, origin.y_m, origin.x_m + across, origin.y_m + along);
}

Polygon RackRows::row(int k) const {
  const double along = racks_per_row * rack_width_m;
  const double at = aisle_width_m + k * (rack_depth_m + aisle_width_m);
  return orientation == RowOrientation::EastWest
             ? rectangle(origin.x_m, origin.y_m + at, origin.x_m + along, origin.y_m + at + rack_depth_m)
             : rectangle(origin.x_m + at, origin.y_m, origin.x_m + at + rack_depth_m, origin.y_m + along);
}

const Stage* Park::default_stage() const noexcept {
  if (const Stage* s = find_stage(default_stage_id); s != nullptr) {
    return s;
  }
  return stages.empty() ? nullptr : &stages.back();
}

const Stage* Park::find_stage(const std::string& id) const noexcept {
  for (const auto& s : stages) {
    if (s.id == id) {
      return &s;
    }
  }
  return nullptr;
}

int Park::service_year(const Hall& hall) const noexcept {
  const Stage* s = find_stage(hall.stage_id);
  return s != nullptr ? s->year : 0;
}

double Park::occupancy(const RackGroup& group, const Stage& at) noexcept {
  return group.occupancy.value_or(at.default_occupancy);
}

bool Park::in_service(const std::string& stage_id, const Stage& at) const noexcept {
  if (stage_id.empty()) {
    return true;
  }
  const Stage* s = find_stage(stage_id);
  return s != nullptr && s->year <= at.year;
}

double Park::compute_FLOPS(const RackGroup& group) const noexcept {
  if (group.compute_FLOPS) {
    return *group.compute_FLOPS;
  }
  for (const auto& a : accelerators) {
    if (!group.accelerator_id.empty() && a.id == group.accelerator_id) {
      return group.count * group.servers_per_rack * a.accelerators_per_server * a.fp16_dense_FLOPS;
    }
  }
  return 0.0;
}

const Building* Park::find_building(const std::string& id) const noexcept {
  for (const auto& w : wings) {
    for (const auto& b : w.buildings) {
      if (b.id == id) {
        return &b;
      }
    }
  }
  return nullptr;
}

const Hall* Park::find_hall(const std::string& id) const noexcept {
  for (const auto& w : wings) {
    for (const auto& b : w.buildings) {
      for (const auto& h : b.halls) {
        if (h.id == id) {
          return &h;
        }
      }
    }
  }
  return nullptr;
}

const Tenant* Park::find_tenant(const std::string& id) const noexcept {
  for (const auto& t : tenants) {
    if (t.id == id) {
      return &t;
    }
  }
  return nullptr;
}

GroupFlexibility ComputeDispatch::of(const RackGroup& group) const noexcept {
  const Flexibility& f = group.flexibility;
  return {f.flexible_share.value_or(flexibility.flexible_share), f.window_h.value_or(flexibility.window_h),
          f.max_power_fraction.value_or(flexibility.max_power_fraction),
          f.min_power_fraction.value_or(flexibility.min_power_fraction)};
}

} // namespace parktwin::model
