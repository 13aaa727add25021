#pragma once
// The two text docks of the studio (docs/studio.md): the key figures of the selection and the
// climate year's statistics and provenance. Views only: the window gives them what to show.

#include "parktwin/climate/statistics.hpp"
#include "parktwin/model/park.hpp"
#include "parktwin/physics/park_simulation.hpp"
#include "parktwin/physics/park_supply.hpp"

#include <QLabel>

#include <optional>
#include <set>
#include <string>

namespace parktwin::studio {

/// PUE, pPUE, ERE, WUE, energies, free-cooling hours, heat, peak and cost of some halls.
class FiguresPanel : public QLabel {
  Q_OBJECT

public:
  explicit FiguresPanel(QWidget* parent = nullptr);
  void show_simulating();
  /// The totals of `halls` in `result` (the park at `stage`), titled `what`.
  /// The figures of the halls `halls`; with the supply year, their CO2 and, for the whole park
  /// (`whole_park`), the green share, CFE and the stage's target.
  void show_figures(const model::Park& park, const model::Stage& stage, const physics::ParkResult& result,
                    const physics::SupplyYear* supply, const std::set<std::string>& halls, const QString& what,
                    bool whole_park);
};

/// Where the climate year comes from and what it is like.
class ClimatePanel : public QLabel {
  Q_OBJECT

public:
  struct Year {
    std::string name, description, verification, stands_in_for;
    std::optional<climate::ClimateStatistics> statistics; ///< none: no year loaded
  };
  explicit ClimatePanel(QWidget* parent = nullptr);
  void show_year(const Year& y);
};

} // namespace parktwin::studio
