#pragma once
// The investment report (docs/report.md): a multi-page PDF made without a display from a
// scenario, its simulated year and its climate. Needs a QApplication (the command line makes
// one on the offscreen platform); charts are drawn as vectors, the cover's 3D view as a picture.

#include "parktwin/climate/statistics.hpp"
#include "parktwin/model/scenario.hpp"
#include "parktwin/physics/bands.hpp"
#include "parktwin/physics/climate_input.hpp"
#include "parktwin/physics/park_dispatch.hpp"
#include "parktwin/physics/park_simulation.hpp"
#include "parktwin/physics/ridethrough.hpp"

#include <QObject>
#include <QString>

#include <filesystem>
#include <optional>

namespace parktwin::studio {

struct ReportClimate {
  std::string name, description, verification, stands_in_for;
  climate::ClimateStatistics statistics;
  const physics::ClimateInput* input = nullptr;
};

/// A hall's failure ride-through at one hour (`report --ridethrough`): its cooling plant tripped
/// and a utility outage.
struct ReportRideThrough {
  std::string hall_id;
  physics::RideThroughEvent trip;
  physics::RideThroughResult tripped, outage;
};

struct ReportInput {
  const model::Scenario* scenario = nullptr;
  const model::Stage* stage = nullptr;
  const physics::ParkResult* result = nullptr;
  /// The dispatch that made `result` (the scenario's dispatch), for its page; none: no dispatch.
  const physics::DispatchYear* dispatch = nullptr;
  ReportClimate climate;
  /// Uncertainty bands of the scenario at the stage (`report --bands N`), for their page.
  const physics::BandsResult* bands = nullptr;
  /// Failure ride-through of every hall in service, for its page; none: no page.
  const std::vector<ReportRideThrough>* ride_through = nullptr;
  /// Optional second scenario and its run, for the differences pages.
  const model::Scenario* other = nullptr;
  const model::Stage* other_stage = nullptr;
  const physics::ParkResult* other_result = nullptr;
  QString date;               ///< printed on the cover
  QString cover_png;          ///< the 3D view for the cover ("" for none)
  bool chinese = false;
};

class ReportWriter : public QObject {
  Q_OBJECT

public:
  /// Writes the PDF atomically (temporary file, then rename). Throws IoError. Runs the park at
  /// the scenario's other stages (for the substation and water pages) with `cache`.
  static void write(const ReportInput& in, const std::filesystem::path& pdf,
                    physics::HallResultCache* cache = nullptr);
};

} // namespace parktwin::studio
