// Results files: the HDF5 layout of docs/results.md read back with the HDF5 API, units on every
// dataset, atomic writes; the CSV summary.

#include "synthetic_climate.hpp"

#include "parktwin/common/error.hpp"
#include "parktwin/common/text.hpp"
#include "parktwin/model/scenario.hpp"
#include "parktwin/physics/results_io.hpp"
#include "parktwin/physics/park_supply.hpp"

#include <H5Cpp.h>

#include <QTemporaryDir>
#include <QtTest>

#include <map>

#include <cmath>

using namespace parktwin;
using namespace parktwin::physics;
namespace fs = std::filesystem;

namespace {

std::string read_string_attribute(const H5::H5Object& o, const char* name) {
  H5::Attribute a = o.openAttribute(name);
  std::string s;
  a.read(a.getStrType(), s);
  return s;
}

double read_number_attribute(const H5::H5Object& o, const char* name) {
  double v = 0.0;
  o.openAttribute(name).read(H5::PredType::NATIVE_DOUBLE, &v);
  return v;
}

} // namespace

class TestResults : public QObject {
  Q_OBJECT
  model::Scenario scenario_ = model::Scenario::load(
      (fs::path(PARKTWIN_TEST_DATA_DIR) / "scenarios" / "maximal.json").string());

private slots:
  void hdf5LayoutAndUnits() {
    const auto& park = scenario_.park();
    const ClimateInput climate(test::seasonal_year());
    const ParkResult res = simulate_park(park, park.stages[0], climate);
    QCOMPARE(res.halls.size(), std::size_t{3});
    const SupplyYear supply = simulate_supply(park, park.stages[0], res, climate);
    QTemporaryDir dir;
    const fs::path out = dir.filePath("run.h5").toStdString();
    write_results_hdf5(out, park, res, {scenario_.to_text(), "maximal.json", "mild", "test climate", "abc", "test", "test settings"},
                       &supply);
    QCOMPARE(std::distance(fs::directory_iterator(dir.path().toStdString()), fs::directory_iterator()), 1);

    H5::H5File f(out.string(), H5F_ACC_RDONLY);
    H5::Group meta = f.openGroup("/meta");
    QCOMPARE(read_string_attribute(meta, "climate"), std::string("mild"));
    QCOMPARE(read_string_attribute(meta, "stage"), park.stages[0].id);
    H5::DataSet json = meta.openDataSet("scenario_json");
    std::vector<char> text(static_cast<std::size_t>(json.getSpace().getSimpleExtentNpoints()));
    json.read(text.data(), H5::PredType::NATIVE_CHAR);
    QCOMPARE(std::string(text.begin(), text.end()), scenario_.to_text());

    for (const auto& r : res.halls) {
      QVERIFY2(r.ok, r.error.c_str());
      H5::Group g = f.openGroup("/halls/" + r.hall_id);
      QCOMPARE(read_number_attribute(g, "PUE"), r.pue());
      QCOMPARE(read_string_attribute(g, "it_energy_unit"), std::string("J"));
      for (const char* name : {"inlet_temperature", "supply_temperature", "return_temperature",
                               "outdoor_dry_bulb", "outdoor_wet_bulb", "cooling_command", "it_power",
                               "facility_power", "compressor_power", "water", "mode", "pue"}) {
        H5::DataSet d = g.openDataSet(name);
        QCOMPARE(d.getSpace().getSimpleExtentNpoints(), hssize_t{8760});
        QVERIFY(!read_string_attribute(d, "unit").empty());
      }
      // The hourly IT power integrates to the annual IT energy.
      H5::DataSet it = g.openDataSet("it_power");
      std::vector<float> kW(8760);
      it.read(kW.data(), H5::PredType::NATIVE_FLOAT);
      double sum = 0.0;
      for (float x : kW) {
        sum += static_cast<double>(x) * 3.6e6;
      }
      QVERIFY(std::abs(sum / r.energy.it - 1.0) < 1e-5);
    }
    H5::Group p = f.openGroup("/park");
    QVERIFY(read_number_attribute(p, "PUE") > 1.0);
    // The one wing of the scenario has the park's figures; its peak is the highest summed hour.
    H5::Group w = f.openGroup("/wings/main");
    QCOMPARE(read_number_attribute(w, "facility_energy"), read_number_attribute(p, "facility_energy"));
    double sum_of_peaks = 0.0;
    for (const auto& r : res.halls) {
      sum_of_peaks += r.peak_facility_W;
    }
    QVERIFY(read_number_attribute(p, "peak_facility_power") <= sum_of_peaks * (1 + 1e-9));
    QVERIFY(read_number_attribute(p, "peak_facility_power") > 0.0);
    QCOMPARE(read_string_attribute(p.openDataSet("facility_power"), "unit"), std::string("kW"));
    // The supply year (issue 14): hourly series with units, closing in every hour; the ledger.
    H5::Group s = f.openGroup("/park/supply");
    QCOMPARE(read_number_attribute(s, "green_share"), supply.accounts.green_share);
    QCOMPARE(read_string_attribute(s, "CO2_market_unit"), std::string("kg"));
    std::map<std::string, std::vector<float>> col;
    for (const char* name : {"load", "pv", "wind", "contract", "storage_charge", "storage_discharge", "grid_import",
                             "exported", "curtailed"}) {
      H5::DataSet d = s.openDataSet(name);
      QCOMPARE(read_string_attribute(d, "unit"), std::string("kW"));
      col[name].resize(8760);
      d.read(col[name].data(), H5::PredType::NATIVE_FLOAT);
    }
    const auto at = [&](const char* name, std::size_t i) { return static_cast<double>(col[name][i]); };
    for (std::size_t i = 0; i < 8760; ++i) {
      const double in = at("pv", i) + at("wind", i) + at("contract", i) + at("storage_discharge", i) + at("grid_import", i);
      const double out_kW = at("load", i) + at("storage_charge", i) + at("exported", i) + at("curtailed", i);
      QVERIFY2(std::abs(in - out_kW) <= 1e-5 * std::max(1.0, out_kW), qPrintable(QString("hour %1").arg(i))); // float storage
    }
    H5::Group t = f.openGroup("/tenants/acme");
    for (const char* name : {"it_power", "facility_power", "green_power", "grid_power"}) {
      QCOMPARE(t.openDataSet(name).getSpace().getSimpleExtentNpoints(), hssize_t{8760});
    }
    QCOMPARE(t.openDataSet("monthly_certificates").getSpace().getSimpleExtentNpoints(), hssize_t{12});
  }

