// Uncertain parameters (docs/uncertainty.md): the built-in declarations, how a draw moves a
// value (offset, factor, the schema's default where the scenario has none), refusals, and the
// Latin hypercube they are drawn from.

#include "uncertain_parameters.hpp"

#include "parktwin/common/error.hpp"
#include "parktwin/common/text.hpp"
#include "parktwin/config.hpp"
#include "parktwin/model/scenario.hpp"
#include "parktwin/model/sweep_plan.hpp"
#include "parktwin/model/uncertainty.hpp"

#include <QtTest>

#include <set>

using namespace parktwin;
using model::Json;
using model::UncertaintySet;

namespace {

UncertaintySet set_of(std::initializer_list<Json> params) {
  Json doc{{"parameters", Json::array()}};
  for (const auto& p : params) {
    doc["parameters"].push_back(p);
  }
  return UncertaintySet::parse(doc, "test");
}

std::string input_error(const Json& doc) {
  try {
    (void)UncertaintySet::parse(doc, "test.json");
  } catch (const InputError& e) {
    return e.what();
  }
  return {};
}

} // namespace

class TestUncertainty : public QObject {
  Q_OBJECT

private slots:
  void builtinSetIsSourcedAndReachesThePark() {
    const UncertaintySet& b = UncertaintySet::builtin();
    QVERIFY(b.parameters.size() >= 10);
    // Every declared parameter moves something in the built-in park (none is read and ignored).
    const Json doc = model::Scenario::load(model::kBuiltinHaidong).document();
    for (const auto& p : b.parameters) {
      QVERIFY2(!p.source.empty() && !p.title_en.empty() && !p.title_zh.empty(), p.name.c_str());
      QVERIFY2(p.low < p.high, p.name.c_str());
      QVERIFY2(!p.path.places(doc).empty(), p.name.c_str());
    }
    // And a draw anywhere in the ranges makes a valid scenario (corners included).
    for (const double u : {0.0, 0.5, 0.999999}) {
      Json d = doc;
      QVERIFY(b.apply(d, std::vector<double>(b.parameters.size(), u)) > 48);
      (void)model::Scenario::from_document(d, "corner");
    }
  }

  void everyBuiltinParameterIsDocumented() {
    const std::string doc = read_file(PARKTWIN_SOURCE_DIR "/docs/uncertainty.md");
    for (const auto& p : UncertaintySet::builtin().parameters) {
      QVERIFY2(doc.find("`" + p.name + "`") != std::string::npos, p.name.c_str());
    }
  }

  void offsetAndScaleMoveEveryPlace() {
    Json doc = Json::parse(test::kOneHallScenario);
    const auto s = set_of({test::uncertain_parameter("t", "halls[*].air.supply_air_C", "offset", -1.0, 1.0),
                           test::uncertain_parameter("u", "rack_groups[*].utilisation", "scale", 0.8, 1.2)});
    QCOMPARE(s.apply(doc, {0.75, 0.25}), std::size_t(2));
    const Json& hall = doc["wings"][0]["buildings"][0]["halls"][0];
    // The scenario has no supply_air_C: the schema's default (24 C) moved by +0.5 K.
    QCOMPARE(hall["air"]["supply_air_C"].get<double>(), 24.5);
    QCOMPARE(hall["rack_groups"][0]["utilisation"].get<double>(), 0.5 * 0.9);
    QCOMPARE(s.parameters[0].move(0.75), 0.5);
    QCOMPARE(s.parameters[1].move(0.25), 0.9);
  }

  void aDrawOutsideTheFieldsRangeIsRefused() {
    Json doc = Json::parse(test::kOneHallScenario);
    const auto s = set_of({test::uncertain_parameter("eff", "halls[*].cooling.air_system.indirect_evaporative.wet_bulb_effectiveness",
                               "offset", 0.2, 0.4)});
    try {
      s.apply(doc, {0.5});
      QFAIL("a wet-bulb effectiveness of 1.0 was accepted");
    } catch (const InputError& e) {
      const std::string what = e.what();
      QVERIFY2(what.find("uncertain parameter eff") != std::string::npos, e.what());
      QVERIFY2(what.find("wet_bulb_effectiveness") != std::string::npos, e.what());
    }
  }

