#include "parktwin/physics/park_simulation.hpp"

#include "parktwin/common/error.hpp"

#include <atomic>
#include <map>
#include <chrono>
#include <thread>

namespace parktwin::physics {

ParkResult simulate_park(const model::Park& park, const model::Stage& stage,
                         const ClimateInput& climate, const ParkRunOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::pair<const model::Hall*, std::string>> halls;
  for (const auto& w : park.wings) {
    for (const auto& b : w.buildings) {
      for (const auto& h : b.halls) {
        if (park.service_year(h) <= stage.year &&
            (options.only_hall.empty() || options.only_hall == h.id)) {
          halls.emplace_back(&h, w.id);
        }
      }
    }
  }
  if (!options.only_hall.empty() && halls.empty()) {
    throw InputError("--hall", "no hall '" + options.only_hall + "' in service at stage " + stage.id);
  }
  ParkResult result;
  result.stage_id = stage.id;
  result.stage_year = stage.year;
  result.halls.resize(halls.size());
  // Identical halls (same signature) are simulated once and their results copied: the built-in
  // park has many (four halls of a building, several buildings of one project).
  std::vector<std::size_t> unique;   // index of the first hall of each signature
  std::vector<std::size_t> same_as(halls.size());
  {
    std::map<std::string, std::size_t> first;
    for (std::size_t i = 0; i < halls.size(); ++i) {
      std::string key;
      try {
        key = hall_signature(park, *halls[i].first, stage);
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
  std::atomic<std::size_t> next{0};
  const auto work = [&] {
    for (std::size_t k = next++; k < unique.size(); k = next++) {
      const std::size_t i = unique[k];
      HallResult& r = result.halls[i];
      try {
        r = simulate_hall(park, *halls[i].first, stage, climate, options.simulation);
      } catch (const std::exception& e) { // unsupported system, bad parameters: this hall only
        r.ok = false;
        r.error = e.what();
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
  result.wall_time_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

} // namespace parktwin::physics
