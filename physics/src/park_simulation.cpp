#include "parktwin/physics/park_simulation.hpp"

#include "parktwin/common/error.hpp"

#include <atomic>
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
  std::atomic<std::size_t> next{0};
  const auto work = [&] {
    for (std::size_t i = next++; i < halls.size(); i = next++) {
      HallResult& r = result.halls[i];
      try {
        r = simulate_hall(park, *halls[i].first, stage, climate, options.simulation);
      } catch (const std::exception& e) { // unsupported system, bad parameters: this hall only
        r.ok = false;
        r.error = e.what();
      }
      r.hall_id = halls[i].first->id;
      r.wing_id = halls[i].second;
    }
  };
  unsigned n = options.threads != 0 ? options.threads : std::max(1U, std::thread::hardware_concurrency());
  n = std::min<unsigned>(n, static_cast<unsigned>(std::max<std::size_t>(halls.size(), 1)));
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < n; ++t) {
    pool.emplace_back(work);
  }
  work();
  for (auto& t : pool) {
    t.join();
  }
  result.wall_time_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

} // namespace parktwin::physics
