// Headless pictures (docs/dev/performance.md): the built-in park drawn at 3840x2160 with EGL
// (no display), from the simulated year to the PNG file. Target: under 2 s.

#include "parktwin/climate/catalog.hpp"
#include "parktwin/model/haidong_site.hpp"
#include "parktwin/model/scenario.hpp"
#include "parktwin/physics/building_figures.hpp"
#include "parktwin/physics/park_simulation.hpp"
#include "parktwin/scene/offscreen.hpp"
#include "parktwin/scene/park_scene.hpp"

#include <benchmark/benchmark.h>

#include <vtkNew.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>

#include <filesystem>

using namespace parktwin;

namespace {

void BM_Render4K(benchmark::State& state) {
  const auto scenario = model::Scenario::load(model::kBuiltinHaidong);
  const auto& park = scenario.park();
  const auto& stage = *park.find_stage("2030");
  climate::ClimateCatalog catalog{climate::resolve_climate_dir(std::nullopt)};
  const physics::ClimateInput climate(model::haidong::park_climate_year(catalog));
  physics::ParkRunOptions o;
  o.simulation.keep_hourly = true;
  const auto result = physics::simulate_park(park, stage, climate, o);
  const auto file = std::filesystem::temp_directory_path() / "parktwin-bench-4k.png";
  for (auto _ : state) {
    scene::OffscreenWindow window(3840, 2160);
    vtkNew<vtkRenderer> renderer;
    window.window()->AddRenderer(renderer);
    renderer->UseFXAAOn();
    scene::ParkScene s(renderer);
    s.set_text_scale(2.0);
    s.build(park, stage);
    s.colour({physics::building_figures(park, stage, result, physics::Figure::Pue), "PUE", false});
    window.save_png(file);
  }
  std::filesystem::remove(file);
}
BENCHMARK(BM_Render4K)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

} // namespace
