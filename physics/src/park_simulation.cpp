#include "parktwin/physics/park_simulation.hpp"

#include "parktwin/common/error.hpp"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <map>
#include <chrono>
#include <thread>

namespace parktwin::physics {

namespace {

/// FNV-1a of a schedule's values: halls with the same signature and schedule are one year.
std::string schedule_digest(const ItSchedule& s) {
  std::uint64_t h = 1469598103934665603ULL;
  const auto mix = [&](const void* p, std::size_t n) {
    const auto* b = static_cast<const unsigned char*>(p);
    for (std::size_t i = 0; i < n; ++i) {
      h = (h ^ b[i]) * 1099511628211ULL;
    }
  };
  for (const auto& row : s.ratio) {
    const std::uint64_t n = row.size();
    mix(&n, sizeof n);
    mix(row.data(), row.size() * sizeof(double));
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

} // namespace

void HallTotals::add(const HallResult& r) {
  if (!r.ok) {
    ++failed;
    return;
  }
  ++halls;
  auto& e = energy;
  const auto& o = r.energy;
  e.it += o.it;
  e.air_fans += o.air_fans;
  e.heat_rejection_fans += o.heat_rejection_fans;
  e.compressors += o.compressors;
  e.pumps += o.pumps;
  e.humidification += o.humidification;
  e.lighting += o.lighting;
  e.auxiliaries += o.auxiliaries;
  e.ups_losses += o.ups_losses;
  e.distribution_losses += o.distribution_losses;
  e.transformer_losses += o.transformer_losses;
  water_kg += r.water_kg;
  recovered_J += r.heat_recovered_J;
  delivered_J += r.heat_delivered_J;
  demand_J += r.heat_demand_J;
  heat_pump_J += r.heat_pump_J;
  cost_CNY += r.energy_cost_CNY;
  sum_of_peaks_VA += r.peak_apparent_power_VA;
  const auto& f = r.hourly.facility_kW;
  const std::size_t n = std::max(hourly_facility_W.size(), f.size());
  hourly_it_W.resize(n, 0.0);
  hourly_facility_W.resize(n, 0.0);
  hourly_VA.resize(n, 0.0);
  hourly_compressor_halls.resize(n, 0);
  const auto& comp = r.hourly.compressor_kW;
  for (std::size_t i = 0; i < f.size(); ++i) {
    // The hall's own rule (hall_simulation.cpp): more than 1 J in the hour is a compressor hour.
    hourly_compressor_halls[i] += i < comp.size() && static_cast<double>(comp[i]) * 3.6e6 > 1.0 ? 1 : 0;
    hourly_it_W[i] += 1e3 * static_cast<double>(r.hourly.it_kW[i]);
    hourly_facility_W[i] += 1e3 * static_cast<double>(f[i]);
    hourly_VA[i] += 1e3 * static_cast<double>(f[i]) / r.power_factor;
  }
}

double HallTotals::free_cooling_hours() const noexcept {
  return static_cast<double>(std::count(hourly_compressor_halls.begin(), hourly_compressor_halls.end(), 0));
}

double HallTotals::pue() const noexcept {
  return energy.it > 0.0 ? energy.facility() / energy.it : 0.0;
}

double HallTotals::ere() const noexcept {
  return energy.it > 0.0 ? (energy.facility() - recovered_J) / energy.it : 0.0;
}

double HallTotals::wue_L_per_kWh() const noexcept {
  return energy.it > 0.0 ? water_kg / (energy.it / 3.6e6) : 0.0;
}

double HallTotals::coincident_peak_W() const noexcept {
  return hourly_facility_W.empty() ? 0.0
                                   : *std::max_element(hourly_facility_W.begin(), hourly_facility_W.end());
}

double HallTotals::coincident_peak_VA() const noexcept {
  return hourly_VA.empty() ? 0.0 : *std::max_element(hourly_VA.begin(), hourly_VA.end());
}

namespace {

std::size_t approximate_bytes(const HallResult& r) {
  const auto& h = r.hourly;
  return sizeof(HallResult) + r.switches.size() * sizeof(ModeSwitch) + r.error.size() +
         (h.T_inlet_C.size() + h.T_supply_C.size() + h.T_return_C.size() + h.T_outdoor_C.size() +
          h.T_wet_bulb_C.size() + h.command.size() + h.it_kW.size() + h.facility_kW.size() +
          h.compressor_kW.size() + h.water_L.size() + h.heat_delivered_kW.size() +
          h.heat_demand_kW.size()) * sizeof(float) + h.mode.size();
}

} // namespace

std::shared_ptr<const HallResult> HallResultCache::find(const std::string& key) {
  const std::lock_guard<std::mutex> lock(mutex_);
  const auto it = map_.find(key);
  if (it == map_.end()) {
    ++misses_;
    return nullptr;
  }
  ++hits_;
  lru_.splice(lru_.begin(), lru_, it->second.lru);
  return it->second.result;
}

void HallResultCache::insert(const std::string& key, std::shared_ptr<const HallResult> result) {
  const std::size_t bytes = approximate_bytes(*result) + key.size();
  const std::lock_guard<std::mutex> lock(mutex_);
  if (bytes > max_bytes_ || map_.count(key) != 0) {
    return;
  }
  while (bytes_ + bytes > max_bytes_ && !lru_.empty()) {
    const auto old = map_.find(lru_.back());
    bytes_ -= old->second.bytes;
    map_.erase(old);
    lru_.pop_back();
  }
  lru_.push_front(key);
  map_.emplace(key, Entry{std::move(result), lru_.begin(), bytes});
  bytes_ += bytes;
}

std::size_t HallResultCache::hits() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return hits_;
}

std::size_t HallResultCache::misses() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return misses_;
}

ParkResult simulate_park(const model::Park& park, const model::Stage& stage,
                         const ClimateInput& given_climate, const ParkRunOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  std::optional<ClimateInput> site_climate;
  const ClimateInput& climate = climate_for_site(given_climate, park.site.hot_year_K, site_climate);
  std::vector<std::pair<const model::Hall*, std::string>> halls;
  for (const auto& w : park.wings) {
    for (const auto& b : w.buildings) {
      for (const auto& h : b.halls) {
        if (park.service_year(h) <= stage.year &&
            (options.only_hall.empty() || options.only_hall == h.id) &&
            (options.only_halls == nullptr || options.only_halls->count(h.id) != 0)) {
          halls.emplace_back(&h, w.id);
        }
      }
    }
  }
  if (!options.only_hall.empty() && halls.empty()) {
    throw InputError("--hall", "no hall '" + options.only_hall + "' in service at stage " + stage.id);
  }
  const auto schedule_of = [&](const std::string& id) -> const ItSchedule* {
    if (options.it_schedules == nullptr) {
      return nullptr;
    }
    const auto it = options.it_schedules->find(id);
    return it == options.it_schedules->end() ? nullptr : &it->second;
  };
  ParkResult result;
  result.stage_id = stage.id;
  result.stage_year = stage.year;
  result.halls.resize(halls.size());
  // Identical halls (same signature) are simulated once and their results copied: the built-in
  // park has many (four halls of a building, several buildings of one project).
  std::vector<std::size_t> unique;   // index of the first hall of each signature
  std::vector<std::size_t> same_as(halls.size());
  std::vector<std::string> signatures(halls.size());
  {
    std::map<std::string, std::size_t> first;
    for (std::size_t i = 0; i < halls.size(); ++i) {
      std::string& key = signatures[i];
      try {
        key = hall_signature(park, *halls[i].first, stage);
        if (const ItSchedule* sched = schedule_of(halls[i].first->id)) {
          key += "|dispatch:" + schedule_digest(*sched);
        }
      } catch (const std::exception&) {
        key = "unique:" + std::to_string(i); // reported by its own simulation below
      }
      const auto [it, inserted] = first.emplace(key, i);
      same_as[i] = it->second;
      if (inserted) {
        unique.push_back(i);
      }
    }
  }
  // Beyond the hall's signature, its year depends on the climate, the site's prices (energy
  // cost) and the solver settings.
  std::string context;
  if (options.cache != nullptr) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "|climate:%llu:%.17g|", static_cast<unsigned long long>(climate.base_serial()),
                  climate.hot_year_K());
    context = buf;
    for (int h = 0; h < 24; ++h) {
      std::snprintf(buf, sizeof buf, "%.17g,", park.site.price_CNY_per_J_at(h));
      context += buf;
    }
    const auto& so = options.simulation;
    for (double x : {so.integrator.relative_tolerance, so.integrator.absolute_tolerance,
                     static_cast<double>(so.integrator.max_steps), so.integrator.max_step_s,
                     so.control_step_s, so.spin_up_s, so.min_dwell_s, so.escalation_dwell_s,
                     so.keep_hourly ? 1.0 : 0.0}) {
      std::snprintf(buf, sizeof buf, "|%.17g", x);
      context += buf;
    }
  }
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> integrated{0};
  const auto work = [&] {
    for (std::size_t k = next++; k < unique.size(); k = next++) {
      const std::size_t i = unique[k];
      HallResult& r = result.halls[i];
      std::string key;
      if (options.cache != nullptr && signatures[i].rfind("unique:", 0) != 0) {
        key = signatures[i] + context;
        if (const auto hit = options.cache->find(key)) {
          r = *hit;
          continue;
        }
      }
      try {
        SimulationOptions so = options.simulation;
        so.it_schedule = schedule_of(halls[i].first->id);
        r = simulate_hall(park, *halls[i].first, stage, climate, so);
      } catch (const std::exception& e) { // unsupported system, bad parameters: this hall only
        r.ok = false;
        r.error = e.what();
      }
      ++integrated;
      if (!key.empty() && r.ok) {
        options.cache->insert(key, std::make_shared<const HallResult>(r));
      }
    }
  };
  unsigned n = options.threads != 0 ? options.threads : std::max(1U, std::thread::hardware_concurrency());
  n = std::min<unsigned>(n, static_cast<unsigned>(std::max<std::size_t>(unique.size(), 1)));
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < n; ++t) {
    pool.emplace_back(work);
  }
  work();
  for (auto& t : pool) {
    t.join();
  }
  for (std::size_t i = 0; i < halls.size(); ++i) {
    if (same_as[i] != i) {
      result.halls[i] = result.halls[same_as[i]];
      // A failure message names its hall: say whose failure it is.
      if (!result.halls[i].ok) {
        result.halls[i].error = "identical to hall " + halls[same_as[i]].first->id +
                                ", which failed: " + result.halls[same_as[i]].error;
      }
    }
    result.halls[i].hall_id = halls[i].first->id;
    result.halls[i].wing_id = halls[i].second;
  }
  result.simulated_halls = integrated.load();
  result.wall_time_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

} // namespace parktwin::physics
