#pragma once
// The studio's background runs (docs/dev/studio.md): the park's year simulated off the window's
// thread, a newer run cancelling the one it supersedes, halls an edit did not touch taken from a
// cache, and the runs of a comparison. No widget.

#include "parktwin/model/scenario.hpp"
#include "parktwin/physics/climate_input.hpp"
#include "parktwin/physics/comparison.hpp"
#include "parktwin/physics/bands.hpp"
#include "parktwin/physics/park_simulation.hpp"
#include "parktwin/physics/park_dispatch.hpp"
#include "parktwin/physics/park_supply.hpp"

#include <QFutureWatcher>
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

class QTimer;

namespace parktwin::studio {

/// Two scenarios side by side: the differences in inputs and in every key figure.
struct Comparison {
  QString other; ///< the other scenario's file
  std::vector<physics::InputDifference> inputs;
  std::vector<physics::FigureRow> figures;
  std::shared_ptr<const model::Scenario> other_scenario;
  std::shared_ptr<const physics::ParkResult> other_result;
  std::string other_stage;
};

class SimulationController : public QObject {
  Q_OBJECT

public:
  /// What a run simulates.
  struct Request {
    std::shared_ptr<const model::Scenario> scenario;
    std::string stage;
    std::shared_ptr<const physics::ClimateInput> climate;
  };

  explicit SimulationController(QObject* parent = nullptr);
  /// Cancels the run in progress and waits for every run (they use the cache).
  ~SimulationController() override;

  /// Runs now (the one in progress is cancelled: only the newest run's results are reported).
  void run(Request r);
  /// Runs once edits have settled: `settle_ms` after the last of these calls.
  void run_after_edits(Request r);
  /// A run is in progress or waiting for edits to settle.
  bool busy() const;
  /// Simulates `other` (its stage `other_stage`) and compares it with `mine` and its results;
  /// emits compared().
  void compare(std::shared_ptr<const model::Scenario> mine, std::string my_stage,
               std::shared_ptr<const physics::ParkResult> my_result, std::shared_ptr<const model::Scenario> other,
               std::string other_stage, std::shared_ptr<const physics::ClimateInput> climate, QString other_file);

  /// Runs `samples` samples of the built-in uncertain parameters (docs/uncertainty.md) of the
  /// scenario at `stage` in the background; emits banded() with the bands, or with none and the
  /// reason.
  void bands(std::shared_ptr<const model::Scenario> scenario, std::string stage,
             std::shared_ptr<const physics::ClimateInput> climate, std::size_t samples);

  static constexpr int settle_ms = 150;
  /// The supply year of the newest finished run (its sizing search left to `run` and the report).
  std::shared_ptr<const physics::SupplyYear> supply() const noexcept { return supply_; }
  /// Its dispatch when the scenario has one (its halls and supply are then the dispatched ones).
  std::shared_ptr<const physics::DispatchYear> dispatch() const noexcept { return dispatch_; }

signals:
  void started();
  /// The newest run finished (superseded and cancelled runs report nothing).
  void finished(std::shared_ptr<const physics::ParkResult> result);
  void compared(const parktwin::studio::Comparison& c);
  void banded(std::shared_ptr<const parktwin::physics::BandsResult> bands, QString error);

private:
  struct Outcome {
    std::shared_ptr<const physics::ParkResult> park;
    std::shared_ptr<const physics::SupplyYear> supply;
    std::shared_ptr<const physics::DispatchYear> dispatch;
  };
  void done();
  QFutureWatcher<Outcome> watcher_;
  std::shared_ptr<const physics::SupplyYear> supply_;
  std::shared_ptr<const physics::DispatchYear> dispatch_;
  int generation_ = 0;          ///< of the newest request
  int running_generation_ = -1; ///< of the run the watcher follows
  std::shared_ptr<std::atomic<bool>> cancel_; ///< of the run in progress
  physics::HallResultCache cache_; ///< halls an edit did not touch are not integrated again
  QTimer* settle_ = nullptr;
  Request pending_;
};

} // namespace parktwin::studio
