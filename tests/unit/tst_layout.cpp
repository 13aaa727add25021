// Layout edits of a scenario document (model/layout.hpp): each makes a valid document by the
// model's own rules, or names why not and leaves the document as it was.

#include "parktwin/model/geometry.hpp"
#include "parktwin/model/layout.hpp"
#include "parktwin/model/scenario.hpp"

#include <QtTest>

#include <cmath>
#include <optional>

using namespace parktwin::model;
namespace layout = parktwin::model::layout;

namespace {

const Json& haidong() {
  static const Json doc = Scenario::load(kBuiltinHaidong).document();
  return doc;
}

const Building* find_building(const Park& park, const std::string& id) {
  for (const auto& w : park.wings) {
    for (const auto& b : w.buildings) {
      if (b.id == id) {
        return &b;
      }
    }
  }
  return nullptr;
}

const Hall* find_hall(const Park& park, const std::string& id) {
  for (const auto& w : park.wings) {
    for (const auto& b : w.buildings) {
      for (const auto& h : b.halls) {
        if (h.id == id) {
          return &h;
        }
      }
    }
  }
  return nullptr;
}

QString problems(const layout::Change& c) {
  QStringList out;
  for (const auto& p : c.problems) {
    out << QString::fromStdString(p.path + ": " + p.message);
  }
  return out.join("; ");
}

} // namespace

class TestLayout : public QObject {
  Q_OBJECT

private slots:
  void locateFindsEveryKindAndRackGroupsByTheirHall() {
    const auto w = layout::locate(haidong(), "east");
    QVERIFY(w && w->kind == layout::Kind::Wing);
    const auto b = layout::locate(haidong(), "silk-1a");
    QVERIFY(b && b->kind == layout::Kind::Building);
    QCOMPARE(QString::fromStdString(b->pointer), QString("/wings/1/buildings/0"));
    const auto h = layout::locate(haidong(), "silk-1a-h2");
    QVERIFY(h && h->kind == layout::Kind::Hall);
    const std::string group = "silk-1a-h2/" + haidong()[Json::json_pointer(h->pointer)]["rack_groups"][0]["id"].get<std::string>();
    const auto g = layout::locate(haidong(), group);
    QVERIFY(g && g->kind == layout::Kind::RackGroup);
    QCOMPARE(layout::id_at(haidong(), g->pointer), group);
    QVERIFY(!layout::locate(haidong(), "no-such-thing"));
    QVERIFY(!layout::locate(haidong(), ""));
  }

  void addABuildingWithAHallToTheEastWing() {
    const auto c = layout::add_building(haidong(), "east");
    QVERIFY2(c.ok(), qPrintable(problems(c)));
    const Scenario s = Scenario::from_document(c.document, "test");
    const Building* b = find_building(s.park(), c.id);
    QVERIFY(b != nullptr);
    QCOMPARE(b->halls.size(), std::size_t(1));
    // Inside the wing, clear of the others by the clearance.
    const Wing& east = s.park().wings[1];
    QVERIFY(contains(east.boundary, b->footprint));
    const Box nb = bounding_box(b->footprint);
    for (const auto& o : east.buildings) {
      if (o.id == b->id) {
        continue;
      }
      const Box ob = bounding_box(o.footprint);
      const bool apart = nb.x0 >= ob.x1 + layout::kClearance_m || ob.x0 >= nb.x1 + layout::kClearance_m ||
                         nb.y0 >= ob.y1 + layout::kClearance_m || ob.y0 >= nb.y1 + layout::kClearance_m;
      QVERIFY2(apart, qPrintable(QString::fromStdString(o.id)));
    }
    // Its hall: in the default stage, racks of the first template, fits the building.
    const Hall& h = b->halls[0];
    QCOMPARE(QString::fromStdString(h.stage_id), QString("2030"));
    QCOMPARE(h.rack_groups[0].design_power_W_per_rack, layout::rack_templates().front().rack_group["design_kW_per_rack"].get<double>() * 1e3);
    QVERIFY(h.floor_area_m2 <= area_m2(b->footprint) * b->floors);
    QVERIFY(std::holds_alternative<IndirectEvaporative>(h.cooling.air_system));
    // Nothing else changed.
    Json back = c.document;
    back["wings"][1]["buildings"].erase(back["wings"][1]["buildings"].size() - 1);
    QCOMPARE(back, haidong());
  }

