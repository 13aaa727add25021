// The built-in Haidong scenario against the park plan's figures (PARK_FACTS.md).

#include "parktwin/model/geometry.hpp"
#include "parktwin/model/scenario.hpp"

#include <QtTest>

#include <cmath>

using namespace parktwin::model;

namespace {

struct StageTotals {
  double standard_racks = 0.0;
  double occupied_W = 0.0;
  double design_W = 0.0;
};

StageTotals totals(const Park& park, const std::string& stage_id) {
  const Stage& stage = *park.find_stage(stage_id);
  StageTotals t;
  for (const auto& w : park.wings) {
    for (const auto& b : w.buildings) {
      for (const auto& h : b.halls) {
        if (park.service_year(h) > stage.year) {
          continue;
        }
        t.standard_racks += h.standard_racks();
        for (const auto& g : h.rack_groups) {
          t.design_W += g.design_power_W();
          t.occupied_W += g.design_power_W() * Park::occupancy(g, stage);
        }
      }
    }
  }
  return t;
}

const Wing& wing(const Park& p, const std::string& id) {
  for (const auto& w : p.wings) {
    if (w.id == id) {
      return w;
    }
  }
  throw std::runtime_error("no wing " + id);
}

bool has_building(const Park& p, const std::string& id) {
  for (const auto& w : p.wings) {
    for (const auto& b : w.buildings) {
      if (b.id == id) {
        return true;
      }
    }
  }
  return false;
}

} // namespace

class TestHaidong : public QObject {
  Q_OBJECT
  Scenario s_ = Scenario::load(kBuiltinHaidong);

private slots:
  void validates() { QVERIFY(Scenario::check(s_.document()).empty()); }

  void stageTotalsMatchThePlan_data() {
    QTest::addColumn<QString>("stage");
    QTest::addColumn<double>("standard_racks");
    QTest::addColumn<double>("occupancy");
    // Plan 1.(1).6 (end-2024) and 2.(4) Table 1 (2027, 2030).
    QTest::newRow("2024") << "2024" << 22000.0 << 0.76;
    QTest::newRow("2027") << "2027" << 100000.0 << 0.65;
    QTest::newRow("2030") << "2030" << 200000.0 << 0.70;
  }
  void stageTotalsMatchThePlan() {
    QFETCH(QString, stage);
    QFETCH(double, standard_racks);
    QFETCH(double, occupancy);
    const StageTotals t = totals(s_.park(), stage.toStdString());
    // Racks come in whole numbers of whole-kW designs: within 10 standard racks (0.01 %).
    QVERIFY2(std::abs(t.standard_racks - standard_racks) <= 10.0,
             qPrintable(QString::number(t.standard_racks, 'f', 1)));
    QVERIFY(std::abs(t.occupied_W / t.design_W - occupancy) < 1e-12);
  }

  void wingAreasMatchThePlan_data() {
    QTest::addColumn<QString>("id");
    QTest::addColumn<double>("mu");
    QTest::newRow("West 631 mu") << "west" << 631.0;
    QTest::newRow("East 1,378 mu") << "east" << 1378.0;
    QTest::newRow("North 1,592 mu") << "north" << 1592.0;
  }
  void wingAreasMatchThePlan() {
    QFETCH(QString, id);
    QFETCH(double, mu);
    const double area_mu = area_m2(wing(s_.park(), id.toStdString()).boundary) * 15.0 / 10000.0;
    QVERIFY2(std::abs(area_mu - mu) < 0.01 * mu, qPrintable(QString::number(area_mu)));
  }

  void substationOpenCapacityMatchesThePlan_data() {
    QTest::addColumn<QString>("id");
    QTest::addColumn<int>("year");
    QTest::addColumn<double>("MVA");
    // Plan 2.(5).2: West 55 MVA open now, 1,285 by 2030; East 830 now, 3,060 by 2030; North 25.
    QTest::newRow("West now") << "west" << 2024 << 55.0;
    QTest::newRow("West 2027 (+1,200)") << "west" << 2027 << 1255.0;
    QTest::newRow("West 2030") << "west" << 2030 << 1285.0;
    QTest::newRow("East now") << "east" << 2024 << 830.0;
    QTest::newRow("East 2030") << "east" << 2030 << 3060.0;
    QTest::newRow("North") << "north" << 2030 << 25.0;
  }
  void substationOpenCapacityMatchesThePlan() {
    QFETCH(QString, id);
    QFETCH(int, year);
    QFETCH(double, MVA);
    QCOMPARE(wing(s_.park(), id.toStdString()).open_capacity_in_VA(year), MVA * 1e6);
  }

  void namedProjectsArePresent() {
    for (const char* id : {"telecom-1", "mobile-1", "datalake-1", "telecom-2", "mobile-2", "mobile-3",
                           "silk-1a", "silk-1b", "huarui", "zhongke"}) {
      QVERIFY2(has_building(s_.park(), id), id);
    }
    // China Mobile phases 2-3: 10,000 racks of 10 kW.
    double mobile_racks = 0.0;
    for (const auto& b : wing(s_.park(), "west").buildings) {
      if (b.id == "mobile-2" || b.id == "mobile-3") {
        for (const auto& h : b.halls) {
          for (const auto& g : h.rack_groups) {
            QCOMPARE(g.design_power_W_per_rack, 10000.0);
            mobile_racks += g.count;
          }
        }
      }
    }
    QCOMPARE(mobile_racks, 10000.0);
  }

  void everyElementNamesItsSource() {
    const auto check = [](const std::string& what, const std::string& source) {
      QVERIFY2(!source.empty(), (what + " has no source").c_str());
    };
    const Park& p = s_.park();
    for (const auto& st : p.stages) {
      check("stage " + st.id, st.source);
    }
    for (const auto& w : p.wings) {
      check("wing " + w.id, w.source);
      for (const auto& s : w.substations) {
        check("substation " + s.id, s.source);
      }
      for (const auto& b : w.buildings) {
        check("building " + b.id, b.source);
        for (const auto& h : b.halls) {
          check("hall " + h.id, h.source);
          for (const auto& g : h.rack_groups) {
            check("rack group " + h.id + "/" + g.id, g.source);
          }
        }
      }
    }
    QVERIFY(p.layout_note.find("chematic") != std::string::npos);
  }
};

QTEST_GUILESS_MAIN(TestHaidong)
#include "tst_haidong.moc"
