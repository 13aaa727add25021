// Desktop speed (docs/dev/performance.md): start to an interactive park view, an edit of one
// hall to its updated results, and the longest the window's event loop is blocked meanwhile.
// Needs a display: xvfb-run -a -s "-screen 0 1920x1080x24" build/ci/bench/parktwin_studio_bench

#include "main_window.hpp"
#include "vtk_view.hpp"

#include <QApplication>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTimer>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <memory>

using parktwin::studio::MainWindow;

namespace {

/// Runs the event loop until `w` shows results (at most 60 s); returns false on time-out.
bool wait_results(MainWindow& w) {
  QSignalSpy spy(&w, &MainWindow::results_shown);
  return spy.wait(60000);
}

void BM_StudioStartToParkView(benchmark::State& state) {
  for (auto _ : state) {
    auto w = std::make_unique<MainWindow>();
    w->show();
    w->open_scenario("haidong");
    if (!wait_results(*w)) {
      state.SkipWithError("no results");
      break;
    }
    benchmark::DoNotOptimize(w->view()->grabFramebuffer()); // the first picture drawn
    state.PauseTiming();
    w.reset();
    QApplication::processEvents();
    state.ResumeTiming();
  }
}
BENCHMARK(BM_StudioStartToParkView)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

void BM_StudioEditOneHallToResults(benchmark::State& state) {
  MainWindow w;
  w.show();
  w.open_scenario("haidong");
  wait_results(w);
  const QString pointer = QString::fromStdString(w.pointer_of("mobile-2-h1")) + "/rack_groups/0/design_kW_per_rack";
  const double base = w.scenario()->document().at(parktwin::model::Json::json_pointer(pointer.toStdString())).get<double>();
  // The longest gap between 5 ms heartbeats of the event loop while edits re-simulate.
  QElapsedTimer beat;
  qint64 longest = 0;
  QTimer heart;
  heart.setInterval(5);
  QObject::connect(&heart, &QTimer::timeout, [&] {
    longest = std::max(longest, beat.restart());
  });
  int i = 0;
  for (auto _ : state) {
    ++i;
    beat.start();
    heart.start();
    // A new value each time, so that no result comes from the cache.
    w.edit(pointer, base * (1.0 + 0.01 * i));
    if (!wait_results(w)) {
      state.SkipWithError("no results");
      break;
    }
    heart.stop();
  }
  state.counters["halls_integrated"] = static_cast<double>(w.last_simulated_halls());
  state.counters["event_loop_longest_block_ms"] = static_cast<double>(longest);
}
BENCHMARK(BM_StudioEditOneHallToResults)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(10);

} // namespace

int main(int argc, char** argv) {
  parktwin::studio::VtkView::set_default_surface_format();
  QApplication app(argc, argv);
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