  void aFullWingRefusesAnotherBuilding() {
    Json doc = haidong();
    // The north wing shrunk to its two container yards.
    doc["wings"][2]["boundary_m"] = {{0, 1100}, {130, 1100}, {130, 1150}, {0, 1150}};
    doc["wings"][2].erase("plan_area_mu");
    QVERIFY(Scenario::check(doc).empty());
    const auto c = layout::add_building(doc, "north");
    QVERIFY(!c.ok());
    QVERIFY2(problems(c).contains("has no free place"), qPrintable(problems(c)));
    QCOMPARE(c.document, doc);
  }

  void addAHallUntilTheBuildingIsFull() {
    Json doc = layout::add_building(haidong(), "east").document;
    const std::string b = doc["wings"][1]["buildings"].back()["id"];
    // 2 floors of 2,400 m2: the first hall took 3,600 m2 (75 %), a second takes the 1,200 left.
    auto c = layout::add_hall(doc, b);
    QVERIFY2(c.ok(), qPrintable(problems(c)));
    QCOMPARE(c.document["wings"][1]["buildings"].back()["halls"].size(), std::size_t(2));
    QCOMPARE(c.document["wings"][1]["buildings"].back()["halls"][1]["floor_area_m2"].get<double>(), 1200.0);
    const auto full = layout::add_hall(c.document, b);
    QVERIFY(!full.ok());
    QVERIFY2(problems(full).contains("no floor area left"), qPrintable(problems(full)));
    QCOMPARE(full.document, c.document);
  }

  void duplicateMakesNewIdsBesideTheOriginal() {
    const auto c = layout::duplicate(haidong(), "silk-1a");
    QVERIFY2(c.ok(), qPrintable(problems(c)));
    QCOMPARE(QString::fromStdString(c.id), QString("silk-1a-2"));
    const Scenario s = Scenario::from_document(c.document, "test");
    const Building* copy = find_building(s.park(), "silk-1a-2");
    QVERIFY(copy != nullptr);
    QCOMPARE(copy->halls.size(), std::size_t(4));
    QVERIFY(find_hall(s.park(), "silk-1a-2-h1") != nullptr);
    QVERIFY(find_hall(s.park(), "silk-1a-h1") != nullptr);
    // A hall and a rack group.
    const auto h = layout::duplicate(haidong(), "north-1-h1");
    // A container yard of one floor has no room for a second hall of the same size.
    QVERIFY(!h.ok());
    QVERIFY2(problems(h).contains("exceeds the building's floor area"), qPrintable(problems(h)));
    const auto big = layout::duplicate(haidong(), "silk-1a-h1"); // 4 x 2,250 m2 in 12,245 m2
    QVERIFY2(big.ok(), qPrintable(problems(big)));
    QCOMPARE(QString::fromStdString(big.id), QString("silk-1a-h1-2"));
    const std::string group = "silk-1a-h1/" + haidong()["wings"][1]["buildings"][0]["halls"][0]["rack_groups"][0]["id"].get<std::string>();
    const auto g = layout::duplicate(haidong(), group);
    QVERIFY2(g.ok(), qPrintable(problems(g)));
    QCOMPARE(QString::fromStdString(g.id), QString::fromStdString(group + "-2"));
    const auto w = layout::duplicate(haidong(), "north");
    QVERIFY2(w.ok(), qPrintable(problems(w)));
    QCOMPARE(w.document["wings"].size(), std::size_t(4));
  }

