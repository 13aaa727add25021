// Reference trajectories (STYLE.md 9): for an air-cooled, a liquid-cooled (with heat recovery) and
// a chilled-water hall of the built-in park, weekly means of the hourly outputs and the annual
// figures, compared with tests/data/reference/*.txt within tolerances. The files change only by
// the explicit command `cmake --build <build> --target regenerate-reference-trajectories`,
// reviewed like code.

#include "shared_climate.hpp"

#include "parktwin/climate/catalog.hpp"
#include "parktwin/common/atomic_file.hpp"
#include "parktwin/common/text.hpp"
#include "parktwin/model/haidong_site.hpp"
#include "parktwin/model/scenario.hpp"
#include "parktwin/physics/park_simulation.hpp"

#include <QtTest>

#include <cmath>
#include <cstdlib>
#include <map>
#include <sstream>

using namespace parktwin;
namespace fs = std::filesystem;

namespace {

const fs::path kDir = fs::path(PARKTWIN_TEST_DATA_DIR) / "reference";

/// name -> (values, absolute tolerance); relative tolerance 1e-3 on top.
using Trajectories = std::map<std::string, std::pair<std::vector<double>, double>>;

std::vector<double> weekly_means(const std::vector<float>& hourly) {
  std::vector<double> out;
  for (std::size_t start = 0; start < hourly.size(); start += 168) {
    const std::size_t end = std::min(hourly.size(), start + 168);
    double sum = 0.0;
    for (std::size_t i = start; i < end; ++i) {
      sum += static_cast<double>(hourly[i]);
    }
    out.push_back(sum / static_cast<double>(end - start));
  }
  return out;
}

Trajectories trajectories(const physics::HallResult& r) {
  Trajectories t;
  t["inlet_temperature_C"] = {weekly_means(r.hourly.T_inlet_C), 0.05};
  t["supply_temperature_C"] = {weekly_means(r.hourly.T_supply_C), 0.05};
  t["facility_power_kW"] = {weekly_means(r.hourly.facility_kW), 1.0};
  t["compressor_power_kW"] = {weekly_means(r.hourly.compressor_kW), 1.0};
  t["water_L_per_h"] = {weekly_means(r.hourly.water_L), 5.0};
  t["annual"] = {{r.pue(), r.ere(), static_cast<double>(r.compressor_free_days),
                  r.free_cooling_hours, r.water_kg / 1000.0, r.heat_delivered_J / 3.6e9},
                 0.5};
  return t;
}

std::string format(const Trajectories& t, const std::string& hall) {
  std::ostringstream s;
  s.precision(9);
  s << "# Reference trajectories of hall " << hall << ", built-in Haidong park, stage 2027,\n"
    << "# haidong-park climate. Weekly means (52 full weeks and one day); annual: PUE, ERE,\n"
    << "# compressor-free days, free-cooling hours, water m3, heat delivered MWh.\n"
    << "# Regenerate only with the target regenerate-reference-trajectories.\n";
  for (const auto& [name, series] : t) {
    s << name;
    for (double v : series.first) {
      s << " " << v;
    }
    s << "\n";
  }
  return s.str();
}

std::map<std::string, std::vector<double>> parse(const std::string& text) {
  std::map<std::string, std::vector<double>> out;
  for (auto line : split(text, '\n')) {
    if (line.empty() || line.front() == '#') {
      continue;
    }
    const auto parts = split(trim(line), ' ');
    std::vector<double> v;
    for (std::size_t i = 1; i < parts.size(); ++i) {
      v.push_back(parse_double(parts[i]).value_or(NAN));
    }
    out[std::string(parts[0])] = v;
  }
  return out;
}

} // namespace

class TestReferenceTrajectories : public QObject {
  Q_OBJECT
  std::map<std::string, physics::HallResult> results_;

private slots:
  void initTestCase() {
    PARKTWIN_REQUIRE_SHARED_CLIMATE(dir);
    const auto scenario = model::Scenario::load(model::kBuiltinHaidong);
    const auto& park = scenario.park();
    const climate::ClimateCatalog catalog(dir);
    const physics::ClimateInput climate(model::haidong::park_climate_year(catalog));
    for (const char* id : {"mobile-2-h1", "silk-1a-h1", "telecom-1-h1"}) {
      physics::ParkRunOptions o;
      o.only_hall = id;
      results_[id] = physics::simulate_park(park, *park.find_stage("2027"), climate, o).halls.at(0);
    }
  }

  void compare_data() {
    QTest::addColumn<QString>("hall");
    QTest::newRow("air-cooled (indirect evaporative)") << "mobile-2-h1";
    QTest::newRow("liquid-cooled with heat recovery") << "silk-1a-h1";
    QTest::newRow("chilled water") << "telecom-1-h1";
  }
  void compare() {
    QFETCH(QString, hall);
    const auto& r = results_.at(hall.toStdString());
    QVERIFY2(r.ok, r.error.c_str());
    const Trajectories now = trajectories(r);
    const fs::path file = kDir / (hall.toStdString() + ".txt");
    if (const char* regen = std::getenv("PARKTWIN_REGENERATE_REFERENCES"); regen && *regen == '1') {
      write_file_atomically(file, format(now, hall.toStdString()));
      QSKIP("reference regenerated (explicit command); review the diff before committing");
    }
    QVERIFY2(fs::exists(file), file.c_str());
    const auto stored = parse(read_file(file));
    for (const auto& [name, series] : now) {
      const auto it = stored.find(name);
      QVERIFY2(it != stored.end(), name.c_str());
      QCOMPARE(it->second.size(), series.first.size());
      for (std::size_t i = 0; i < series.first.size(); ++i) {
        const double a = series.first[i], b = it->second[i];
        const double tol = series.second + 1e-3 * std::abs(b);
        QVERIFY2(std::abs(a - b) <= tol,
                 qPrintable(QString("%1[%2]: %3, reference %4").arg(name.c_str()).arg(i).arg(a).arg(b)));
      }
    }
  }
};

QTEST_GUILESS_MAIN(TestReferenceTrajectories)
#include "tst_reference_trajectories.moc"
