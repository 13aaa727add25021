// parktwin render: a picture of the park, made without a display (docs/render.md).

#include "climate_source.hpp"
#include "commands.hpp"

#include "parktwin/common/error.hpp"
#include "parktwin/common/text.hpp"
#include "parktwin/model/haidong_site.hpp"
#include "parktwin/model/scenario.hpp"
#include "parktwin/physics/building_figures.hpp"
#include "parktwin/physics/park_simulation.hpp"
#include "parktwin/scene/offscreen.hpp"
#include "parktwin/scene/park_scene.hpp"

#include <vtkCamera.h>
#include <vtkNew.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>
#include <vtkTextActor.h>
#include <vtkTextProperty.h>

#include <chrono>
#include <cmath>
#include <ctime>
#include <map>
#include <ostream>

namespace parktwin::cli {
namespace {

namespace fs = std::filesystem;

/// Figure titles for the legend, in both languages.
std::string figure_title(physics::Figure f, bool zh) {
  const auto& i = physics::info(f);
  static const std::map<physics::Figure, std::string> chinese = {
      {physics::Figure::Pue, "PUE"},
      {physics::Figure::FreeCoolingHours, "自然冷却小时数"},
      {physics::Figure::CompressorFreeDays, "无压缩机运行天数"},
      {physics::Figure::HeatRecovered, "供热量"},
      {physics::Figure::ItPower, "IT 功率（平均）"},
      {physics::Figure::PeakVsSubstation, "片区峰值 / 变电站容量"},
  };
  const std::string title = zh ? chinese.at(f) : i.title;
  return *i.unit ? title + " (" + i.unit + ")" : title;
}

/// The closest names of a kind, for "did you mean".
std::string known(const std::vector<std::string>& ids, const std::string& wanted) {
  std::vector<std::pair<std::size_t, std::string>> d;
  for (const auto& id : ids) {
    d.emplace_back(edit_distance(to_lower(wanted), to_lower(id)), id);
  }
  std::sort(d.begin(), d.end());
  std::string out;
  for (std::size_t i = 0; i < std::min<std::size_t>(6, d.size()); ++i) {
    out += (i == 0 ? "" : ", ") + d[i].second;
  }
  return out;
}

} // namespace

Command render_command() {
  Command c;
  c.spec.path = "render";
  c.spec.usage = "[<scenario.json> | haidong] [--stage <id|year>] [--view park|top|iso|wing:<id>|"
                 "building:<id>|hall:<id>] [--color-by <figure>] [--hour <n>] [--size <W>x<H>] "
                 "[--title <text>] [--lang en|zh] --out <file.png>";
  c.spec.summary = "Draws the park in 3D, coloured by a figure, to a PNG file, without any display "
                   "(EGL surfaceless; an X display is used when EGL is not available).";
  c.spec.min_positionals = 0;
  c.spec.max_positionals = 1;
  std::string figures;
  for (const auto& f : physics::figures()) {
    figures += (figures.empty() ? "" : ", ") + std::string(f.key);
  }
  c.spec.options = park_year_options({
      {"view", "preset", "park, top, iso, wing:<id>, building:<id> or hall:<id> (default iso)"},
      {"color-by", "figure", figures + " (default pue)"},
      {"hour", "n", "hour of the year, 0-8759, for the racks of a building or hall view (default 4380)"},
      {"size", "WxH", "picture size in pixels, up to 7680x4320 (default 1920x1080)"},
      {"title", "text", "title at the top (default: the scenario's name)"},
      {"lang", "en|zh", "language of the title, legend and caption (default en)"},
      {"out", "file.png", "the picture to write"},
      {"backend", "auto|egl|x", "OpenGL context: EGL surfaceless, an X display, or EGL then X (default)"},
  });
  c.spec.details = "The caption gives the scenario, stage, climate and date ($SOURCE_DATE_EPOCH if "
                   "set, else today): the same input and date give the same picture. Nothing is "
                   "written if anything fails. See docs/render.md.\n";
  c.run = [](const ParsedArgs& a, std::ostream& out) -> int {
    // Every option is checked before anything is simulated or drawn.
    const fs::path path = output_file(a, ".png", "render");
    int width = 1920, height = 1080;
    if (const auto s = a.value("size")) {
      const auto parts = split(to_lower(*s), 'x');
      const auto w = parts.size() == 2 ? parse_long(parts[0]) : std::nullopt;
      const auto h = parts.size() == 2 ? parse_long(parts[1]) : std::nullopt;
      if (!w || !h || *w < 16 || *h < 16 || *w > scene::OffscreenWindow::kMaxWidth ||
          *h > scene::OffscreenWindow::kMaxHeight) {
        throw UsageError("--size", "'" + *s + "': write WxH from 16x16 to 7680x4320, e.g. 3840x2160");
      }
      width = static_cast<int>(*w);
      height = static_cast<int>(*h);
    }
    const std::string lang = a.value("lang").value_or("en");
    if (lang != "en" && lang != "zh") {
      throw UsageError("--lang", "'" + lang + "' is not en or zh");
    }
    const bool zh = lang == "zh";
    const std::string colour_key = a.value("color-by").value_or("pue");
    const auto figure = physics::figure_from_key(colour_key);
    if (!figure) {
      std::vector<std::string> keys;
      for (const auto& f : physics::figures()) {
        keys.emplace_back(f.key);
      }
      throw UsageError("--color-by", "unknown figure '" + colour_key + "' (known: " + known(keys, colour_key) + ")");
    }
    int hour = 4380;
    if (const auto h = a.whole_number("hour", 0, 8759)) {
      hour = static_cast<int>(*h);
    }
    const std::string backend = a.value("backend").value_or("auto");
    if (backend != "auto" && backend != "egl" && backend != "x") {
      throw UsageError("--backend", "'" + backend + "' is not auto, egl or x");
    }
    const std::string view = a.value("view").value_or("iso");
    const std::string name = a.positionals().empty() ? model::kBuiltinHaidong : a.positionals()[0];
    const auto scenario = model::Scenario::load(name);
    const model::Park& park = scenario.park();
    const model::Stage& stage = choose_stage(park, a.value("stage"));
    // The view's id must exist.
    std::string open_building, hall_id;
    {
      std::vector<std::string> wings, buildings, halls;
      std::map<std::string, std::string> building_of;
      for (const auto& w : park.wings) {
        wings.push_back(w.id);
        for (const auto& b : w.buildings) {
          buildings.push_back(b.id);
          for (const auto& h : b.halls) {
            halls.push_back(h.id);
            building_of[h.id] = b.id;
          }
        }
      }
      const auto check = [&](const std::string& kind, const std::vector<std::string>& ids) {
        const std::string id = view.substr(kind.size() + 1);
        if (std::find(ids.begin(), ids.end(), id) == ids.end()) {
          throw UsageError("--view", "no " + kind + " '" + id + "' in " + scenario.source() +
                                         " (nearest: " + known(ids, id) + ")");
        }
        return id;
      };
      if (view.rfind("wing:", 0) == 0) {
        check("wing", wings);
      } else if (view.rfind("building:", 0) == 0) {
        open_building = check("building", buildings);
      } else if (view.rfind("hall:", 0) == 0) {
        hall_id = check("hall", halls);
        open_building = building_of.at(hall_id);
      } else if (view != "park" && view != "top" && view != "iso") {
        throw UsageError("--view", "'" + view + "' is not park, top, iso, wing:<id>, building:<id> or hall:<id>");
      }
    }
    const ResolvedClimate rc = resolve_park_climate(a, park);
    const physics::ClimateInput climate(rc.year, park.site.hot_year_K); // the year simulated

    // The context first: a machine that cannot draw fails before the year is simulated.
    scene::OffscreenWindow window(width, height, backend == "x");
    if (backend == "egl" && window.backend().rfind("EGL", 0) != 0) {
      throw IoError("render", "EGL is not available here (" + window.backend() + ")");
    }
    physics::ParkRunOptions options;
    options.simulation.keep_hourly = true;
    const physics::ParkResult result = physics::simulate_park(park, stage, climate, options);

    vtkNew<vtkRenderer> renderer;
    window.window()->AddRenderer(renderer);
    renderer->UseFXAAOn(); // anti-aliased edges
    const double scale = height / 1080.0;
    const std::string font = zh ? scene::cjk_font_file() : std::string();
    if (zh && font.empty()) {
      throw IoError("render", "no Chinese font found (install fonts-noto-cjk)");
    }
    scene::ParkScene scene(renderer);
    scene.set_chinese_names(zh);
    scene.set_font_file(font);
    scene.set_text_scale(scale);
    scene.build(park, stage);
    scene::Colouring colouring;
    colouring.values = physics::building_figures(park, stage, result, *figure);
    colouring.title = figure_title(*figure, zh);
    colouring.higher_is_better = physics::info(*figure).higher_is_better;
    colouring.scale = physics::info(*figure).amount ? scene::Colouring::Scale::Amount : scene::Colouring::Scale::Rating;
    scene.colour(colouring);
    if (view.rfind("hall:", 0) == 0) {
      scene.set_view("building:" + open_building);
    } else {
      scene.set_view(view);
    }
    if (!open_building.empty()) {
      scene.select(hall_id.empty() ? open_building : hall_id);
      scene.show_interior(open_building);
      if (!hall_id.empty()) {
        scene.highlight_hall(hall_id);
      }
      std::map<std::string, double> T;
      for (const auto& r : result.halls) {
        if (r.ok && static_cast<std::size_t>(hour) < r.hourly.T_inlet_C.size()) {
          T[r.hall_id] = static_cast<double>(r.hourly.T_inlet_C[static_cast<std::size_t>(hour)]);
        }
      }
      scene.set_inlet_temperatures(T, zh ? "IT 进风温度 (°C)" : "IT inlet (C)");
    }
    // Title and caption.
    const auto text = [&](const std::string& s, int size, double x, double y, bool centred, bool bold) {
      vtkNew<vtkTextActor> t;
      t->SetInput(s.c_str());
      vtkTextProperty* p = t->GetTextProperty();
      p->SetFontSize(static_cast<int>(std::lround(size * scale)));
      p->SetColor(0.08, 0.1, 0.15);
      p->SetBold(bold ? 1 : 0);
      if (!font.empty()) {
        p->SetFontFamily(VTK_FONT_FILE);
        p->SetFontFile(font.c_str());
      }
      p->SetJustification(centred ? VTK_TEXT_CENTERED : VTK_TEXT_LEFT);
      t->GetPositionCoordinate()->SetCoordinateSystemToNormalizedViewport();
      t->SetPosition(x, y);
      renderer->AddActor2D(t);
    };
    const std::string park_name = zh && !park.name_zh.empty() ? park.name_zh : park.name;
    text(a.value("title").value_or(park_name), 30, 0.5, 0.94, true, true);
    std::string caption = zh ? "场景：" + park_name + " · " + stage.id + " 阶段 · 气候：" + rc.year.name + " · " +
                                   reproducible_date()
                             : "Scenario: " + park_name + " · stage " + stage.id + " · climate: " + rc.year.name +
                                   " · " + reproducible_date();
    if (!open_building.empty()) {
      const int day = hour / 24;
      caption += zh ? " · 第 " + std::to_string(day + 1) + " 天 " + std::to_string(hour % 24) + ":00"
                    : " · day " + std::to_string(day + 1) + ", " + std::to_string(hour % 24) + ":00";
    }
    text(caption, 13, 0.01, 0.015, false, false);
    window.save_png(path);
    out << "Wrote " << path.string() << " (" << width << "x" << height << ", " << window.backend() << ")\n";
    return 0;
  };
  return c;
}

} // namespace parktwin::cli
