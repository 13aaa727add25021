// The studio's parts without a window (issue 13, deliverable 5): the Document (edits, undo,
// refusals, autosave and recovery), the park tree and properties models (what they show and the
// edits they ask for), and the simulation controller (only the newest run reports).

#include "document.hpp"
#include "park_tree_model.hpp"
#include "properties_model.hpp"
#include "simulation_controller.hpp"

#include "synthetic_climate.hpp"

#include "parktwin/model/layout.hpp"
#include "parktwin/physics/climate_input.hpp"

#include <QFloat16>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

#include <fstream>

using parktwin::model::Json;
using parktwin::studio::Document;
using parktwin::studio::ParkTreeModel;
using parktwin::studio::PropertiesModel;
using parktwin::studio::SimulationController;

Q_DECLARE_METATYPE(parktwin::model::Json)

namespace {

std::string pointer_of(const Json& doc, const std::string& id) { return parktwin::model::layout::locate(doc, id)->pointer; }

} // namespace

class TestStudioModels : public QObject {
  Q_OBJECT

private slots:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

  void anEditIsOneUndoableStepAndARefusedOneChangesNothing() {
    Document d;
    QSignalSpy changed(&d, &Document::changed);
    d.adopt(parktwin::model::Scenario::load("haidong"), QString());
    QVERIFY(!d.modified());
    const Json before = d.scenario()->document();
    const std::string p = pointer_of(before, "mobile-2-h1") + "/rack_groups/0/design_kW_per_rack";
    const double density = before.at(Json::json_pointer(p)).get<double>();
    QVERIFY(d.edit(p, density * 0.5).isEmpty());
    QCOMPARE(changed.count(), 1);
    QVERIFY(d.modified());
    QCOMPARE(d.scenario()->document().at(Json::json_pointer(p)).get<double>(), density * 0.5);
    // Refused by the model's own rules: the reason, the document and the undo stack as they were.
    const QStringList problems = d.edit(p, -3.0);
    QVERIFY(!problems.isEmpty());
    QVERIFY2(problems.front().contains("design_kW_per_rack"), qPrintable(problems.front()));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(d.undo_stack()->count(), 1);
    d.undo_stack()->undo();
    QCOMPARE(d.scenario()->document(), before);
    QVERIFY(!d.modified());
    d.undo_stack()->redo();
    QCOMPARE(d.scenario()->document().at(Json::json_pointer(p)).get<double>(), density * 0.5);
    // A hall's rows too small for its racks: the model's rule refuses it, with the reason.
    const std::string rows = pointer_of(before, "mobile-2-h1") + "/layout/rows/0/racks_per_row";
    const QStringList too_few = d.edit(rows, 1);
    QVERIFY(!too_few.isEmpty());
    QCOMPARE(d.undo_stack()->count(), 1);
    // The same value again is no step.
    QVERIFY(d.edit(p, density * 0.5).isEmpty());
    QCOMPARE(d.undo_stack()->count(), 1);
  }