  void deleteAndItsLimits() {
    auto c = layout::remove(haidong(), "silk-1b");
    QVERIFY2(c.ok(), qPrintable(problems(c)));
    QVERIFY(!layout::locate(c.document, "silk-1b"));
    QCOMPARE(QString::fromStdString(c.id), QString("east")); // the selection goes to the wing
    c = layout::remove(haidong(), "silk-1b-h2");
    QVERIFY2(c.ok(), qPrintable(problems(c)));
    QCOMPARE(QString::fromStdString(c.id), QString("silk-1b"));
    // The only hall of a building: delete the building instead.
    const auto last = layout::remove(haidong(), "north-1-h1");
    QVERIFY(!last.ok());
    QVERIFY2(problems(last).contains("delete the building instead"), qPrintable(problems(last)));
    QCOMPARE(last.document, haidong());
    QVERIFY(!layout::remove(haidong(), "nothing").ok());
  }

  void movesAreCheckedByTheModelsRules() {
    // Onto its neighbour: overlaps.
    const Json& b1b = haidong()["wings"][1]["buildings"][1];
    auto c = layout::move_building(haidong(), "silk-1a", {b1b["position_m"][0].get<double>() + 10, 20});
    QVERIFY(!c.ok());
    QVERIFY2(problems(c).contains("building 'silk-1b' overlaps building 'silk-1a'"), qPrintable(problems(c)));
    // Out of its wing.
    c = layout::move_building(haidong(), "silk-1a", {500, 20});
    QVERIFY(!c.ok());
    QVERIFY2(problems(c).contains("is not inside the boundary of wing 'east'"), qPrintable(problems(c)));
    // To a free place: valid, and only the position changed.
    c = layout::move_building(haidong(), "silk-1a", {920, 700});
    QVERIFY2(c.ok(), qPrintable(problems(c)));
    QCOMPARE(c.document["wings"][1]["buildings"][0]["position_m"], Json({920.0, 700.0}));
    const auto s = layout::snap({921.4, 697.6});
    QCOMPARE(s.x_m, 920.0);
    QCOMPARE(s.y_m, 700.0);
  }

  void rotationKeepsTheShapeAndTurnsIt() {
    // At the wing's south edge a quarter turn pokes out of it (155 m long, 79 m deep).
    auto c = layout::rotate_building(haidong(), "silk-1a", 90);
    QVERIFY(!c.ok());
    QVERIFY2(problems(c).contains("is not inside the boundary of wing 'east'"), qPrintable(problems(c)));
    // Moved north first, it turns.
    c = layout::rotate_building(layout::move_building(haidong(), "silk-1a", {920, 700}).document, "silk-1a", 90);
    QVERIFY2(c.ok(), qPrintable(problems(c)));
    const Polygon before = translated({{0, 0}, {155, 0}, {155, 79}, {0, 79}}, {920, 700});
    const Scenario s = Scenario::from_document(c.document, "t");
    const Building* b = find_building(s.park(), "silk-1a");
    QVERIFY(std::abs(area_m2(b->footprint) - area_m2(before)) < 0.01);
    const Box bb = bounding_box(b->footprint);
    QVERIFY(std::abs((bb.x1 - bb.x0) - 79) < 0.01); // 155 m east-west became 155 m north-south
    QVERIFY(std::abs((bb.y1 - bb.y0) - 155) < 0.01);
    // Four quarter turns give the footprint back.
    const Json moved = layout::move_building(haidong(), "silk-1a", {920, 700}).document;
    Json d = moved;
    for (int k = 0; k < 4; ++k) {
      d = layout::rotate_building(d, "silk-1a", 90).document;
    }
    QCOMPARE(d, moved);
  }

  void footprintVertexEdits() {
    // Pull one corner of silk-1a 10 m further east: a valid trapezoid.
    auto c = layout::set_footprint_vertex(haidong(), "silk-1a", 1, {145, 0});
    QVERIFY2(c.ok(), qPrintable(problems(c)));
    // Across the opposite edge: not a simple polygon.
    c = layout::set_footprint_vertex(haidong(), "silk-1a", 1, {100, 150});
    QVERIFY(!c.ok());
    QVERIFY2(problems(c).contains("not a simple polygon"), qPrintable(problems(c)));
    QVERIFY(!layout::set_footprint_vertex(haidong(), "silk-1a", 9, {0, 0}).ok());
  }