  void malformedDeclarationsSayWhatIsWrong_data() {
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("message");
    const auto text = [](const Json& j) { return QString::fromStdString(j.dump()); };
    const auto wrap = [](Json p) { return Json{{"parameters", Json::array({std::move(p)})}}; };
    Json p = test::uncertain_parameter("a", "halls[*].air.supply_air_C", "offset", -1, 1);
    QTest::newRow("not an object") << "[1, 2]" << "an array \"parameters\"";
    Json k = p;
    k["mean"] = 0;
    QTest::newRow("unknown key") << text(wrap(k)) << "unknown key \"mean\"";
    Json lh = test::uncertain_parameter("a", "halls[*].air.supply_air_C", "offset", 1, -1);
    QTest::newRow("low above high") << text(wrap(lh)) << "is above high";
    QTest::newRow("text field") << text(wrap(test::uncertain_parameter("a", "halls[*].stage", "offset", 0, 1))) << "only numbers";
    QTest::newRow("unknown path") << text(wrap(test::uncertain_parameter("a", "halls[*].air.nope", "offset", 0, 1))) << "nope";
    QTest::newRow("kind") << text(wrap(test::uncertain_parameter("a", "halls[*].air.supply_air_C", "normal", 0, 1))) << "offset or scale";
    QTest::newRow("scale at zero") << text(wrap(test::uncertain_parameter("a", "halls[*].air.supply_air_C", "scale", 0, 1))) << "above 0";
    Json ns = p;
    ns.erase("source");
    QTest::newRow("no source") << text(wrap(ns)) << "\"source\"";
    Json nz = p;
    nz["title"].erase("zh");
    QTest::newRow("no Chinese title") << text(wrap(nz)) << "English and Chinese";
    QTest::newRow("infinite range") << text(wrap(test::uncertain_parameter("a", "halls[*].air.supply_air_C", "offset", -1e308, 1e308)))
                                    << "not a finite number";
    Json two{{"parameters", Json::array({p, p})}};
    QTest::newRow("duplicate") << text(two) << "a second parameter named \"a\"";
  }
  void malformedDeclarationsSayWhatIsWrong() {
    QFETCH(QString, json);
    QFETCH(QString, message);
    const std::string what = input_error(Json::parse(json.toStdString()));
    QVERIFY2(what.find(message.toStdString()) != std::string::npos, what.c_str());
    QVERIFY2(what.find("test.json") != std::string::npos, what.c_str());
  }

  void aFileWithBadJsonNamesItsLine() {
    QTemporaryDir tmp;
    const QString f = tmp.filePath("u.json");
    QFile file(f);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{\n  \"parameters\": [\n    {,\n  ]\n}\n");
    file.close();
    try {
      (void)UncertaintySet::load(f.toStdString());
      QFAIL("accepted");
    } catch (const InputError& e) {
      QVERIFY2(std::string(e.what()).find("u.json:3") != std::string::npos, e.what());
    }
  }

  void latinHypercubeHoldsOnePointPerStratum() {
    const auto c = model::LatinHypercube::draw(3, 40, 11);
    for (std::size_t d = 0; d < 3; ++d) {
      std::set<long> strata;
      for (std::size_t s = 0; s < 40; ++s) {
        const double u = c.u(d, s);
        QVERIFY(u >= 0.0 && u < 1.0);
        strata.insert(static_cast<long>(u * 40.0));
      }
      QCOMPARE(strata.size(), std::size_t(40));
    }
    // Pinned: sweeps and bands of a given seed must draw the same points in every release (a
    // sweep's variants are identified by them); these are std::mt19937_64's, seed 1.
    const auto pinned = model::LatinHypercube::draw(2, 3, 1);
    QCOMPARE(pinned.u(0, 0), 0.48373830128151268);
    QCOMPARE(pinned.u(0, 1), 0.0070080761389090069);
    QCOMPARE(pinned.u(1, 2), 0.21174373943791203);
    const auto same = model::LatinHypercube::draw(3, 40, 11);
    const auto other = model::LatinHypercube::draw(3, 40, 12);
    QCOMPARE(same.u(2, 17), c.u(2, 17));
    QVERIFY(other.u(0, 0) != c.u(0, 0) || other.u(1, 0) != c.u(1, 0));
  }
};

QTEST_GUILESS_MAIN(TestUncertainty)
#include "tst_uncertainty.moc"
