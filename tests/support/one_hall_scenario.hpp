#pragma once
// The one-hall scenario of the physics tests: 100 racks of 10 kW at 50 % utilisation and the
// stage's 0.8 occupancy (400 kW of IT), a 1,000 m2 hall under a 50 x 40 m one-floor roof, air 24/36
// C with no bypass or recirculation, indirect evaporative cooling; tests edit it as JSON.

namespace parktwin::test {

inline constexpr const char* kOneHallScenario = R"({
  "format": "parktwin-scenario", "version": 1, "name": "one hall",
  "stages": [{"id": "s", "year": 2027, "default_occupancy": 0.8}],
  "wings": [{"id": "w", "boundary_m": [[0, 0], [200, 0], [200, 200], [0, 200]],
    "buildings": [{"id": "b", "position_m": [10, 10], "footprint_m": [[0, 0], [50, 0], [50, 40], [0, 40]],
      "height_m": 6, "floors": 1,
      "halls": [{"id": "h", "stage": "s", "floor_area_m2": 1000,
        "rack_groups": [{"id": "g", "count": 100, "design_kW_per_rack": 10, "utilisation": 0.5}],
        "air": {"bypass_fraction": 0, "recirculation_fraction": 0},
        "cooling": {"air_system": {"indirect_evaporative": {}}}}]}]}]})";

} // namespace parktwin::test
