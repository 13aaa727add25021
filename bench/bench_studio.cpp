// Desktop speed (docs/dev/performance.md): start to an interactive park view, an edit of one
// hall to its updated results, and the longest the window's event loop is blocked meanwhile.
// Needs a display: xvfb-run -a -s "-screen 0 1920x1080x24" build/ci/bench/parktwin_studio_bench

#include "main_window.hpp"
#include "vtk_view.hpp"

#include <QAction>

#include "parktwin/model/geometry.hpp"
#include "parktwin/scene/park_scene.hpp"

#include <QApplication>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <QUndoStack>
#include <QTimer>

#include <vtkCallbackCommand.h>
#include <vtkCommand.h>
#include <vtkNew.h>
#include <vtkRenderer.h>

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

void BM_StudioAddBuildingToResults(benchmark::State& state) {
  // A layout edit (a new building with its hall in the east wing) to its results, then undone.
  MainWindow w;
  w.show();
  w.open_scenario("haidong");
  wait_results(w);
  QElapsedTimer beat;
  qint64 longest = 0;
  QTimer heart;
  heart.setInterval(5);
  QObject::connect(&heart, &QTimer::timeout, [&] { longest = std::max(longest, beat.restart()); });
  for (auto _ : state) {
    w.select("east");
    beat.start();
    heart.start();
    w.layout_action("add-building")->trigger();
    if (!wait_results(w)) {
      state.SkipWithError("no results");
      break;
    }
    heart.stop();
    state.PauseTiming();
    // Undone, so that the next one is the same edit; its hall is integrated again each time
    // (the cache holds results by the hall's inputs, and the new hall's differ: see the counter).
    w.undo_stack()->undo();
    wait_results(w);
    state.ResumeTiming();
  }
  state.counters["halls_integrated"] = static_cast<double>(w.last_simulated_halls());
  state.counters["event_loop_longest_block_ms"] = static_cast<double>(longest);
}
BENCHMARK(BM_StudioAddBuildingToResults)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(5);

void BM_StudioDragFrame(benchmark::State& state) {
  // One step of dragging a building: the mouse move (the move checked by the model's rules,
  // the preview drawn) and the frame drawn, as software OpenGL draws it. Frames per second =
  // 1000 / the time per iteration in ms.
  MainWindow w;
  w.resize(1600, 1000);
  w.show();
  w.open_scenario("haidong");
  wait_results(w);
  w.select("silk-1a");
  w.set_view("top");
  w.view()->grabFramebuffer();
  const auto& park = w.scenario()->park();
  const parktwin::model::Building* b = nullptr;
  for (const auto& wing : park.wings) {
    for (const auto& c : wing.buildings) {
      b = c.id == "silk-1a" ? &c : b;
    }
  }
  const auto centre = parktwin::model::vertex_centroid(b->footprint);
  vtkRenderer* ren = w.view()->renderer();
  ren->SetWorldPoint(centre.x_m, centre.y_m, b->height_m, 1.0);
  ren->WorldToDisplay();
  double d[3];
  ren->GetDisplayPoint(d);
  const QPoint at(static_cast<int>(d[0]), static_cast<int>(w.view()->height() - d[1]));
  QTest::mousePress(w.view(), Qt::LeftButton, Qt::NoModifier, at);
  if (!w.view()->dragging()) {
    state.SkipWithError("the press did not grab the building");
    return;
  }
  // Frames the renderer really drew (a frame that is not drawn must not count).
  long frames = 0;
  vtkNew<vtkCallbackCommand> drawn;
  drawn->SetClientData(&frames);
  drawn->SetCallback([](vtkObject*, unsigned long, void* n, void*) { ++*static_cast<long*>(n); });
  ren->AddObserver(vtkCommand::EndEvent, drawn);
  int k = 0;
  for (auto _ : state) {
    // Back and forth over 60 pixels: every step a new grid point.
    const int dx = (k++ % 60) - 30;
    QTest::mouseMove(w.view(), at + QPoint(dx * 3, 0));
    // The frame as the window draws it: the update the move asked for, painted by the event loop.
    QCoreApplication::processEvents();
  }
  QTest::mouseRelease(w.view(), Qt::LeftButton, Qt::NoModifier, at);
  ren->RemoveObserver(drawn);
  state.counters["frames_per_s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["frames_drawn_per_step"] = static_cast<double>(frames) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_StudioDragFrame)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(3.0);

} // namespace

int main(int argc, char** argv) {
  parktwin::studio::VtkView::set_default_surface_format();
  QApplication app(argc, argv);
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