  void aLayoutEditSelectsWhatItMadeAndUndoComesBack() {
    Document d;
    d.adopt(parktwin::model::Scenario::load("haidong"), QString());
    QSignalSpy changed(&d, &Document::changed);
    const auto change = parktwin::model::layout::add_building(d.scenario()->document(), "east");
    QVERIFY(change.ok());
    QVERIFY(d.apply(change, "east").isEmpty());
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).toString(), QString::fromStdString(change.id));
    QVERIFY(changed.at(0).at(1).toBool());
    d.undo_stack()->undo();
    QCOMPARE(changed.at(1).at(0).toString(), QString("east"));
    // A refused change is no step.
    const auto bad = parktwin::model::layout::remove(d.scenario()->document(), "no-such-thing");
    QVERIFY(!bad.ok());
    QVERIFY(!d.apply(bad, "east").isEmpty());
    QCOMPARE(d.undo_stack()->index(), 0);
  }

  void autosaveRecoversAndASaveThatFailsKeepsEverything() {
    QTemporaryDir tmp;
    Document d;
    d.adopt(parktwin::model::Scenario::load("haidong"), QString());
    const std::string p = pointer_of(d.scenario()->document(), "mobile-2-h1") + "/rack_groups/0/count";
    QVERIFY(d.edit(p, 100).isEmpty());
    QVERIFY(!d.write_autosave());
    Document other;
    QSignalSpy opened(&other, &Document::opened);
    QVERIFY(other.recover());
    QCOMPARE(opened.count(), 1);
    QVERIFY(other.modified()); // recovered edits are not saved yet
    QCOMPARE(other.scenario()->document(), d.scenario()->document());
    // Saving where it cannot: it throws and the document stays unsaved, its recovery file too.
    bool threw = false;
    try {
      other.save_as(tmp.filePath("no-such-folder/park.json"));
    } catch (const std::exception&) {
      threw = true;
    }
    QVERIFY(threw);
    QVERIFY(other.modified());
    QVERIFY(other.file().isEmpty());
    QVERIFY(QFile::exists(Document::autosave_path()));
    other.save_as(tmp.filePath("park.json"));
    QVERIFY(!other.modified());
    QCOMPARE(other.file(), tmp.filePath("park.json"));
    QVERIFY(!QFile::exists(Document::autosave_path()));
    QCOMPARE(parktwin::model::Scenario::load(tmp.filePath("park.json").toStdString()).document(),
             d.scenario()->document());
    // A document opened afresh is not modified and has no recovery file.
    QVERIFY(!other.recover());
  }

  void theParkTreeShowsEveryElementAtItsStage() {
    const auto s = parktwin::model::Scenario::load("haidong");
    const auto& park = s.park();
    ParkTreeModel m;
    m.show(park, *park.find_stage("2027"), false);
    QCOMPARE(m.rowCount(), 1);
    const QModelIndex root = m.index(0, 0);
    QCOMPARE(m.rowCount(root), static_cast<int>(park.wings.size()));
    const QModelIndex east = m.find("east");
    QVERIFY(east.isValid());
    QCOMPARE(east.data(ParkTreeModel::KindRole).toString(), QString("wing"));
    QCOMPARE(m.parent(east), root);
    std::size_t halls = 0, later = 0;
    for (const auto& w : park.wings) {
      for (const auto& b : w.buildings) {
        for (const auto& h : b.halls) {
          const QModelIndex i = m.find(QString::fromStdString(h.id));
          QVERIFY(i.isValid());
          QCOMPARE(m.parent(i).data(ParkTreeModel::IdRole).toString(), QString::fromStdString(b.id));
          QCOMPARE(m.rowCount(i), static_cast<int>(h.rack_groups.size()));
          // Halls not yet in service at the stage are greyed, with the stage they start in.
          const bool serving = park.service_year(h) <= 2027;
          QCOMPARE(i.data(Qt::ForegroundRole).isValid(), !serving);
          later += serving ? 0 : 1;
          ++halls;
          const QString group = QString::fromStdString(h.id + "/" + h.rack_groups.front().id);
          QCOMPARE(m.find(group).data(ParkTreeModel::KindRole).toString(), QString("rack_group"));
        }
      }
    }
    QVERIFY(halls > 40);
    QVERIFY(later > 0 && later < halls);
    QVERIFY(!m.find("no-such-thing").isValid());
  }

  void thePropertiesAskForEditsOfTheSchemasTypes() {
    qRegisterMetaType<parktwin::model::Json>();
    const auto s = parktwin::model::Scenario::load("haidong");
    const Json doc = parktwin::model::scenario_schema().with_defaults(s.document());
    const std::string hall = pointer_of(s.document(), "mobile-2-h1");
    Json element = doc.at(Json::json_pointer(hall));
    QVERIFY(!element["cooling"].contains("liquid")); // an air-cooled hall
    PropertiesModel m;
    m.show(element, "wings[*].buildings[*].halls[*]", hall, false);
    QSignalSpy edited(&m, &PropertiesModel::field_edited);
    QSignalSpy refused(&m, &PropertiesModel::refused);
    QSignalSpy kind(&m, &PropertiesModel::air_system_chosen);
    QSignalSpy liquid(&m, &PropertiesModel::liquid_cooling_switched);
    // A number: its title, unit and range; text that is no number is refused with the reason.
    const QModelIndex area = m.find("halls[*].floor_area_m2").siblingAtColumn(1);
    QVERIFY(area.isValid());
    QCOMPARE(area.siblingAtColumn(0).data().toString(), QString("Floor area"));
    QCOMPARE(area.siblingAtColumn(2).data().toString(), QString("m2"));
    QVERIFY(area.flags() & Qt::ItemIsEditable);
    QVERIFY(!m.setData(area, "a lot"));
    QCOMPARE(refused.count(), 1);
    QVERIFY(refused.at(0).at(0).toString().contains("is not a number"));
    QVERIFY(m.setData(area, "1234.5"));
    QCOMPARE(edited.count(), 1);
    QCOMPARE(edited.at(0).at(0).toString(), QString::fromStdString(hall + "/floor_area_m2"));
    QCOMPARE(edited.at(0).at(1).value<Json>(), Json(1234.5));
    // An enumeration is a choice of the schema's values; another value is not asked for.
    const QModelIndex containment = m.find("layout.containment").siblingAtColumn(1);
    QVERIFY(containment.isValid());
    QCOMPARE(containment.data(PropertiesModel::ChoicesRole).toStringList(),
             (QStringList{"hot_aisle", "cold_aisle", "none"}));
    QVERIFY(m.setData(containment, "sideways"));
    QCOMPARE(edited.count(), 1);
    const QString other = containment.data().toString() == "none" ? "hot_aisle" : "none";
    QVERIFY(m.setData(containment, other));
    QCOMPARE(edited.count(), 2);
    QCOMPARE(edited.at(1).at(1).value<Json>(), Json(other.toStdString()));
    // The air system's kind and the liquid cooling switch.
    const QModelIndex air = m.find("halls[*].cooling.air_system").siblingAtColumn(1);
    QVERIFY(air.data(PropertiesModel::ChoicesRole).toStringList().contains("direct_air_economizer"));
    QCOMPARE(air.data().toString(), QString("indirect_evaporative"));
    QVERIFY(m.setData(air, "direct_air_economizer"));
    QCOMPARE(kind.count(), 1);
    const QModelIndex sw = m.find("halls[*].cooling.liquid").siblingAtColumn(1);
    QCOMPARE(sw.data(PropertiesModel::EditorNameRole).toString(), QString("liquid-cooling"));
    QCOMPARE(sw.data(Qt::CheckStateRole).toInt(), int(Qt::Unchecked));
    QVERIFY(sw.flags() & Qt::ItemIsUserCheckable);
    QVERIFY(m.setData(sw, Qt::Checked, Qt::CheckStateRole));
    QCOMPARE(liquid.count(), 1);
    QVERIFY(liquid.at(0).at(0).toBool());
    // A hall's rack rows are a group per row, each field editable as the schema types it.
    const QModelIndex racks_per_row = m.find("layout.rows[*].racks_per_row").siblingAtColumn(1);
    QVERIFY(racks_per_row.isValid());
    QVERIFY(racks_per_row.flags() & Qt::ItemIsEditable);
    QVERIFY(m.setData(racks_per_row, "12"));
    QCOMPARE(edited.last().at(0).toString(), QString::fromStdString(hall + "/layout/rows/0/racks_per_row"));
    QCOMPARE(edited.last().at(1).value<Json>(), Json(12));
    QVERIFY(!m.setData(racks_per_row, "12.5")); // an integer field
    QVERIFY(refused.last().at(0).toString().contains("is not a whole number"));
    QVERIFY(m.find("layout.cooling_units[*].kind").isValid());
    // Ids are labels, not fields to edit.
    QVERIFY(!(m.find("halls[*].id").siblingAtColumn(1).flags() & Qt::ItemIsEditable));
    // A boolean is a check box; its edit is the boolean.
    const std::string liquid_hall = pointer_of(s.document(), "silk-1a-h1");
    m.show(doc.at(Json::json_pointer(liquid_hall)), "wings[*].buildings[*].halls[*]", liquid_hall, false);
    const QModelIndex assist = m.find("cooling.liquid.adiabatic_assist").siblingAtColumn(1);
    QVERIFY(assist.flags() & Qt::ItemIsUserCheckable);
    QVERIFY(!(assist.flags() & Qt::ItemIsEditable));
    const bool on = assist.data(Qt::CheckStateRole).toInt() == Qt::Checked;
    QVERIFY(m.setData(assist, on ? Qt::Unchecked : Qt::Checked, Qt::CheckStateRole));
    QCOMPARE(edited.last().at(1).value<Json>(), Json(!on));
  }

  void onlyTheNewestRunReports() {
    const auto year = parktwin::test::seasonal_year();
    auto climate = std::make_shared<const parktwin::physics::ClimateInput>(year);
    auto a = std::make_shared<const parktwin::model::Scenario>(parktwin::model::Scenario::load("haidong"));
    Json doc = a->document();
    const std::string p = pointer_of(doc, "mobile-2-h1") + "/rack_groups/0/design_kW_per_rack";
    doc[Json::json_pointer(p)] = doc.at(Json::json_pointer(p)).get<double>() * 0.5;
    auto b = std::make_shared<const parktwin::model::Scenario>(parktwin::model::Scenario::from_document(doc, "b"));
    SimulationController c;
    QSignalSpy finished(&c, &SimulationController::finished);
    c.run({a, "2030", climate});
    c.run_after_edits({b, "2030", climate}); // supersedes the first: it must not report
    QVERIFY(c.busy());
    QVERIFY(finished.wait(120000));
    QTRY_VERIFY_WITH_TIMEOUT(!c.busy(), 120000);
    QTest::qWait(50);
    QCOMPARE(finished.count(), 1);
    const auto result = finished.at(0).at(0).value<std::shared_ptr<const parktwin::physics::ParkResult>>();
    // The results are b's: its hall at half the density draws less IT power than a's would.
    double it = 0;
    for (const auto& h : result->halls) {
      if (h.hall_id == "mobile-2-h1") {
        it = h.energy.it;
      }
    }
    QVERIFY(it > 0);
    c.run({a, "2030", climate});
    QVERIFY(finished.wait(120000));
    const auto again = finished.at(1).at(0).value<std::shared_ptr<const parktwin::physics::ParkResult>>();
    double it_a = 0;
    for (const auto& h : again->halls) {
      if (h.hall_id == "mobile-2-h1") {
        it_a = h.energy.it;
      }
    }
    QVERIFY2(it < 0.75 * it_a, qPrintable(QString("%1 vs %2").arg(it).arg(it_a)));
  }
};

QTEST_GUILESS_MAIN(TestStudioModels)
#include "tst_studio_models.moc"
