#include "simulation_controller.hpp"

#include <QThreadPool>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

namespace parktwin::studio {

SimulationController::SimulationController(QObject* parent) : QObject(parent), settle_(new QTimer(this)) {
  settle_->setSingleShot(true);
  settle_->setInterval(settle_ms);
  connect(settle_, &QTimer::timeout, this, [this] { run(std::move(pending_)); });
  connect(&watcher_, &QFutureWatcher<Outcome>::finished, this,
          &SimulationController::done);
}

SimulationController::~SimulationController() {
  if (cancel_) {
    cancel_->store(true);
  }
  // Superseded runs may still be running in the pool: they use the cache.
  QThreadPool::globalInstance()->waitForDone();
}

bool SimulationController::busy() const { return watcher_.isRunning() || settle_->isActive(); }

void SimulationController::run_after_edits(Request r) {
  ++generation_; // what runs now is stale already: stop it
  if (cancel_) {
    cancel_->store(true);
  }
  pending_ = std::move(r);
  settle_->start();
}

void SimulationController::run(Request r) {
  settle_->stop();
  if (!r.scenario || !r.climate) {
    return;
  }
  ++generation_;
  running_generation_ = generation_;
  // A newer run supersedes the one in progress: stop it.
  if (cancel_) {
    cancel_->store(true);
  }
  cancel_ = std::make_shared<std::atomic<bool>>(false);
  auto cancel = cancel_;
  physics::HallResultCache* cache = &cache_;
  emit started();
  watcher_.setFuture(QtConcurrent::run([r = std::move(r), cancel, cache]() {
    physics::ParkRunOptions o;
    o.simulation.keep_hourly = true;
    o.simulation.cancel = cancel.get();
    o.cache = cache;
    const model::Park& park = r.scenario->park();
    const model::Stage& stage = *park.find_stage(r.stage);
    Outcome out;
    // The park as operated: with the scenario's dispatch, the dispatched year (as `run`).
    physics::SupplyOptions so;
    so.sizing = false;
    physics::OperatedYear year = physics::simulate_operated_year(park, stage, *r.climate, o, so);
    out.park = std::make_shared<const physics::ParkResult>(std::move(year.halls));
    if (!cancel->load()) {
      out.supply = std::make_shared<const physics::SupplyYear>(std::move(year.supply));
      if (year.dispatch) {
        out.dispatch = std::make_shared<const physics::DispatchYear>(std::move(*year.dispatch));
      }
    }
    return out;
  }));
}

void SimulationController::done() {
  if (running_generation_ != generation_) {
    return; // superseded by a newer request
  }
  const Outcome outcome = watcher_.result();
  for (const auto& h : outcome.park->halls) {
    if (!h.ok && h.error == "cancelled") {
      return; // superseded
    }
  }
  supply_ = outcome.supply;
  dispatch_ = outcome.dispatch;
  emit finished(outcome.park);
}

void SimulationController::compare(std::shared_ptr<const model::Scenario> mine, std::string my_stage,
                                   std::shared_ptr<const physics::ParkResult> my_result,
                                   std::shared_ptr<const model::Scenario> other, std::string other_stage,
                                   std::shared_ptr<const physics::ClimateInput> climate, QString other_file) {
  auto* watcher = new QFutureWatcher<Comparison>(this);
  connect(watcher, &QFutureWatcher<Comparison>::finished, this, [this, watcher] {
    const Comparison c = watcher->result();
    watcher->deleteLater();
    emit compared(c);
  });
  physics::HallResultCache* cache = &cache_;
  watcher->setFuture(QtConcurrent::run([=]() {
    physics::ParkRunOptions o;
    o.simulation.keep_hourly = true;
    o.cache = cache;
    const model::Stage& theirs_at = *other->park().find_stage(other_stage);
    physics::SupplyOptions no_sizing;
    no_sizing.sizing = false;
    const auto theirs = physics::simulate_operated_year(other->park(), theirs_at, *climate, o, no_sizing).halls;
    Comparison c;
    c.other = other_file;
    c.other_scenario = other;
    c.other_result = std::make_shared<const physics::ParkResult>(theirs);
    c.other_stage = other_stage;
    c.inputs = physics::input_differences(mine->document(), other->document());
    c.figures = physics::figure_rows(mine->park(), *mine->park().find_stage(my_stage), *my_result, other->park(),
                                     theirs_at, theirs);
    return c;
  }));
}

void SimulationController::bands(std::shared_ptr<const model::Scenario> scenario, std::string stage,
                                 std::shared_ptr<const physics::ClimateInput> climate, std::size_t samples) {
  using Out = std::pair<std::shared_ptr<const physics::BandsResult>, QString>;
  auto* watcher = new QFutureWatcher<Out>(this);
  connect(watcher, &QFutureWatcher<Out>::finished, this, [this, watcher] {
    const Out o = watcher->result();
    watcher->deleteLater();
    emit banded(o.first, o.second);
  });
  watcher->setFuture(QtConcurrent::run([=]() -> Out {
    try {
      physics::BandsOptions o;
      o.samples = samples;
      return {std::make_shared<const physics::BandsResult>(
                  physics::run_bands(*scenario, stage, *climate, model::UncertaintySet::builtin(), o)),
              QString()};
    } catch (const std::exception& e) {
      return {nullptr, QString::fromUtf8(e.what())};
    }
  }));
}

} // namespace parktwin::studio
