// parktwin sweep / parktwin merge: batch variants of a park or hall (docs/sweeps.md).

#include "climate_source.hpp"
#include "commands.hpp"

#include "parktwin/common/error.hpp"
#include "parktwin/common/sha256.hpp"
#include "parktwin/common/text.hpp"
#include "parktwin/config.hpp"
#include "parktwin/model/haidong_site.hpp"
#include "parktwin/model/scenario.hpp"
#include "parktwin/model/sweep_plan.hpp"
#include "parktwin/physics/sweep.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <limits>
#include <map>
#include <ostream>
#include <thread>
#include <unistd.h>

#if PARKTWIN_WITH_MPI
#include <mpi.h>
#endif

namespace parktwin::cli {
namespace {

namespace fs = std::filesystem;

// --- Ctrl-C: finish the variants in flight, then stop ----------------------------------------

std::atomic<bool> g_stop{false};

extern "C" void on_signal(int sig) {
  g_stop.store(true);
  // A second Ctrl-C ends the program at once.
  std::signal(sig, SIG_DFL);
}

class StopOnSignals {
public:
  StopOnSignals() {
    g_stop = false;
    old_int_ = std::signal(SIGINT, on_signal);
    old_term_ = std::signal(SIGTERM, on_signal);
  }
  ~StopOnSignals() {
    std::signal(SIGINT, old_int_);
    std::signal(SIGTERM, old_term_);
  }
  StopOnSignals(const StopOnSignals&) = delete;
  StopOnSignals& operator=(const StopOnSignals&) = delete;

private:
  void (*old_int_)(int) = SIG_DFL;
  void (*old_term_)(int) = SIG_DFL;
};

// --- progress on a terminal ----------------------------------------------------------------

std::string duration_text(double s) {
  if (!std::isfinite(s) || s < 0) {
    return "?";
  }
  const auto t = static_cast<long>(std::llround(s));
  if (t < 60) {
    return std::to_string(t) + "s";
  }
  if (t < 3600) {
    return std::to_string(t / 60) + "m" + std::to_string(t % 60) + "s";
  }
  return std::to_string(t / 3600) + "h" + std::to_string((t % 3600) / 60) + "m";
}

class ProgressBar {
public:
  explicit ProgressBar(bool enabled) : enabled_(enabled) {}
  void update(const physics::SweepProgress& p) {
    if (!enabled_) {
      return;
    }
    const auto now = std::chrono::steady_clock::now();
    if (p.done < p.total && now - last_ < std::chrono::milliseconds(200)) {
      return;
    }
    last_ = now;
    const double rate = p.elapsed_s > 0 ? static_cast<double>(p.done_this_run) / p.elapsed_s : 0.0;
    const double eta = rate > 0 ? static_cast<double>(p.total - p.done) / rate : std::numeric_limits<double>::quiet_NaN();
    constexpr int kWidth = 30;
    const int filled = p.total > 0 ? static_cast<int>(kWidth * p.done / p.total) : kWidth;
    std::string bar = "\r  [" + std::string(static_cast<std::size_t>(filled), '#') +
                      std::string(static_cast<std::size_t>(kWidth - filled), '-') + "] " +
                      std::to_string(p.done) + "/" + std::to_string(p.total) + "  " +
                      fixed(rate, rate < 10 ? 2 : 1) + " variants/s  ETA " + duration_text(eta) +
                      (p.failed > 0 ? "  (" + std::to_string(p.failed) + " not ok)" : "") +
                      (g_stop ? "  stopping after the variants in flight..." : "") + "   ";
    (void)!::write(STDERR_FILENO, bar.data(), bar.size());
    drawn_ = true;
  }
  void finish() {
    if (drawn_) {
      (void)!::write(STDERR_FILENO, "\n", 1);
    }
  }

private:
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_{};
};

// --- the sites' tariffs for compare-sites ---------------------------------------------------

struct Tariff {
  const char* climate;
  double price_CNY_per_kWh;
  const char* region;
};

// Haidong park plan, 一、(一) 4. 电力资源 (../shared/PARK_FACTS.md, "Electricity"): 2024 tariffs.
// The plan gives no tariff for Shanghai or Guangdong: those sites keep the scenario's price and
// the table says so. Chengdu stands for the Chengdu-Chongqing hub: the plan's Chongqing tariff.
constexpr const char* kTariffSource =
    "Haidong park plan, section 1.(1).4 (electricity), 2024 tariffs";
const Tariff kTariffs[] = {
    {"haidong-park", 0.4050, "Haidong"},        {"minhe", 0.4050, "Haidong"},
    {"xining", 0.4146, "Qinghai"},             {"golmud", 0.4146, "Qinghai"},
    {"xinghai", 0.4146, "Qinghai"},            {"beijing", 0.65, "Beijing-Tianjin-Hebei"},
    {"huailai", 0.65, "Beijing-Tianjin-Hebei"}, {"chengdu", 0.75, "Chongqing"},
    {"guiyang", 0.70, "Guizhou"},              {"xifengzhen", 0.45, "Gansu"},
    {"lanzhou", 0.45, "Gansu"},                {"yinchuan", 0.46, "Ningxia"},
    {"hohhot", 0.29, "Inner Mongolia"},
};

const Tariff* tariff_for(const std::string& climate) {
  for (const auto& t : kTariffs) {
    if (to_lower(climate) == t.climate) {
      return &t;
    }
  }
  return nullptr;
}

std::vector<std::string> all_climates(const std::optional<fs::path>& dir) {
  std::vector<std::string> names{model::haidong::kParkClimateName};
  const climate::ClimateCatalog catalog(climate::resolve_climate_dir(dir));
  for (const auto& e : catalog.entries()) {
    names.push_back(e.key);
  }
  return names;
}

std::vector<std::string> list_option(const std::string& text, const std::string& option) {
  std::vector<std::string> out;
  for (const auto part : split(text, ',')) {
    const std::string p(trim(part));
    if (p.empty()) {
      throw UsageError(option, "an empty name in '" + text + "'");
    }
    if (std::find(out.begin(), out.end(), p) != out.end()) {
      throw UsageError(option, "'" + p + "' is given twice");
    }
    out.push_back(p);
  }
  return out;
}

/// Prints the compare-sites ranking from a finished summary.
void print_site_ranking(const fs::path& summary, const std::vector<physics::SweepClimate>& climates,
                        const std::string& hall, std::ostream& out) {
  const auto t = physics::read_summary_csv(summary);
  const auto col = [&](const std::string& name) -> std::size_t {
    const auto it = std::find(t.header.begin(), t.header.end(), name);
    if (it == t.header.end()) {
      throw std::logic_error("summary has no column " + name);
    }
    return static_cast<std::size_t>(it - t.header.begin());
  };
  const std::string prefix = hall.empty() ? "park." : "hall." + hall + ".";
  const std::size_t c_climate = col("climate"), c_status = col("status"), c_pue = col(prefix + "PUE"),
                    c_wue = col(prefix + "WUE_L_per_kWh"), c_cost = col(prefix + "energy_cost_CNY");
  // For a park: hours in which no hall ran a compressor.
  const bool with_free = true;
  const std::size_t c_free = col(prefix + "free_cooling_h");
  struct Line {
    std::string climate;
    double pue;
    std::vector<std::string> row;
  };
  std::vector<Line> lines;
  for (const auto& r : t.rows) {
    const auto pue = parse_double(r[c_pue]);
    lines.push_back({r[c_climate], pue ? *pue : std::numeric_limits<double>::infinity(), r});
  }
  std::stable_sort(lines.begin(), lines.end(), [](const Line& a, const Line& b) { return a.pue < b.pue; });
  out << "\nSites ranked by PUE (" << (hall.empty() ? "the whole park" : "hall " + hall) << "):\n\n  "
      << pad_left("#", 3) << "  " << pad_right("site", 14) << pad_left("PUE", 7)
      << pad_left("WUE L/kWh", 11) << (with_free ? pad_left("free h", 8) : "")
      << pad_left("CNY/kWh", 9) << pad_left("cost M CNY", 12) << "  stands in for\n";
  std::size_t rank = 0;
  for (const auto& l : lines) {
    const physics::SweepClimate* c = nullptr;
    for (const auto& sc : climates) {
      c = sc.name == l.climate ? &sc : c;
    }
    const auto& r = l.row;
    out << "  " << pad_left(std::to_string(++rank), 3) << "  " << pad_right(l.climate, 14);
    if (r[c_status] != "ok") {
      out << "  " << r[c_status] << "\n";
      continue;
    }
    const auto num = [&](std::size_t i, int digits, double scale = 1.0) {
      const auto x = parse_double(r[i]);
      return x ? fixed(*x * scale, digits) : std::string("-");
    };
    out << pad_left(num(c_pue, 3), 7) << pad_left(num(c_wue, 2), 11)
        << (with_free ? pad_left(num(c_free, 0), 8) : "");
    if (c != nullptr && c->price_CNY_per_kWh) {
      out << pad_left(fixed(*c->price_CNY_per_kWh, 3), 9) << pad_left(num(c_cost, 1, 1e-6), 12);
    } else {
      out << pad_left("n/a", 9) << pad_left("n/a", 12);
    }
    out << "  " << (c != nullptr ? c->stands_in_for : "") << "\n";
  }
  out << "\nStand-in stations are the nearest CSWD station to each hub (an approximation). Tariffs: "
      << kTariffSource << "; n/a: the plan gives none for that site (its cost column uses the "
      << "scenario's own price).\n";
}

} // namespace

Command sweep_command() {
  Command c;
  c.spec.path = "sweep";
  c.spec.usage = "[<scenario.json> | haidong] --vary <path>=<start>:<stop>:<step> | "
                 "--vary <path>=<a>,<b>,... [--samples <n> --seed <s>] [--climates <names>|all] "
                 "[--stage <ids>] [--hall <id>] [--jobs <n>] [--shard <k>/<N>] --out <folder>";
  c.spec.summary = "Simulates every variant of a park or hall (a grid or a Latin hypercube of "
                   "scenario fields, climates and stages) and writes one summary row per variant.";
  c.spec.min_positionals = 0;
  c.spec.max_positionals = 1;
  c.spec.options = {
      {"vary", "path=values", "a field and its values: start:stop:step (ends included) or a,b,c", true},
      {"samples", "n", "Latin-hypercube sample of n points instead of the full grid"},
      {"seed", "s", "seed of the sample (default 1)"},
      {"climates", "names|all", "climates to run on (default: the scenario's own); all: every "
                                "climate of the climate folder and the Haidong park year"},
      {"climate-dir", "folder", "folder of the climate files"},
      {"stage", "ids", "build-out stages, comma-separated (default: the scenario's default_stage)"},
      {"hall", "id", "simulate only this hall (a hall sweep)"},
      {"jobs", "n", "variants simulated in parallel (default: all cores)"},
      {"shard", "k/N", "run only slice k of N (cluster array jobs; join with parktwin merge)"},
      {"out", "folder", "where the sweep writes (a new or empty folder, or one to --resume)"},
      {"resume", "", "continue the sweep in --out where it stopped"},
      {"keep-hourly", "", "also write each variant's full results to <out>/variants/<i>.h5"},
      {"bands", "n", "also each variant's P10/P50/P90 from n samples of the built-in uncertain parameters (docs/uncertainty.md)"},
      {"bands-seed", "s", "seed of the bands' Latin hypercube (default 1)"},
      {"preset", "name", "compare-sites: the same park or hall on every climate, ranked, with "
                         "each site's tariff"},
      {"list-paths", "", "print every field path that --vary accepts and exit"},
      {"quiet", "", "no progress bar"},
      {"mpi", "", "run as one MPI job (mpirun -np N parktwin sweep --mpi ...): rank r runs "
                  "shard r+1 of N, rank 0 merges"},
  };
  c.spec.details =
      "Paths address scenario fields: halls[*].air.supply_air_C (every hall wherever it sits), "
      "wings[east].halls[*].cooling.liquid.facility_supply_water_C, halls[silk-1a-h1].floor_area_m2, "
      "rack_groups[*].design_kW_per_rack. Rows stream to <out>/journal.csv as variants finish; "
      "summary.csv and summary.h5 are written when the sweep (or shard) is done, sorted by "
      "variant, identical whatever --jobs or shard split. Ctrl-C finishes the variants in "
      "flight and stops (exit 130); --resume continues. A variant whose values break the "
      "scenario's rules gets status 'invalid: ...' and no figures. See docs/sweeps.md.\n";
  c.run = [](const ParsedArgs& a, std::ostream& out) -> int {
    if (a.flag("list-paths")) {
      for (const auto& p : model::variable_paths()) {
        out << p << "\n";
      }
      return 0;
    }
    const std::string name = a.positionals().empty() ? model::kBuiltinHaidong : a.positionals()[0];
    const auto out_dir = a.value("out");
    if (!out_dir) {
      throw UsageError("--out", "a sweep needs a folder to write to (--out <folder>)");
    }
    const bool compare_sites = a.value("preset").has_value();
    if (compare_sites && *a.value("preset") != "compare-sites") {
      throw UsageError("--preset", "unknown preset '" + *a.value("preset") + "' (known: compare-sites)");
    }
    // Every option is checked before anything runs.
    model::SweepPlan plan;
    for (const auto& v : a.values("vary")) {
      plan.dimensions.push_back(model::SweepDimension::parse(v, "--vary"));
    }
    if (plan.dimensions.empty() && !compare_sites && !a.value("climates") && !a.value("stage")) {
      throw UsageError("--vary", "nothing to vary: give --vary, --climates, --stage or --preset");
    }
    if (const auto n = a.whole_number("samples", 1, 1e8)) {
      if (plan.dimensions.empty()) {
        throw UsageError("--samples", "samples the --vary fields: give at least one");
      }
      plan.samples = static_cast<std::size_t>(*n);
    }
    if (const auto s = a.whole_number("seed", 0, 9e15)) {
      if (!plan.samples) {
        throw UsageError("--seed", "applies to --samples only");
      }
      plan.seed = static_cast<std::uint64_t>(*s);
    }
    unsigned jobs = 0;
    if (const auto j = a.whole_number("jobs", 1, 256)) {
      jobs = static_cast<unsigned>(*j);
    }
    model::Shard shard;
    if (const auto s = a.value("shard")) {
      shard = model::Shard::parse(*s);
    }
    const bool use_mpi = a.flag("mpi");
#if PARKTWIN_WITH_MPI
    int rank = 0;
    int ranks = 1;
    if (use_mpi) {
      if (a.value("shard")) {
        throw UsageError("--shard", "with --mpi the ranks are the shards");
      }
      MPI_Init(nullptr, nullptr);
      MPI_Comm_rank(MPI_COMM_WORLD, &rank);
      MPI_Comm_size(MPI_COMM_WORLD, &ranks);
      shard = {static_cast<std::size_t>(rank) + 1, static_cast<std::size_t>(ranks)};
    }
#else
    if (use_mpi) {
      throw UsageError("--mpi", "this parktwin was built without MPI (configure with "
                                "-DPARKTWIN_WITH_MPI=ON); use --shard k/N with a scheduler instead");
    }
#endif
    const auto scenario = model::Scenario::load(name);
    const model::Park& park = scenario.park();
    if (const auto st = a.value("stage")) {
      for (const auto& s : list_option(*st, "--stage")) {
        plan.stages.push_back(choose_stage(park, s).id);
      }
    } else {
      plan.stages.push_back(choose_stage(park, std::nullopt).id);
    }
    const std::string only_hall = a.value("hall").value_or("");
    const auto has_hall = [&](const std::string& id) {
      for (const auto& w : park.wings) {
        for (const auto& b : w.buildings) {
          for (const auto& h : b.halls) {
            if (h.id == id) {
              return true;
            }
          }
        }
      }
      return false;
    };
    if (!only_hall.empty() && !has_hall(only_hall)) {
      throw UsageError("--hall", "no hall '" + only_hall + "' in " + scenario.source());
    }
    std::optional<fs::path> climate_dir;
    if (const auto d = a.value("climate-dir")) {
      climate_dir = *d;
    }
    if (const auto cl = a.value("climates")) {
      plan.climates = to_lower(*cl) == "all" ? all_climates(climate_dir) : list_option(*cl, "--climates");
    } else if (compare_sites) {
      plan.climates = all_climates(climate_dir);
    } else {
      plan.climates.push_back(park.site.climate);
    }
    for (const auto& d : plan.dimensions) {
      if (d.path.places(scenario.document()).empty()) {
        throw UsageError("--vary", d.path.text() + " addresses nothing in " + scenario.source() +
                                       (only_hall.empty() ? "" : "") +
                                       " (no element has that id, or none has that kind of system)");
      }
    }
    plan.prepare();

    physics::SweepSetup setup{scenario, plan, {}, only_hall, shard, jobs,
                              a.flag("keep-hourly"), {}, PARKTWIN_VERSION};
    if (const auto n = a.whole_number("bands", 1, 100000)) {
      setup.band_samples = static_cast<std::size_t>(*n);
    }
    if (const auto bs = a.whole_number("bands-seed", 0, 1e15)) {
      if (setup.band_samples == 0) {
        throw UsageError("--bands-seed", "applies to --bands only");
      }
      setup.band_seed = static_cast<std::uint64_t>(*bs);
    }
    for (const auto& cname : plan.climates) {
      std::optional<double> elevation;
      if (to_lower(cname) == model::haidong::kParkClimateName) {
        elevation = park.site.elevation_m;
      }
      ResolvedClimate rc = resolve_climate(cname, climate_dir, elevation);
      physics::SweepClimate sc;
      sc.name = cname;
      sc.description = rc.description;
      sc.stands_in_for = rc.stands_in_for;
      sc.sha256 = sha256_file_hex(rc.file);
      sc.input = std::make_shared<const physics::ClimateInput>(rc.year);
      if (compare_sites) {
        if (const Tariff* t = tariff_for(cname)) {
          sc.price_CNY_per_kWh = t->price_CNY_per_kWh;
          sc.price_source = std::string(kTariffSource) + " (" + t->region + ")";
        }
      }
      setup.climates.push_back(std::move(sc));
    }
    fs::path out_path = *out_dir;
#if PARKTWIN_WITH_MPI
    const fs::path merged = out_path;
    if (use_mpi) {
      out_path = merged / ".shards" / (std::to_string(rank + 1) + "-of-" + std::to_string(ranks));
      std::error_code ec;
      fs::create_directories(out_path.parent_path(), ec);
    }
#endif
    const std::size_t total = plan.size();
    const bool terminal = ::isatty(STDERR_FILENO) != 0 && !a.flag("quiet") && !use_mpi;
    ProgressBar bar(terminal);
    StopOnSignals signals;
    const physics::SweepOutcome o = physics::run_sweep(
        setup, out_path, a.flag("resume"), [&](const physics::SweepProgress& p) { bar.update(p); },
        &g_stop);
    bar.finish();
    const auto& p = o.progress;
#if PARKTWIN_WITH_MPI
    if (use_mpi) {
      int complete = o.complete ? 1 : 0, all_complete = 0;
      MPI_Allreduce(&complete, &all_complete, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
      int code = 0;
      if (rank == 0) {
        if (all_complete == 1) {
          std::vector<fs::path> parts;
          for (int r = 0; r < ranks; ++r) {
            parts.push_back(merged / ".shards" / (std::to_string(r + 1) + "-of-" + std::to_string(ranks)));
          }
          // The merged summary lands beside the shards' folder.
          const fs::path tmp = merged / ".merged";
          std::error_code ec;
          fs::remove_all(tmp, ec);
          const std::size_t rows = physics::merge_sweeps(parts, tmp);
          for (const char* f : {"summary.csv", "summary.h5", "sweep.json"}) {
            fs::rename(tmp / f, merged / f, ec);
          }
          fs::remove_all(tmp, ec);
          out << "Sweep of " << total << " variants on " << ranks << " MPI ranks: " << rows
              << " rows in " << (merged / "summary.csv").string() << " and summary.h5\n";
        } else {
          out << "Stopped before every rank finished: run the same mpirun command with --resume.\n";
          code = 130;
        }
      }
      MPI_Bcast(&code, 1, MPI_INT, 0, MPI_COMM_WORLD);
      MPI_Finalize();
      return code;
    }
#endif
    out << "Sweep " << physics::sweep_id(setup) << ": " << p.done << " of " << p.total
        << " variants" << (shard.n > 1 ? " of shard " + std::to_string(shard.k) + "/" + std::to_string(shard.n) + " (" + std::to_string(total) + " in the sweep)" : "")
        << " done";
    if (p.done_this_run > 0) {
      out << "; this run " << p.done_this_run << " in " << fixed(p.elapsed_s, 1) << " s ("
          << fixed(p.hall_years / std::max(p.elapsed_s, 1e-9), 1) << " hall-years/s on "
          << (jobs != 0 ? jobs : std::max(1U, std::thread::hardware_concurrency())) << " jobs)";
    }
    out << "\n";
    if (p.failed > 0) {
      out << "  " << p.failed << " variant(s) invalid or failed: see the status column\n";
    }
    out << "  summary: " << (out_path / "summary.csv").string() << ", "
        << (out_path / "summary.h5").string() << "\n";
    if (o.interrupted) {
      out << "Stopped: the summary holds the variants done so far. Continue with the same "
             "command and --resume.\n";
      return 130;
    }
    if (compare_sites && o.complete) {
      print_site_ranking(out_path / "summary.csv", setup.climates, only_hall, out);
    }
    return 0;
  };
  return c;
}

Command merge_command() {
  Command c;
  c.spec.path = "merge";
  c.spec.usage = "<shard folder>... --out <folder>";
  c.spec.summary = "Joins the shards of one sweep (run with --shard k/N) into one summary.";
  c.spec.min_positionals = 1;
  c.spec.max_positionals = 100000;
  c.spec.options = {{"out", "folder", "a new or empty folder for the merged summary"}};
  c.spec.details = "Refuses shards of different sweeps, a shard given twice, missing or "
                   "incomplete shards. The rows are identical to a single run's.\n";
  c.run = [](const ParsedArgs& a, std::ostream& out) -> int {
    const auto o = a.value("out");
    if (!o) {
      throw UsageError("--out", "merge needs a folder to write to (--out <folder>)");
    }
    std::vector<fs::path> in(a.positionals().begin(), a.positionals().end());
    const std::size_t rows = physics::merge_sweeps(in, *o);
    out << "Merged " << in.size() << " shard(s): " << rows << " rows in "
        << (fs::path(*o) / "summary.csv").string() << " and summary.h5\n";
    return 0;
  };
  return c;
}

} // namespace parktwin::cli