  /// Issue 16: halls with identical series store them once (hard links, series_shared_with), a
  /// hall that differs keeps its own; every series is shuffled and deflated at level 1.
  void identicalHallsShareTheirSeries() {
    const auto& park = scenario_.park();
    const ClimateInput climate(test::seasonal_year());
    ParkResult res = simulate_park(park, park.stages[0], climate);
    QCOMPARE(res.halls.size(), std::size_t{3});
    QVERIFY(res.halls[0].ok && res.halls[1].ok && res.halls[2].ok);
    const std::string first = res.halls[0].hall_id;
    const std::string second = res.halls[1].hall_id;
    const std::string third = res.halls[2].hall_id;
    res.halls[1] = res.halls[0];
    res.halls[1].hall_id = second;
    res.halls[2] = res.halls[0];
    res.halls[2].hall_id = third;
    res.halls[2].hourly.water_L[100] += 1.0F; // one value differs: not shared
    QTemporaryDir dir;
    const fs::path out = dir.filePath("run.h5").toStdString();
    write_results_hdf5(out, park, res, {scenario_.to_text(), "maximal.json", "mild", "test climate", "abc", "test", "test settings"});
    H5::H5File f(out.string(), H5F_ACC_RDONLY);
    H5::Group a = f.openGroup("/halls/" + first);
    H5::Group b = f.openGroup("/halls/" + second);
    H5::Group c = f.openGroup("/halls/" + third);
    QVERIFY(!a.attrExists("series_shared_with"));
    QCOMPARE(read_string_attribute(b, "series_shared_with"), first);
    QVERIFY(!c.attrExists("series_shared_with"));
    const auto links = [](const H5::Group& g, const char* name) {
      H5O_info_t info{};
      H5Oget_info_by_name2(g.getId(), name, &info, H5O_INFO_BASIC, H5P_DEFAULT);
      return info.rc;
    };
    for (const char* name : {"it_power", "mode", "pue", "switch_time", "water"}) {
      QCOMPARE(links(a, name), 2U); // the first hall's and the second's
      QCOMPARE(links(c, name), 1U);
    }
    // Read like any dataset, with its units, and the per-hall attributes stay the hall's own.
    std::vector<float> x(8760), y(8760);
    a.openDataSet("facility_power").read(x.data(), H5::PredType::NATIVE_FLOAT);
    b.openDataSet("facility_power").read(y.data(), H5::PredType::NATIVE_FLOAT);
    QVERIFY(x == y);
    QCOMPARE(read_string_attribute(b.openDataSet("facility_power"), "unit"), std::string("kW"));
    QCOMPARE(read_number_attribute(b, "PUE"), res.halls[1].pue());
    // Filters: shuffle, then deflate at level 1.
    const H5::DSetCreatPropList props = a.openDataSet("it_power").getCreatePlist();
    QCOMPARE(props.getNfilters(), 2);
    unsigned flags = 0, config = 0;
    std::size_t n = 1;
    unsigned level = 0;
    char name[32];
    QCOMPARE(props.getFilter(0, flags, n, &level, sizeof name, name, config), H5Z_FILTER_SHUFFLE);
    n = 1;
    QCOMPARE(props.getFilter(1, flags, n, &level, sizeof name, name, config), H5Z_FILTER_DEFLATE);
    QCOMPARE(level, 1U);
  }

  void failedWriteLeavesNothing() {
    const auto& park = scenario_.park();
    const ParkResult empty;
    QVERIFY_THROWS_EXCEPTION(IoError, write_results_hdf5("/no/such/folder/run.h5", park, empty, {}));
  }

  void csvSummary() {
    const auto& park = scenario_.park();
    const ClimateInput climate(test::seasonal_year());
    const ParkResult res = simulate_park(park, park.stages[0], climate);
    QTemporaryDir dir;
    write_results_csv(dir.path().toStdString(), res);
    const std::string csv = read_file(fs::path(dir.path().toStdString()) / "summary.csv");
    const auto lines = split(csv, '\n');
    QCOMPARE(lines.size(), std::size_t{5}); // header, 3 halls, trailing empty
    QVERIFY(lines[1].rfind("h1,main,ok,", 0) == 0);
    QCOMPARE(split(lines[0], ',').size(), split(lines[1], ',').size());
  }
};

QTEST_GUILESS_MAIN(TestResults)
#include "tst_results.moc"
