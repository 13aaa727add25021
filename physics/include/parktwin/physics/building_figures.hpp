#pragma once
// A figure per building of a park run, for colouring the 3D view and for reports: the same
// definitions everywhere (docs/physics/metrics.md).

#include "parktwin/model/park.hpp"
#include "parktwin/physics/park_simulation.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parktwin::physics {

enum class Figure {
  Pue,                ///< facility / IT energy of the building's halls
  FreeCoolingHours,   ///< hours in which no hall of the building ran a compressor
  CompressorFreeDays, ///< the fewest of its halls
  HeatRecovered,      ///< heat delivered to district heating, MWh
  ItPower,            ///< mean IT power, kW
  PeakVsSubstation,   ///< the wing's coincident peak kVA / its substations' open capacity that year
};

struct FigureInfo {
  Figure figure;
  const char* key;   ///< command-line name, e.g. "pue"
  const char* title; ///< English title for legends
  const char* unit;  ///< "" if none
  bool higher_is_better;
  bool amount = false; ///< zero means "none" (heat, power): drawn on a scale neutral at zero
};

const std::vector<FigureInfo>& figures();
const FigureInfo& info(Figure f);
/// By key; nullopt if unknown.
std::optional<Figure> figure_from_key(std::string_view key);

/// Value per building id, for the buildings with at least one hall simulated at the stage.
std::map<std::string, double> building_figures(const model::Park& park, const model::Stage& stage,
                                               const ParkResult& result, Figure f);

} // namespace parktwin::physics
