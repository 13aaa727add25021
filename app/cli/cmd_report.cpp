// parktwin report: the investment report as a PDF, made without a display (docs/report.md).

#include "climate_source.hpp"
#include "commands.hpp"

#include "report.hpp"

#include "parktwin/common/error.hpp"
#include "parktwin/common/text.hpp"
#include "parktwin/model/haidong_site.hpp"
#include "parktwin/model/scenario.hpp"
#include "parktwin/model/uncertainty.hpp"
#include "parktwin/physics/bands.hpp"
#include "parktwin/physics/ridethrough.hpp"
#include "parktwin/physics/building_figures.hpp"
#include "parktwin/physics/park_dispatch.hpp"
#include "parktwin/physics/park_simulation.hpp"
#include "parktwin/scene/offscreen.hpp"
#include "parktwin/scene/park_scene.hpp"

#include <QApplication>

#include <algorithm>
#include <QTranslator>

#include <vtkNew.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>

#include <ctime>
#include <ostream>
#include <unistd.h>

namespace parktwin::cli {
namespace {

namespace fs = std::filesystem;


} // namespace

Command report_command() {
  Command c;
  c.spec.path = "report";
  c.spec.usage = "[<scenario.json> | haidong] [--stage <id|year>] [--climate <name-or-EPW>] "
                 "[--compare <other scenario>] [--lang en|zh] [--bands <n> [--seed <s>]] [--ridethrough] --out <file.pdf>";
  c.spec.summary = "Writes the investment report of a park (key figures against the plan, wings and "
                   "halls, charts, substations and water by year, climate, assumptions) as a PDF, "
                   "without any display.";
  c.spec.min_positionals = 0;
  c.spec.max_positionals = 1;
  c.spec.options = park_year_options({
      {"compare", "scenario", "add the differences with another scenario (inputs and key figures)"},
      {"lang", "en|zh", "language of the report (default en)"},
      {"bands", "n", "add a page of uncertainty bands from n samples of the built-in uncertain parameters (docs/uncertainty.md)"},
      {"seed", "s", "seed of the bands' Latin hypercube (default 1)"},
      {"ridethrough", "", "add a page of failure ride-through: each hall's time to 32 C after its cooling plant trips "
                          "and after a utility outage, at the hottest hour (docs/physics/ride-through.md)"},
      {"out", "file.pdf", "the PDF to write"},
  });
  c.spec.details = "The date on the cover is $SOURCE_DATE_EPOCH if set, else today. Nothing is "
                   "written if anything fails. See docs/report.md.\n";
  c.run = [](const ParsedArgs& a, std::ostream& out) -> int {
    const fs::path path = output_file(a, ".pdf", "report");
    const std::string lang = a.value("lang").value_or("en");
    if (lang != "en" && lang != "zh") {
      throw UsageError("--lang", "'" + lang + "' is not en or zh");
    }
    const std::string name = a.positionals().empty() ? model::kBuiltinHaidong : a.positionals()[0];
    const auto scenario = model::Scenario::load(name);
    const model::Park& park = scenario.park();
    const model::Stage& stage = choose_stage(park, a.value("stage"));
    std::optional<model::Scenario> other;
    if (const auto o = a.value("compare")) {
      other = model::Scenario::load(*o);
    }
    const auto band_samples = a.whole_number("bands", 1, 100000);
    const auto seed = a.whole_number("seed", 0, 1e15);
    if (seed && !band_samples) {
      throw UsageError("--seed", "applies to --bands only");
    }
    const ResolvedClimate rc = resolve_park_climate(a, park);
    // The year simulated (its hot year when the scenario asks for one): the climate page shows it.
    const physics::ClimateInput climate(rc.year, park.site.hot_year_K);

    // Qt for the pages and the charts, on the offscreen platform (no display).
    qputenv("QT_QPA_PLATFORM", "offscreen");
    static int argc = 1;
    static char arg0[] = "parktwin";
    static char* argv[] = {arg0, nullptr};
    std::unique_ptr<QApplication> app;
    if (QCoreApplication::instance() == nullptr) {
      app = std::make_unique<QApplication>(argc, argv);
    }
    QTranslator translator;
    if (lang == "zh") {
      if (!translator.load(":/i18n/parktwin_zh_CN.qm")) {
        throw IoError("report", "the Chinese translation is missing from this program");
      }
      QCoreApplication::installTranslator(&translator);
    }

    physics::HallResultCache cache;
    physics::ParkRunOptions options;
    options.simulation.keep_hourly = true;
    options.cache = &cache;
    // As `run`: with a dispatch, the year as dispatched.
    physics::SupplyOptions no_sizing;
    no_sizing.sizing = false;
    physics::OperatedYear year = physics::simulate_operated_year(park, stage, climate, options, no_sizing);
    const physics::ParkResult result = std::move(year.halls);
    std::optional<physics::ParkResult> other_result;
    const model::Stage* other_stage = nullptr;
    if (other) {
      other_stage = other->park().find_stage(stage.id);
      if (other_stage == nullptr) {
        other_stage = &choose_stage(other->park(), std::nullopt);
      }
      other_result = physics::simulate_operated_year(other->park(), *other_stage, climate, options, no_sizing).halls;
    }

    // The cover's 3D view, coloured by PUE.
    const fs::path cover = fs::temp_directory_path() / ("parktwin-cover-" + std::to_string(::getpid()) + ".png");
    {
      scene::OffscreenWindow window(2400, 1350);
      vtkNew<vtkRenderer> renderer;
      window.window()->AddRenderer(renderer);
      renderer->UseFXAAOn();
      scene::ParkScene s(renderer);
      s.set_text_scale(1.25);
      s.set_chinese_names(lang == "zh");
      s.set_font_file(lang == "zh" ? scene::cjk_font_file() : std::string());
      s.build(park, stage);
      s.colour({physics::building_figures(park, stage, result, physics::Figure::Pue), "PUE", false});
      window.save_png(cover);
    }
    std::optional<physics::BandsResult> bands;
    if (band_samples) {
      physics::BandsOptions bo;
      bo.samples = static_cast<std::size_t>(*band_samples);
      bo.seed = seed ? static_cast<std::uint64_t>(*seed) : 1;
      bands = physics::run_bands(scenario, stage.id, climate, model::UncertaintySet::builtin(), bo);
    }
    std::vector<studio::ReportRideThrough> ride_through;
    if (a.flag("ridethrough")) {
      const auto& T = climate.dry_bulb_K();
      const std::size_t hottest = static_cast<std::size_t>(std::max_element(T.begin(), T.end()) - T.begin()) + 1;
      std::vector<const model::Hall*> halls;
      for (const auto& w : park.wings) {
        for (const auto& b : w.buildings) {
          for (const auto& h : b.halls) {
            if (park.service_year(h) <= stage.year) {
              halls.push_back(&h);
            }
          }
        }
      }
      ride_through.resize(halls.size());
      physics::for_each_sample(halls.size(), 0, [&](std::size_t i) {
        auto& r = ride_through[i];
        r.hall_id = halls[i]->id;
        r.trip = physics::cooling_plant_trip(*halls[i]);
        const auto events = physics::ride_through_events(park, *halls[i], stage, climate,
                                                         {r.trip, physics::RideThroughEvent::parse("outage")}, hottest);
        r.tripped = events[0];
        r.outage = events[1];
      });
    }
    studio::ReportInput in;
    in.scenario = &scenario;
    in.bands = bands ? &*bands : nullptr;
    in.ride_through = ride_through.empty() ? nullptr : &ride_through;
    in.stage = &stage;
    in.result = &result;
    in.dispatch = year.dispatch ? &*year.dispatch : nullptr;
    in.climate = {rc.year.name, rc.description, rc.verification, rc.stands_in_for,
                  climate::compute_statistics(climate.year()), &climate};
    if (other) {
      in.other = &*other;
      in.other_stage = other_stage;
      in.other_result = &*other_result;
    }
    in.date = QString::fromStdString(reproducible_date());
    in.cover_png = QString::fromStdString(cover.string());
    in.chinese = lang == "zh";
    try {
      studio::ReportWriter::write(in, path, &cache);
    } catch (...) {
      std::error_code ec;
      fs::remove(cover, ec);
      throw;
    }
    std::error_code ec;
    fs::remove(cover, ec);
    out << "Wrote " << path.string() << " (" << result.halls.size() << " halls, stage " << stage.id << ", climate "
        << rc.year.name << ")\n";
    return 0;
  };
  return c;
}

} // namespace parktwin::cli