  void coolingKindsStartFromTheSchemasDefaults() {
    auto c = layout::set_air_system(haidong(), "silk-1a-h1", "chilled_water");
    QVERIFY2(c.ok(), qPrintable(problems(c)));
    std::optional<Scenario> s = Scenario::from_document(c.document, "t");
    const Hall* h = find_hall(s->park(), "silk-1a-h1");
    QVERIFY(std::holds_alternative<ChilledWater>(h->cooling.air_system));
    QCOMPARE(c.document["wings"][1]["buildings"][0]["halls"][0]["cooling"]["air_system"], Json({{"chilled_water", Json::object()}}));
    QVERIFY(!layout::set_air_system(haidong(), "silk-1a-h1", "ice_blocks").ok());
    // Every kind the schema defines, for an air-cooled hall and a liquid-cooled one.
    for (const char* hall : {"mobile-2-h1", "silk-1a-h1", "telecom-1-h1"}) {
      for (const char* kind : {"chilled_water", "direct_air_economizer", "indirect_evaporative"}) {
        const auto k = layout::set_air_system(haidong(), hall, kind);
        QVERIFY2(k.ok(), qPrintable(QString("%1 %2: %3").arg(hall, kind, problems(k))));
      }
    }
    // Liquid off: the groups' liquid shares go to 0 and heat recovery goes with it.
    c = layout::set_liquid_cooling(haidong(), "silk-1a-h1", false);
    QVERIFY2(c.ok(), qPrintable(problems(c)));
    s = Scenario::from_document(c.document, "t");
    h = find_hall(s->park(), "silk-1a-h1");
    QVERIFY(!h->cooling.liquid && !h->cooling.heat_recovery);
    for (const auto& g : h->rack_groups) {
      QCOMPARE(g.liquid_fraction, 0.0);
    }
    // And on again: cold plates with the schema's defaults, groups at the default share.
    c = layout::set_liquid_cooling(c.document, "silk-1a-h1", true);
    QVERIFY2(c.ok(), qPrintable(problems(c)));
    s = Scenario::from_document(c.document, "t");
    h = find_hall(s->park(), "silk-1a-h1");
    QVERIFY(h->cooling.liquid && h->cooling.liquid->technology == LiquidTechnology::ColdPlate);
    QCOMPARE(h->rack_groups[0].liquid_fraction, layout::kDefaultLiquidFraction);
  }

  void rackTemplatesAreValidRackGroupsWithSources() {
    QVERIFY(layout::rack_templates().size() >= 3);
    double highest = 0;
    for (const auto& t : layout::rack_templates()) {
      QVERIFY(!t.source.empty() && !t.name.empty() && !t.name_zh.empty());
      const auto c = layout::add_rack_group(haidong(), "silk-1a-h1", t.key, 10);
      QVERIFY2(c.ok(), qPrintable(QString::fromStdString(t.key) + ": " + problems(c)));
      QVERIFY(layout::locate(c.document, c.id).has_value());
      highest = std::max(highest, t.rack_group["design_kW_per_rack"].get<double>());
    }
    QVERIFY(highest >= 120); // a GB200 NVL72-class rack
    QVERIFY(!layout::add_rack_group(haidong(), "silk-1a-h1", "no-such", 10).ok());
  }

  void addAWing() {
    const auto c = layout::add_wing(haidong());
    QVERIFY2(c.ok(), qPrintable(problems(c)));
    const auto b = layout::add_building(c.document, c.id);
    QVERIFY2(b.ok(), qPrintable(problems(b)));
  }
};

QTEST_APPLESS_MAIN(TestLayout)
#include "tst_layout.moc"
