#pragma once
// Uncertain parameters written by the tests of bands and calibration: one declaration as JSON
// (docs/uncertainty.md's format), and the one-hall scenario they move.

#include "one_hall_scenario.hpp"

#include "parktwin/model/scenario.hpp"

#include <string>

namespace parktwin::test {

inline model::Json uncertain_parameter(const std::string& name, const std::string& path, const std::string& kind,
                                       double low, double high) {
  return model::Json{{"name", name}, {"path", path}, {"kind", kind}, {"low", low}, {"high", high},
                     {"title", {{"en", name}, {"zh", name}}}, {"source", "test"}};
}

/// kOneHallScenario, loaded once.
inline const model::Scenario& one_hall_scenario() {
  static const model::Scenario s = model::Scenario::from_document(model::Json::parse(kOneHallScenario), "one hall");
  return s;
}

} // namespace parktwin::test
