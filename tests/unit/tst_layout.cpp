// Layout edits of a scenario document (model/layout.hpp): each makes a valid document by the
// model's own rules, or names why not and leaves the document as it was.

#include "parktwin/model/geometry.hpp"
#include "parktwin/model/layout.hpp"
#include "parktwin/model/scenario.hpp"

#include <QtTest>

#include <algorithm>
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

  void aValidChangeCarriesTheScenarioItBuilt() {
    // The taker of a change (the studio's Document) uses the scenario built by the check instead
    // of checking and building the document again: it must be that document's, and refused
    // changes carry none.
    const auto c = layout::add_building(haidong(), "east");
    QVERIFY2(c.ok(), qPrintable(problems(c)));
    QVERIFY(c.scenario != nullptr);
    QCOMPARE(c.scenario->document(), c.document);
    const auto again = Scenario::from_document(c.document, "again");
    QCOMPARE(c.scenario->park().wings[1].buildings.size(), again.park().wings[1].buildings.size());
    QCOMPARE(c.scenario->park().wings[1].buildings.back().id, c.id);
    const auto bad = layout::remove(haidong(), "no-such-thing");
    QVERIFY(!bad.ok());
    QVERIFY(bad.scenario == nullptr);
    // Scenario::build is check() and from_document() in one pass: the same problems.
    Json broken = haidong();
    broken["wings"][0]["buildings"][0]["height_m"] = -1;
    std::vector<Problem> found;
    QVERIFY(!Scenario::build(broken, "broken", found));
    const auto checked = Scenario::check(broken);
    QCOMPARE(found.size(), checked.size());
    QVERIFY(!found.empty());
    QCOMPARE(found.front().message, checked.front().message);
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
    // 2 floors of 2,400 m2: the first hall took 1,800 m2 of the ground floor (75 %), laid out.
    QCOMPARE(doc["wings"][1]["buildings"].back()["halls"][0]["floor_area_m2"].get<double>(), 1800.0);
    QVERIFY(doc["wings"][1]["buildings"].back()["halls"][0].contains("layout"));
    // A second takes the floor above, and both are laid out again, one a floor.
    auto c = layout::add_hall(doc, b);
    QVERIFY2(c.ok(), qPrintable(problems(c)));
    const Json& halls = c.document["wings"][1]["buildings"].back()["halls"];
    QCOMPARE(halls.size(), std::size_t(2));
    QCOMPARE(halls[1]["floor_area_m2"].get<double>(), 1800.0);
    QCOMPARE(halls[0]["layout"]["floor"].get<int>(), 1);
    QCOMPARE(halls[1]["layout"]["floor"].get<int>(), 2);
    // A third (the 1,200 m2 left) would share the ground floor with the first: they do not fit.
    const auto third = layout::add_hall(c.document, b);
    QVERIFY(!third.ok());
    QVERIFY2(problems(third).contains("is larger than its part of floor 1"), qPrintable(problems(third)));
    // Without layouts, the floor area is what counts: a fourth hall has none left.
    Json bare = c.document;
    for (auto& h : bare["wings"][1]["buildings"].back()["halls"]) {
      h.erase("layout");
    }
    const auto three = layout::add_hall(bare, b);
    QVERIFY2(three.ok(), qPrintable(problems(three)));
    const auto full = layout::add_hall(three.document, b);
    QVERIFY(!full.ok());
    QVERIFY2(problems(full).contains("no floor area left"), qPrintable(problems(full)));
    QCOMPARE(full.document, three.document);
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
    // A second group of 750 racks does not fit the hall's rows: refused, with the reason.
    const std::string group = "silk-1a-h1/" + haidong()["wings"][1]["buildings"][0]["halls"][0]["rack_groups"][0]["id"].get<std::string>();
    const auto big_group = layout::duplicate(haidong(), group);
    QVERIFY(!big_group.ok());
    QVERIFY2(problems(big_group).contains("m across its"), qPrintable(problems(big_group)));
    // Ten racks more do: the building is laid out again with their rows.
    const auto ten = layout::add_rack_group(haidong(), "silk-1a-h1", "air-8kW", 10);
    QVERIFY2(ten.ok(), qPrintable(problems(ten)));
    const auto g = layout::duplicate(ten.document, ten.id);
    QVERIFY2(g.ok(), qPrintable(problems(g)));
    QCOMPARE(QString::fromStdString(g.id), QString::fromStdString(ten.id + "-2"));
    const Scenario with = Scenario::from_document(g.document, "t");
    int in_rows = 0;
    for (const auto& r : find_hall(with.park(), "silk-1a-h1")->layout->rows) {
      in_rows += r.rack_group == "air-8kW-2" ? r.racks() : 0;
    }
    QVERIFY(in_rows >= 10);
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
    // Out of every wing.
    c = layout::move_building(haidong(), "silk-1a", {5000, 5000});
    QVERIFY(!c.ok());
    QVERIFY2(problems(c).contains("is not inside the boundary of wing 'east'"), qPrintable(problems(c)));
    // Into the west wing, onto one of its buildings: the west wing's rules refuse it.
    c = layout::move_building(haidong(), "silk-1a", {500, 20});
    QVERIFY(!c.ok());
    QVERIFY2(problems(c).contains("overlaps building 'mobile-2'"), qPrintable(problems(c)));
    // Into a free place of the west wing: it becomes the west wing's building, nothing else moves.
    std::optional<Json> moved;
    for (double y = 0; y <= 1000 && !moved; y += 50) {
      for (double x = 0; x <= 900 && !moved; x += 50) {
        const auto m = layout::move_building(haidong(), "silk-1a", {x, y});
        if (m.ok() && m.document["wings"][0]["buildings"].size() == haidong()["wings"][0]["buildings"].size() + 1) {
          moved = m.document;
          QVERIFY2(m.text.find("to wing west") != std::string::npos, m.text.c_str());
          QCOMPARE(layout::locate(m.document, "silk-1a")->pointer.substr(0, 9), std::string("/wings/0/"));
        }
      }
    }
    QVERIFY(moved.has_value());
    QCOMPARE((*moved)["wings"][1]["buildings"].size(), haidong()["wings"][1]["buildings"].size() - 1);
    Json b = (*moved)["wings"][0]["buildings"].back();
    Json original = haidong()["wings"][1]["buildings"][0];
    b.erase("position_m");
    original.erase("position_m");
    QCOMPARE(b, original);
    // And the drag's quick check agrees there: no problem.
    const auto& pos = (*moved)["wings"][0]["buildings"].back()["position_m"];
    QVERIFY(layout::place_problems(Scenario::load(kBuiltinHaidong).park(), "silk-1a",
                                   {pos[0].get<double>(), pos[1].get<double>()}).empty());
    // To a free place: valid, and only the position changed.
    c = layout::move_building(haidong(), "silk-1a", {920, 700});
    QVERIFY2(c.ok(), qPrintable(problems(c)));
    QCOMPARE(c.document["wings"][1]["buildings"][0]["position_m"], Json({920.0, 700.0}));
    const auto s = layout::snap({921.4, 697.6});
    QCOMPARE(s.x_m, 920.0);
    QCOMPARE(s.y_m, 700.0);
  }

  void aDragsQuickCheckAgreesWithTheWholeCheck() {
    // What a drag checks at each grid point (place_problems, on the built park) says what the
    // whole scenario's check says of the same move, everywhere over the east wing and beyond it.
    const Scenario s = Scenario::load(kBuiltinHaidong);
    int refused = 0, allowed = 0;
    for (double x = 850; x <= 1950; x += 100) {
      for (double y = -50; y <= 950; y += 100) {
        const auto quick = layout::place_problems(s.park(), "silk-1a", {x, y});
        const auto whole = layout::move_building(haidong(), "silk-1a", {x, y});
        QStringList a, b;
        for (const auto& p : quick) {
          a << QString::fromStdString(p.message);
        }
        for (const auto& p : whole.problems) {
          b << QString::fromStdString(p.message);
        }
        // The whole check names an overlap from the later building's side; the quick one from
        // the moved one: compare the pairs named.
        const auto pairs = [](QStringList l) {
          QStringList out;
          for (const QString& m : l) {
            const auto ids = m.split('\'');
            out << (ids.size() >= 4 ? QStringList{ids[1], ids[3]}.join("|") : m);
          }
          for (QString& p : out) {
            QStringList two = p.split('|');
            std::sort(two.begin(), two.end());
            p = two.join("|");
          }
          out.sort();
          return out;
        };
        QCOMPARE(pairs(a), pairs(b));
        (quick.empty() ? allowed : refused) += 1;
      }
    }
    QVERIFY(allowed > 10 && refused > 10);
    QVERIFY(!layout::place_problems(s.park(), "nothing", {0, 0}).empty());
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
    auto c = layout::set_footprint_vertex(haidong(), "silk-1a", 1, {165, 0});
    QVERIFY2(c.ok(), qPrintable(problems(c)));
    // 10 m in: the corner cuts into the last hall's outline.
    c = layout::set_footprint_vertex(haidong(), "silk-1a", 1, {145, 0});
    QVERIFY(!c.ok());
    QVERIFY2(problems(c).contains("hall 'silk-1a-h4' is not inside the footprint of building 'silk-1a'"), qPrintable(problems(c)));
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


  void theBuiltInParkIsLaidOutWithEveryRackInARow() {
    const Scenario s = Scenario::load(kBuiltinHaidong);
    std::size_t halls = 0;
    for (const auto& w : s.park().wings) {
      for (const auto& b : w.buildings) {
        for (const auto& h : b.halls) {
          ++halls;
          QVERIFY2(h.layout.has_value(), h.id.c_str());
          QVERIFY(contains(b.footprint, h.layout->outline));
          QVERIFY(area_m2(h.layout->outline) >= h.floor_area_m2);
          int in_rows = 0;
          for (const auto& r : h.layout->rows) {
            in_rows += r.racks();
            QVERIFY(contains(h.layout->outline, r.outline()));
          }
          QVERIFY2(in_rows >= h.racks() - 1e-9, h.id.c_str());
        }
      }
    }
    QCOMPARE(halls, std::size_t(52));
    // Laying out a laid-out park changes nothing; a bare one gets the same layouts back.
    QCOMPARE(layout::lay_out_all(haidong()).document, haidong());
    Json bare = haidong();
    for (auto& w : bare["wings"]) {
      for (auto& b : w["buildings"]) {
        for (auto& h : b["halls"]) {
          h.erase("layout");
        }
      }
    }
    const auto again = layout::lay_out_all(bare);
    QVERIFY2(again.ok() && again.notes.empty(), qPrintable(problems(again)));
    QCOMPARE(again.document, haidong());
  }

  void layoutRulesNameWhatIsWrong() {
    const Json& hall = haidong()["wings"][1]["buildings"][0]["halls"][0];
    const std::string base = "/wings/1/buildings/0/halls/0/layout";
    const auto broken = [&](const std::string& pointer, const Json& value) {
      Json d = haidong();
      d[Json::json_pointer(base + pointer)] = value;
      QStringList out;
      for (const auto& p : Scenario::check(d)) {
        out << QString::fromStdString(p.path + ": " + p.message);
      }
      return out.join("; ");
    };
    QVERIFY(hall.contains("layout"));
    QVERIFY2(broken("/floor", 2).contains("is 2 but building 'silk-1a' has 1 floors"), "floor");
    QVERIFY(broken("/outline_m", Json{{-5, 0}, {30, 0}, {30, 70}, {-5, 70}}).contains("is not inside the footprint of building 'silk-1a'"));
    QVERIFY(broken("/outline_m/2", Json{10, 10}).contains("less than the hall's floor area"));
    // Onto the next hall's strip.
    const Json next = haidong()["wings"][1]["buildings"][0]["halls"][1]["layout"]["outline_m"];
    QVERIFY(broken("/outline_m", next).contains("hall 'silk-1a-h2' overlaps hall 'silk-1a-h1' on floor 1"));
    QVERIFY(broken("/rows/0/origin_m", Json{500, 0}).contains("the rows (with their aisles) are not inside the hall's outline"));
    QVERIFY(broken("/rows/0/racks_per_row", 1).contains("the rows hold"));
    QVERIFY(broken("/rows/0/rack_group", "nothing").contains("no rack group 'nothing' in hall 'silk-1a-h1'"));
    const Json row0 = hall["layout"]["rows"][0];
    Json both = haidong();
    both[Json::json_pointer(base + "/rows")].push_back(row0);
    QStringList overlap;
    for (const auto& p : Scenario::check(both)) {
      overlap << QString::fromStdString(p.message);
    }
    QVERIFY2(overlap.join(";").contains("overlap rows 0"), qPrintable(overlap.join(";")));
    QVERIFY(broken("/cooling_units/0/kind", "crah").contains("the hall's air system has iec units"));
    QVERIFY(broken("/cooling_units/0/count", 3).contains("draws 3 air units; cooling.plant.air_units installs 5"));
    // CDUs need liquid cooling.
    Json air_only = layout::set_liquid_cooling(haidong(), "silk-1a-h1", false).document;
    air_only[Json::json_pointer(base + "/cooling_units")].push_back({{"kind", "cdu"}, {"side", "north"}});
    bool named = false;
    for (const auto& p : Scenario::check(air_only)) {
      named = named || p.message.find("coolant distribution units need liquid cooling") != std::string::npos;
    }
    QVERIFY(named);
  }

  void openAislesMixMore() {
    // Without containment the hall's air defaults to more recirculation and bypass; with it, and
    // where the file sets them, the values stay.
    Json d = haidong();
    Json& hall = d["wings"][1]["buildings"][0]["halls"][0];
    if (hall.contains("air")) {
      hall["air"].erase("recirculation_fraction");
      hall["air"].erase("bypass_fraction");
    }
    const auto air_of = [](const Json& doc) {
      const Scenario s = Scenario::from_document(doc, "t");
      return find_hall(s.park(), "silk-1a-h1")->air;
    };
    const AirSide contained = air_of(d);
    hall["layout"]["containment"] = "none";
    const AirSide open = air_of(d);
    QVERIFY(open.recirculation_fraction > contained.recirculation_fraction);
    QVERIFY(open.bypass_fraction > contained.bypass_fraction);
    QCOMPARE(open.recirculation_fraction, 0.10);
    QCOMPARE(open.bypass_fraction, 0.15);
    hall["air"]["recirculation_fraction"] = 0.02;
    QCOMPARE(air_of(d).recirculation_fraction, 0.02);
  }

  void rotationTurnsTheLayouts() {
    const Json moved = layout::move_building(haidong(), "silk-1a", {920, 700}).document;
    // Not by 30 degrees: rows run east-west or north-south.
    const auto odd = layout::rotate_building(moved, "silk-1a", 30);
    QVERIFY(!odd.ok());
    QVERIFY2(problems(odd).contains("quarter turns only"), qPrintable(problems(odd)));
    const auto q = layout::rotate_building(moved, "silk-1a", 90);
    QVERIFY2(q.ok(), qPrintable(problems(q)));
    const Scenario before = Scenario::from_document(moved, "a"), after = Scenario::from_document(q.document, "b");
    const Hall* h0 = find_hall(before.park(), "silk-1a-h1");
    const Hall* h1 = find_hall(after.park(), "silk-1a-h1");
    QCOMPARE(h1->layout->rows.size(), h0->layout->rows.size());
    QVERIFY(h0->layout->rows[0].orientation != h1->layout->rows[0].orientation);
    QVERIFY(std::abs(area_m2(h1->layout->outline) - area_m2(h0->layout->outline)) < 1e-6);
    QVERIFY(h0->layout->cooling_units[0].side != h1->layout->cooling_units[0].side);
  }

  void formatVersion1IsReadAsVersion2() {
    Json v1 = haidong();
    v1["version"] = 1;
    for (auto& w : v1["wings"]) {
      for (auto& b : w["buildings"]) {
        for (auto& h : b["halls"]) {
          h.erase("layout");
        }
      }
    }
    const Scenario s = Scenario::from_document(v1, "old.json");
    QCOMPARE(s.document()["version"].get<int>(), kFormatVersion);
    QCOMPARE(s.notes().size(), std::size_t(1));
    QVERIFY(s.notes()[0].find("format version 1, read as version 2") != std::string::npos);
    QVERIFY(Scenario::from_document(haidong(), "new.json").notes().empty());
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
