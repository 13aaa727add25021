// parktwin-studio as a user meets it (under Xvfb with the xcb platform): the built-in park in 3D,
// selection from the tree and from the view, colours, and a broken scenario that changes nothing.

#include "charts.hpp"
#include "info_panels.hpp"
#include "main_window.hpp"
#include "numbers.hpp"
#include "shared_climate.hpp"
#include "vtk_view.hpp"

#include "parktwin/model/layout.hpp"
#include "parktwin/physics/building_figures.hpp"
#include "parktwin/scene/park_scene.hpp"

#include <QAbstractButton>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QStatusBar>
#include <QDockWidget>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>
#include <QTranslator>
#include <QXmlStreamReader>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QLineEdit>
#include <QMimeData>
#include <QTreeView>
#include "equipment_library.hpp"
#include "park_tree_model.hpp"
#include "properties_model.hpp"
#include <QChartView>
#include <QLineSeries>
#include <QSlider>
#include <QtTest>

#include <vtkRenderer.h>

#include <algorithm>
#include <cmath>
#include <set>

using parktwin::studio::MainWindow;
Q_DECLARE_METATYPE(parktwin::studio::MainWindow::Comparison)

namespace {

std::size_t buildings_in(const parktwin::model::Park& park) {
  std::size_t n = 0;
  for (const auto& w : park.wings) {
    n += w.buildings.size();
  }
  return n;
}

/// The value cell (column 1, or `column`) of the property whose full schema pattern ends with
/// `key`; invalid if the properties show none.
QModelIndex property_item(QTreeView* view, const QString& key, int column = 1) {
  const auto* m = qobject_cast<const parktwin::studio::PropertiesModel*>(view->model());
  const QModelIndex i = m != nullptr ? m->find(key) : QModelIndex();
  return i.isValid() ? i.siblingAtColumn(column) : i;
}

/// The building with this id, or nullptr.
const parktwin::model::Building* building_of(const parktwin::model::Park& park, const std::string& id) {
  for (const auto& w : park.wings) {
    for (const auto& b : w.buildings) {
      if (b.id == id) {
        return &b;
      }
    }
  }
  return nullptr;
}

/// Where a point of the park (m) is on the view, in widget coordinates.
QPoint on_screen(parktwin::studio::VtkView* view, double x, double y, double z) {
  vtkRenderer* ren = view->renderer();
  ren->SetWorldPoint(x, y, z, 1.0);
  ren->WorldToDisplay();
  double d[3];
  ren->GetDisplayPoint(d);
  const qreal r = view->devicePixelRatioF();
  return {static_cast<int>(d[0] / r), static_cast<int>(view->height() - d[1] / r)};
}

/// The editor a double click on the value of the property (pattern ending with `key`) opens,
/// as a user opens it; nullptr if none or not a W.
template <class W>
W* open_editor(QTreeView* view, const QString& key) {
  const QModelIndex i = property_item(view, key);
  if (!i.isValid()) {
    return nullptr;
  }
  view->scrollTo(i);
  const QPoint at = view->visualRect(i).center();
  QTest::mouseClick(view->viewport(), Qt::LeftButton, Qt::NoModifier, at);
  QTest::mouseDClick(view->viewport(), Qt::LeftButton, Qt::NoModifier, at);
  return qobject_cast<W*>(view->indexWidget(i));
}

/// Types `text` into the property's editor (replacing what it says) and presses Return.
bool type_into(QTreeView* view, const QString& key, const QString& text) {
  auto* line = open_editor<QLineEdit>(view, key);
  if (line == nullptr) {
    return false;
  }
  line->selectAll();
  QTest::keyClicks(line, text);
  QTest::keyClick(line, Qt::Key_Return);
  return true;
}

/// Toggles the property's check box by the keyboard (Space on its row), as a user does.
bool toggle(QTreeView* view, const QString& key) {
  const QModelIndex i = property_item(view, key);
  if (!i.isValid() || !(i.flags() & Qt::ItemIsUserCheckable)) {
    return false;
  }
  view->scrollTo(i);
  view->setFocus();
  view->setCurrentIndex(i);
  QTest::keyClick(view, Qt::Key_Space);
  return true;
}

QString tr_absent() { return QStringLiteral("absent"); }

/// A press, moves in steps and a release, as a hand makes them.
void drag(QWidget* w, QPoint from, QPoint to) {
  QTest::mousePress(w, Qt::LeftButton, Qt::NoModifier, from);
  for (int k = 1; k <= 8; ++k) {
    QTest::mouseMove(w, from + (to - from) * k / 8);
  }
  QTest::mouseRelease(w, Qt::LeftButton, Qt::NoModifier, to);
}

} // namespace

class TestStudio : public QObject {
  Q_OBJECT

  std::unique_ptr<MainWindow> w_;
  QTemporaryDir tmp_;

private slots:
  void initTestCase() {
    PARKTWIN_REQUIRE_SHARED_CLIMATE(dir);
    (void)dir;
    w_ = std::make_unique<MainWindow>();
    w_->show();
    QVERIFY(QTest::qWaitForWindowExposed(w_.get()));
    QSignalSpy shown(w_.get(), &MainWindow::results_shown);
    QVERIFY(w_->open_scenario("haidong"));
    QVERIFY(shown.wait(60000));
  }

  void startsWithTheBuiltInParkIn3D() {
    const auto& park = w_->scenario()->park();
    QCOMPARE(w_->park_scene()->building_actor_count(), buildings_in(park));
    QVERIFY(w_->result() != nullptr);
    QCOMPARE(w_->result()->halls.size(), std::size_t(48)); // in service at 2030
    // The picture is not blank: many colours, and much of it differs from the background.
    const QImage img = w_->view()->grabFramebuffer();
    QVERIFY(!img.isNull());
    std::set<QRgb> colours;
    const QRgb corner = img.pixel(2, 2);
    int differs = 0;
    for (int y = 0; y < img.height(); y += 3) {
      for (int x = 0; x < img.width(); x += 3) {
        const QRgb c = img.pixel(x, y);
        colours.insert(c);
        differs += qAbs(qRed(c) - qRed(corner)) + qAbs(qGreen(c) - qGreen(corner)) +
                           qAbs(qBlue(c) - qBlue(corner)) > 60 ? 1 : 0;
      }
    }
    QVERIFY2(colours.size() > 100, qPrintable(QString::number(colours.size())));
    QVERIFY2(differs > img.width() * img.height() / 9 / 4, qPrintable(QString::number(differs)));
  }

  void treeSelectionDrivesPropertiesAndScene() {
    QVERIFY(w_->select("silk-1a-h1"));
    QCOMPARE(w_->selected_id(), QString("silk-1a-h1"));
    QCOMPARE(w_->park_scene()->selected(), std::string("silk-1a"));
    // The property editor shows the hall's own values with units.
    const auto* hall = [&]() -> const parktwin::model::Hall* {
      for (const auto& w : w_->scenario()->park().wings) {
        for (const auto& b : w.buildings) {
          for (const auto& h : b.halls) {
            if (h.id == "silk-1a-h1") {
              return &h;
            }
          }
        }
      }
      return nullptr;
    }();
    QVERIFY(hall != nullptr);
    const QModelIndex area = property_item(w_->properties(), "halls[*].floor_area_m2");
    QVERIFY(area.isValid());
    QCOMPARE(area.data().toDouble(), hall->floor_area_m2);
    QCOMPARE(area.siblingAtColumn(2).data().toString(), QString("m2"));
    const QModelIndex supply = property_item(w_->properties(), "halls[*].air.supply_air_C");
    QVERIFY(supply.isValid());
    QCOMPARE(supply.siblingAtColumn(2).data().toString(), QString("C"));
    const QString tip = supply.data(Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains("10 <= supply_air_C <= 35"), qPrintable(tip)); // the schema's range
    // Another selection replaces it.
    QVERIFY(w_->select("west"));
    QVERIFY(!property_item(w_->properties(), "halls[*].floor_area_m2").isValid());
    QVERIFY(property_item(w_->properties(), "wings[*].plan_area_mu").isValid());
    QVERIFY(!w_->select("no-such-thing"));
  }

  void clickingABuildingSelectsIt() {
    QVERIFY(w_->set_view("top"));
    // Where silk-1b's centre is on the screen.
    const auto& park = w_->scenario()->park();
    const parktwin::model::Building* target = nullptr;
    for (const auto& wing : park.wings) {
      for (const auto& b : wing.buildings) {
        if (b.id == "silk-1b") {
          target = &b;
        }
      }
    }
    QVERIFY(target != nullptr);
    const auto c = parktwin::model::vertex_centroid(target->footprint);
    vtkRenderer* ren = w_->view()->renderer();
    w_->view()->grabFramebuffer(); // lays out and renders at the current size
    ren->SetWorldPoint(c.x_m, c.y_m, target->height_m, 1.0);
    ren->WorldToDisplay();
    double d[3];
    ren->GetDisplayPoint(d);
    const qreal r = w_->view()->devicePixelRatioF();
    const QPoint at(static_cast<int>(d[0] / r), static_cast<int>(w_->view()->height() - d[1] / r));
    QTest::mouseClick(w_->view(), Qt::LeftButton, Qt::NoModifier, at);
    QCOMPARE(w_->selected_id(), QString("silk-1b"));
    QCOMPARE(w_->park_scene()->selected(), std::string("silk-1b"));
    QVERIFY(property_item(w_->properties(), "buildings[*].height_m").isValid());
    // A click on empty ground selects nothing new.
    QTest::mouseClick(w_->view(), Qt::LeftButton, Qt::NoModifier, QPoint(3, 3));
    QCOMPARE(w_->selected_id(), QString("silk-1b"));
  }

  void aBuildingOpensOnItsHallsAndRackRows() {
    QVERIFY(w_->select("silk-1a"));
    QCOMPARE(w_->park_scene()->hall_slab_count(), std::size_t(4));
    // The rows its halls' layouts give (every rack of the hall in them: 750 in silk-1a-h1).
    std::size_t rows = 0;
    int racks = 0;
    for (const auto& h : building_of(w_->scenario()->park(), "silk-1a")->halls) {
      QVERIFY(h.layout.has_value());
      for (const auto& r : h.layout->rows) {
        rows += static_cast<std::size_t>(r.rows);
        racks += h.id == "silk-1a-h1" ? r.racks() : 0;
      }
    }
    QCOMPARE(w_->park_scene()->rack_row_count(), rows);
    QVERIFY(racks >= 750);
    // Rows take the colour of their hall's inlet temperature at the hour of the slider.
    const auto inlet = [&](int h) {
      for (const auto& r : w_->result()->halls) {
        if (r.hall_id == "silk-1a-h1") {
          return static_cast<double>(r.hourly.T_inlet_C[static_cast<std::size_t>(h)]);
        }
      }
      return 0.0;
    };
    w_->set_hour(100);
    const auto c100 = w_->park_scene()->rack_row_colour("silk-1a-h1");
    QVERIFY(c100 != (std::array<double, 3>{0, 0, 0}));
    // Find an hour whose inlet differs by more than 0.5 K (a saturated summer hour): the colour moves.
    int other = -1;
    for (int h = 0; h < 8760 && other < 0; ++h) {
      other = std::abs(inlet(h) - inlet(100)) > 0.5 ? h : -1;
    }
    if (other >= 0) {
      w_->set_hour(other);
      QVERIFY(w_->park_scene()->rack_row_colour("silk-1a-h1") != c100);
    }
    QCOMPARE(w_->hour(), other >= 0 ? other : 100);
    QVERIFY(w_->set_view("building:silk-1a"));
    // The park closes the building again.
    QVERIFY(w_->select("east"));
    QCOMPARE(w_->park_scene()->rack_row_count(), std::size_t(0));
  }

  void colourByAFigureFollowsItsValues() {
    // For each rating, the best building is at the green end and the worst at the red end; for an
    // amount (IT power, heat delivered) the largest is green and the least neutral grey, not
    // alarming red (issue 13: "no heat" is not a fault).
    const auto& park = w_->scenario()->park();
    const auto* stage = park.find_stage("2030");
    for (const char* key : {"it-kw", "heat-recovered"}) {
      QVERIFY(w_->set_colour_by(key));
      const auto f = *parktwin::physics::figure_from_key(key);
      const auto values = parktwin::physics::building_figures(park, *stage, *w_->result(), f);
      const auto [lo, hi] = std::minmax_element(values.begin(), values.end(),
                                                [](const auto& a, const auto& b) { return a.second < b.second; });
      QVERIFY(lo->second < hi->second);
      const auto most = w_->park_scene()->building_colour(hi->first);
      QVERIFY2(most[1] > most[0] + 0.2, key); // green
      if (lo->second <= 0.0) {
        const auto none = w_->park_scene()->building_colour(lo->first);
        QVERIFY2(std::abs(none[0] - none[1]) < 0.05 && std::abs(none[1] - none[2]) < 0.05, key); // grey
      }
    }
    for (const char* key : {"pue", "free-cooling"}) {
      QVERIFY(w_->set_colour_by(key));
      const auto f = *parktwin::physics::figure_from_key(key);
      const auto values = parktwin::physics::building_figures(park, *stage, *w_->result(), f);
      QVERIFY(values.size() > 5);
      const auto [lo, hi] = std::minmax_element(values.begin(), values.end(),
                                                [](const auto& a, const auto& b) { return a.second < b.second; });
      QVERIFY(lo->second < hi->second);
      const bool higher_better = parktwin::physics::info(f).higher_is_better;
      const auto best = w_->park_scene()->building_colour(higher_better ? hi->first : lo->first);
      const auto worst = w_->park_scene()->building_colour(higher_better ? lo->first : hi->first);
      QVERIFY2(best[1] > best[0], key);   // green
      QVERIFY2(worst[0] > worst[1], key); // red
    }
    QVERIFY(!w_->set_colour_by("beauty"));
    QVERIFY(w_->set_colour_by("pue"));
  }

  void anEditReSimulatesTheHallAndUndoRestoresIt() {
    // mobile-2-h1 has identical twins (h2...) and feeds no heat network: an edit of its racks
    // affects it alone.
    QVERIFY(w_->select("mobile-2-h1"));
    const auto hall_pue = [&](const std::string& id) {
      for (const auto& r : w_->result()->halls) {
        if (r.hall_id == id) {
          return r.pue();
        }
      }
      return 0.0;
    };
    const double pue_before = hall_pue("mobile-2-h1");
    const double twin_before = hall_pue("mobile-2-h2");
    QVERIFY(twin_before > 0.0);
    const QString pointer =
        QString::fromStdString(w_->pointer_of("mobile-2-h1")) + "/rack_groups/0/design_kW_per_rack";
    const auto ptr = parktwin::model::Json::json_pointer(pointer.toStdString());
    const double density = w_->scenario()->document().at(ptr).get<double>();
    QSignalSpy shown(w_.get(), &MainWindow::results_shown);
    QVERIFY(w_->edit(pointer, density * 0.5).isEmpty());
    QCOMPARE(w_->scenario()->document().at(ptr).get<double>(), density * 0.5);
    QVERIFY(w_->isWindowModified());
    QVERIFY(shown.wait(30000));
    // Only the edited hall is integrated again; its PUE moves, its unchanged twin's does not.
    QCOMPARE(w_->last_simulated_halls(), std::size_t(1));
    const double pue_after = hall_pue("mobile-2-h1");
    QVERIFY2(std::abs(pue_after - pue_before) > 1e-4,
             qPrintable(QString("%1 -> %2").arg(pue_before).arg(pue_after)));
    QCOMPARE(hall_pue("mobile-2-h2"), twin_before);
    // The property editor shows the new density.
    QVERIFY(w_->select("mobile-2-h1/racks"));
    QCOMPARE(w_->park_scene()->selected(), std::string("mobile-2"));
    const QModelIndex d = property_item(w_->properties(), "rack_groups[*].design_kW_per_rack");
    QVERIFY(d.isValid());
    QCOMPARE(d.data().toDouble(), density * 0.5);
    // Undo restores the input and the result (from the cache: nothing integrated).
    w_->undo_stack()->undo();
    QCOMPARE(w_->scenario()->document().at(ptr).get<double>(), density);
    QVERIFY(!w_->isWindowModified());
    QVERIFY(shown.wait(30000));
    QCOMPARE(hall_pue("mobile-2-h1"), pue_before);
    QCOMPARE(w_->last_simulated_halls(), std::size_t(0));
    w_->undo_stack()->redo();
    QVERIFY(shown.wait(30000));
    QCOMPARE(hall_pue("mobile-2-h1"), pue_after);
    w_->undo_stack()->undo();
    QVERIFY(shown.wait(30000));
  }

  void theModelsOwnValidationRefusesBadEdits() {
    QVERIFY(w_->select("silk-1a-h1"));
    const QString hall = QString::fromStdString(w_->pointer_of("silk-1a-h1"));
    const int index = w_->undo_stack()->index();
    const auto before = w_->scenario()->document();
    // Out of the schema's range, and a supply warmer than the return (a rule between fields).
    QStringList p = w_->edit(hall + "/air/supply_air_C", 80.0);
    QVERIFY(!p.isEmpty());
    QVERIFY2(p.join(" ").contains("supply_air_C"), qPrintable(p.join(" ")));
    p = w_->edit(hall + "/air/supply_air_C", 30.0);
    QVERIFY(p.isEmpty()); // 30 C supply with a 36 C return is allowed
    w_->undo_stack()->undo();
    p = w_->edit(hall + "/air/return_air_C", 20.0);
    QVERIFY2(!p.isEmpty(), "a return colder than the supply must be refused");
    // Refused edits leave no step on the undo stack (the accepted one was undone).
    QCOMPARE(w_->undo_stack()->index(), index);
    QVERIFY(w_->undo_stack()->canRedo());
    QCOMPARE(w_->scenario()->document(), before);
    QSignalSpy shown(w_.get(), &MainWindow::results_shown);
    QVERIFY(shown.wait(30000));
  }

  void aBrokenScenarioChangesNothing() {
    const auto* before = &w_->scenario()->park();
    const std::string name = before->name;
    const auto* result = w_->result();
    QVERIFY(!w_->open_scenario(PARKTWIN_TEST_DATA_DIR "/scenarios/bad_supply_air_warmer.json"));
    QVERIFY2(w_->last_error().contains("bad_supply_air_warmer.json"), qPrintable(w_->last_error()));
    QCOMPARE(w_->scenario()->park().name, name);
    QCOMPARE(w_->result(), result);
    QCOMPARE(w_->park_scene()->building_actor_count(), buildings_in(w_->scenario()->park()));
  }

  void anOldFormatFileOpensWithANoteAndSavesAsTheNewOne() {
    // Issue 13: a file of format version 1 (no hall layouts) is read as version 2, says so, and
    // is saved as version 2; its halls are drawn schematically until they are laid out.
    auto doc = parktwin::model::Scenario::load("haidong").document();
    doc["version"] = 1;
    doc.erase("default_stage");
    for (auto& wing : doc["wings"]) {
      for (auto& b : wing["buildings"]) {
        for (auto& h : b["halls"]) {
          h.erase("layout");
        }
      }
    }
    const QString old = tmp_.filePath("version1.json");
    {
      QFile f(old);
      QVERIFY(f.open(QIODevice::WriteOnly));
      f.write(QByteArray::fromStdString(doc.dump(2)));
    }
    QSignalSpy shown(w_.get(), &MainWindow::results_shown);
    QVERIFY(w_->open_scenario(old));
    QVERIFY2(w_->statusBar()->currentMessage().contains("format version 1"), qPrintable(w_->statusBar()->currentMessage()));
    QCOMPARE(w_->scenario()->document()["version"].get<int>(), 2);
    QVERIFY(!w_->isWindowModified());
    QVERIFY(shown.wait(60000));
    // Laid out from the Edit menu, saved, reopened: version 2 with its layouts, identical.
    QVERIFY(w_->select("silk-1a"));
    w_->layout_action("lay-out")->trigger();
    QVERIFY(w_->scenario()->document().at(parktwin::model::Json::json_pointer(w_->pointer_of("silk-1a-h1"))).contains("layout"));
    const QString saved = tmp_.filePath("version2.json");
    QVERIFY(w_->save_as(saved));
    const auto written = w_->scenario()->document();
    QVERIFY(w_->open_scenario(saved));
    QCOMPARE(w_->scenario()->document(), written);
    QCOMPARE(w_->scenario()->document()["version"].get<int>(), 2);
    QVERIFY(w_->scenario()->notes().empty());
    QVERIFY(!w_->statusBar()->currentMessage().contains("format version 1")); // the old file's note went with it
    QVERIFY(shown.wait(60000));
    QVERIFY(w_->open_scenario("haidong"));
    QVERIFY(shown.wait(60000));
  }

  void saveReopenCompareIdentical() {
    const QString file = tmp_.filePath("park.json");
    QVERIFY(w_->save_as(file));
    QCOMPARE(w_->current_file(), file);
    QVERIFY(!w_->isWindowModified());
    const auto before = w_->scenario()->document();
    const auto result_before = w_->result()->halls.size();
    QSignalSpy shown(w_.get(), &MainWindow::results_shown);
    QVERIFY(w_->open_scenario(file));
    QVERIFY(shown.wait(60000));
    QCOMPARE(w_->scenario()->document(), before);
    QCOMPARE(w_->result()->halls.size(), result_before);
    QSignalSpy compared(w_.get(), &MainWindow::compared);
    QVERIFY(w_->compare_with(file));
    QVERIFY(compared.wait(60000));
    const auto c = compared.at(0).at(0).value<MainWindow::Comparison>();
    QVERIFY(c.inputs.empty());
    QVERIFY(c.figures.size() > 100); // the park and 48 halls, several figures each
    for (const auto& r : c.figures) {
      QVERIFY2(!r.differs(), (r.scope + " " + r.figure).c_str());
    }
    // After an edit the comparison names the field and the figures that moved.
    QVERIFY(w_->edit(QString::fromStdString(w_->pointer_of("mobile-2-h1")) + "/air/supply_air_C", 27.0).isEmpty());
    QVERIFY(shown.wait(60000));
    QVERIFY(w_->compare_with(file));
    QVERIFY(compared.wait(60000));
    const auto d = compared.at(1).at(0).value<MainWindow::Comparison>();
    QCOMPARE(d.inputs.size(), std::size_t(1));
    QVERIFY2(d.inputs[0].path.find("air.supply_air_C") != std::string::npos, d.inputs[0].path.c_str());
    bool moved = false;
    for (const auto& r : d.figures) {
      moved = moved || (r.scope == "mobile-2-h1" && r.figure == "PUE" && r.differs());
      QVERIFY2(r.scope != "mobile-2-h2" || !r.differs(), r.figure.c_str());
    }
    QVERIFY(moved);
  }

  void rideThroughIsSimulatedShownAndPlayed() {
    // Issue 18 on the desktop: choose an event, see the hall's temperatures through it, watch the
    // 3D colours play.
    MainWindow w;
    QSignalSpy shown(&w, &MainWindow::results_shown);
    QVERIFY(w.open_scenario(PARKTWIN_SOURCE_DIR "/assets/scenarios/reference-telecom-qinghai.json"));
    QVERIFY(shown.wait(60000));
    QVERIFY(w.last_ride_through() == nullptr);
    QVERIFY(w.show_ride_through("reference-hall", "outage", 4818));
    const auto* r = w.last_ride_through();
    QVERIFY2(r != nullptr, qPrintable(w.last_error()));
    QCOMPARE(r->hour, std::size_t(4818));
    QCOMPARE(r->power_restored_s.value_or(-1), 15.0);
    auto* dlg = w.findChild<QDialog*>("ridethrough");
    QVERIFY(dlg != nullptr && dlg->isVisible());
    auto* chart = dlg->findChild<QChartView*>("rt-chart");
    QCOMPARE(chart->chart()->series().size(), 3);
    auto* inlet = qobject_cast<QLineSeries*>(chart->chart()->series()[0]);
    QCOMPARE(static_cast<std::size_t>(inlet->count()), r->t_s.size());
    const QString summary = dlg->findChild<QLabel*>("rt-summary")->text();
    QVERIFY2(summary.contains("Power back after 15 s"), qPrintable(summary));
    // The 3D view: the hall's building at its inlet as the event plays (the peak at 15 s is its
    // hottest colour), back to the figure shown when the window closes.
    const std::string building = w.scenario()->park().wings[0].buildings[0].id;
    auto* slider = dlg->findChild<QSlider*>("rt-time");
    QCOMPARE(slider->maximum(), 1800);
    const auto start = w.park_scene()->building_colour(building);
    slider->setValue(15);
    const auto hot = w.park_scene()->building_colour(building);
    QVERIFY(hot != start);
    // A refused event says why, and keeps the last result.
    QVERIFY(!w.show_ride_through("reference-hall", "trip:tower", 100));
    QVERIFY(w.last_error().contains("no cooling towers"));
    QCOMPARE(w.last_ride_through(), r);
    dlg->close();
  }

  void uncertaintyBandsAreComputedAndShown() {
    // A window of its own on the one-hall reference scenario (issue 17: the desktop shows bands).
    MainWindow w;
    QSignalSpy shown(&w, &MainWindow::results_shown);
    QVERIFY(w.open_scenario(PARKTWIN_SOURCE_DIR "/assets/scenarios/reference-telecom-qinghai.json"));
    QVERIFY(shown.wait(60000));
    QVERIFY(w.last_bands() == nullptr);
    QSignalSpy banded(&w, &MainWindow::banded);
    QVERIFY(w.compute_bands(6));
    QVERIFY(banded.wait(120000));
    const parktwin::physics::BandsResult* b = w.last_bands();
    QVERIFY2(b != nullptr, qPrintable(w.last_error()));
    QCOMPARE(b->samples, std::size_t(6));
    const auto& pue = b->bands.at("")[0];
    QVERIFY(pue.p10 <= pue.p50 && pue.p50 <= pue.p90 && pue.p10 < pue.p90);
    auto* dlg = w.findChild<QDialog*>("bands");
    QVERIFY(dlg != nullptr && dlg->isVisible());
    auto* table = dlg->findChild<QTableWidget*>("band-table");
    QVERIFY(table != nullptr);
    QCOMPARE(table->rowCount(), 7 + 2); // the park's seven figures, the hall's PUE and days
    QCOMPARE(table->item(0, 2)->text(), parktwin::studio::human_number(pue.p50));
    QVERIFY(!table->item(0, 4)->text().isEmpty()); // the strongest parameter, named
    // The hall by its name, not its id.
    const QString hall = QString::fromStdString(w.scenario()->park().wings[0].buildings[0].halls[0].name);
    QVERIFY2(!hall.isEmpty() && table->item(7, 0)->text().startsWith(hall), qPrintable(table->item(7, 0)->text()));
    dlg->close();
  }

  void autosaveRecoversUnsavedChanges() {
    QVERIFY(w_->isWindowModified()); // the edit above
    w_->write_autosave();
    QVERIFY(QFile::exists(MainWindow::autosave_path()));
    const auto edited = w_->scenario()->document();
    const QString file = w_->current_file();
    // A second window, as after a crash.
    MainWindow other;
    QSignalSpy shown(&other, &MainWindow::results_shown);
    QVERIFY(other.recover_autosave());
    // Issue 12, item 11: the recovery file stays while the recovered edits are unsaved, so a
    // second crash loses nothing.
    QVERIFY(QFile::exists(MainWindow::autosave_path()));
    {
      MainWindow third;
      QVERIFY(third.recover_autosave());
      QCOMPARE(third.scenario()->document(), edited);
    }
    QCOMPARE(other.scenario()->document(), edited);
    QCOMPARE(other.current_file(), file);
    QVERIFY(other.isWindowModified());
    QVERIFY(shown.wait(60000));
    QVERIFY(other.save());
    QVERIFY(!QFile::exists(MainWindow::autosave_path())); // saved: nothing left to recover
  }

  void newBlankPark() {
    QSignalSpy shown(w_.get(), &MainWindow::results_shown);
    w_->new_scenario(false);
    QCOMPARE(w_->current_file(), QString());
    QCOMPARE(w_->park_scene()->building_actor_count(), std::size_t(1));
    QVERIFY(shown.wait(60000));
    QCOMPARE(w_->result()->halls.size(), std::size_t(1));
    w_->new_scenario(true);
    QVERIFY(shown.wait(60000));
    QCOMPARE(w_->result()->halls.size(), std::size_t(48));
  }

  void theParksSupplyIsDrawnAndItsGreenShareShown() {
    QSignalSpy shown(w_.get(), &MainWindow::results_shown);
    if (w_->simulating() || w_->supply() == nullptr) {
      QVERIFY(shown.wait(60000));
    }
    // Every roof of the built-in park carries PV rows; the park's figures give the computed green
    // share against the stage's target, as the supply year says.
    QVERIFY(w_->park_scene()->pv_row_count() > 100);
    QVERIFY(w_->select(""));
    const QString text = w_->figures()->text();
    QVERIFY2(text.contains(QString("Green share (with certificates)")), qPrintable(text));
    const auto* s = w_->supply();
    QVERIFY(s != nullptr);
    QVERIFY2(text.contains(QString::number(100.0 * s->accounts.green_share, 'f', 1)), qPrintable(text));
    QVERIFY(s->target.has_value());
  }

  void chartsExportPictureAndData() {
    QSignalSpy shown(w_.get(), &MainWindow::results_shown);
    if (w_->simulating()) {
      QVERIFY(shown.wait(60000));
    }
    QVERIFY(w_->select("mobile-2-h1"));
    auto* charts = w_->charts();
    QCOMPARE(charts->keys().size(), 11);
    for (const QString& key : charts->keys()) {
      const QString png = tmp_.filePath(key + ".png"), svg = tmp_.filePath(key + ".svg");
      QVERIFY2(charts->export_png(key, png), qPrintable(key));
      QVERIFY2(charts->export_svg(key, svg), qPrintable(key));
      const QImage img(png);
      QVERIFY2(!img.isNull() && img.width() > 200, qPrintable(key));
      std::set<QRgb> colours;
      for (int y = 0; y < img.height(); y += 4) {
        for (int x = 0; x < img.width(); x += 4) {
          colours.insert(img.pixel(x, y));
        }
      }
      QVERIFY2(colours.size() > 5, qPrintable(key + ": blank picture"));
      QFile f(svg);
      QVERIFY(f.open(QIODevice::ReadOnly));
      QVERIFY2(f.readAll().contains("<svg"), qPrintable(key));
      QVERIFY2(charts->csv(key).count('\n') > 10, qPrintable(key));
    }
    QCOMPARE(charts->csv("carpet-mode").count('\n'), 8761);
    // The park's supply (the built-in park's roof PV, the plan's PV rule, the battery): a week of
    // hours, a year of cells, and months whose green energy used and grid import make the load.
    QCOMPARE(charts->csv("supply-week").count('\n'), 169);
    QCOMPARE(charts->csv("carpet-green").count('\n'), 8761);
    // The built-in park's dispatch: a week of its IT power as profiled and as dispatched, the same
    // energy each day (daily windows), and some of it moved.
    const QStringList week = charts->csv("dispatch-week").split('\n', Qt::SkipEmptyParts);
    QCOMPARE(week.size(), 169);
    double moved = 0.0;
    for (int day = 0; day < 7; ++day) {
      double before = 0.0, after = 0.0;
      for (int h = 1 + 24 * day; h < 25 + 24 * day; ++h) {
        const QStringList c = week[h].split(',');
        before += c[1].toDouble();
        after += c[2].toDouble();
        moved += std::abs(c[2].toDouble() - c[1].toDouble());
      }
      QVERIFY2(std::abs(after - before) < 2e-3 * before, qPrintable(QString("day %1: %2 vs %3 kWh").arg(day).arg(after).arg(before)));
    }
    QVERIFY(moved > 0.0);
    const QStringList months = charts->csv("supply-monthly").split('\n', Qt::SkipEmptyParts);
    QCOMPARE(months.size(), 13);
    for (int i = 1; i < months.size(); ++i) {
      const QStringList c = months[i].split(',');
      const double load = c[1].toDouble(), supplied = c[2].toDouble() + c[3].toDouble();
      QVERIFY2(supplied >= load * (1.0 - 1e-3), qPrintable(months[i])); // storage charged from the grid adds a little
    }
    QCOMPARE(charts->csv("psychrometric").count('\n'), 8761);
    // The monthly figures add up to the hall's year.
    const QStringList rows = charts->csv("monthly-pue").split('\n', Qt::SkipEmptyParts);
    QCOMPARE(rows.size(), 13);
    double it = 0, fac = 0;
    for (int i = 1; i < rows.size(); ++i) {
      it += rows[i].split(',')[1].toDouble();
      fac += rows[i].split(',')[2].toDouble();
    }
    double pue = 0;
    for (const auto& r : w_->result()->halls) {
      pue = r.hall_id == "mobile-2-h1" ? r.pue() : pue;
    }
    QVERIFY2(std::abs(fac / it - pue) < 1e-4, qPrintable(QString("%1 vs %2").arg(fac / it).arg(pue)));
  }

  void chineseTranslationCoversEveryString() {
    // Every message of the Chinese file is translated ...
    QFile ts(PARKTWIN_SOURCE_DIR "/app/studio/translations/parktwin_zh_CN.ts");
    QVERIFY(ts.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&ts);
    QString context, source;
    std::vector<std::pair<QString, QString>> messages; // context, source
    QSet<QString> english;                             // sources whose translation differs
    while (!xml.atEnd()) {
      xml.readNext();
      if (!xml.isStartElement()) {
        continue;
      }
      if (xml.name() == QLatin1String("name")) {
        context = xml.readElementText();
      } else if (xml.name() == QLatin1String("source")) {
        source = xml.readElementText();
      } else if (xml.name() == QLatin1String("translation")) {
        const QString type = xml.attributes().value("type").toString();
        // Plural forms (<numerusform>) inside: their texts together.
        const QString text = xml.readElementText(QXmlStreamReader::IncludeChildElements).trimmed();
        QVERIFY2(type.isEmpty(), qPrintable(source + " is " + type));
        QVERIFY2(!text.isEmpty(), qPrintable("untranslated: " + source));
        messages.emplace_back(context, source);
        if (text != source) {
          english.insert(QString(source).remove('&'));
        }
      }
    }
    QVERIFY(!xml.hasError());
    QVERIFY(messages.size() > 100);
    // ... and the compiled translation built into the program gives each of them.
    QTranslator t;
    QVERIFY(t.load(":/i18n/parktwin_zh_CN.qm"));
    for (const auto& [c, src] : messages) {
      QVERIFY2(!t.translate(c.toUtf8().constData(), src.toUtf8().constData(), nullptr, src.contains("%n") ? 2 : -1).isEmpty(),
               qPrintable(src));
    }
    // The window switches, and no visible text is left in English.
    QVERIFY(w_->set_language("zh"));
    QCOMPARE(w_->menuBar()->actions().at(0)->text(), QString::fromUtf8("文件(&F)"));
    QStringList visible;
    for (QWidget* wd : w_->findChildren<QWidget*>()) {
      // The main window and its menus (a comparison window opened before keeps its language).
      if (wd->window() != w_.get() && qobject_cast<QMenu*>(wd) == nullptr) {
        continue;
      }
      if (auto* l = qobject_cast<QLabel*>(wd)) {
        visible << l->text();
      } else if (auto* b = qobject_cast<QAbstractButton*>(wd)) {
        visible << b->text();
      } else if (auto* d = qobject_cast<QDockWidget*>(wd)) {
        visible << d->windowTitle();
      } else if (auto* tw = qobject_cast<QTabWidget*>(wd)) {
        for (int i = 0; i < tw->count(); ++i) {
          visible << tw->tabText(i);
        }
      } else if (auto* m = qobject_cast<QMenu*>(wd)) {
        visible << m->title();
        for (QAction* a : m->actions()) {
          visible << a->text();
        }
      }
    }
    for (const QString& v : visible) {
      QVERIFY2(!english.contains(QString(v).remove('&').trimmed()) && !english.contains(QString(v).remove('&')),
               qPrintable("still in English: " + v));
    }
    // Qt's own dialog buttons, and the properties by the schema's Chinese titles (issue 13).
    QVERIFY(w_->qt_texts_translated());
    QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"), QString::fromUtf8("取消"));
    QVERIFY(w_->select("silk-1a-h1"));
    QCOMPARE(property_item(w_->properties(), "halls[*].floor_area_m2", 0).data().toString(), QString::fromUtf8("机房面积"));
    QCOMPARE(property_item(w_->properties(), "halls[*].air.supply_air_C", 0).data().toString(), QString::fromUtf8("送风温度"));
    QVERIFY(w_->set_language("en"));
    QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"), QString("Cancel"));
    QCOMPARE(property_item(w_->properties(), "halls[*].floor_area_m2", 0).data().toString(), QString("Floor area"));
    QCOMPARE(w_->menuBar()->actions().at(0)->text(), QString("&File"));
    QVERIFY(!w_->set_language("fr"));
  }

  void switchingTheLanguageFromItsMenuDoesNotCrash() {
    // Issue 12, item 19: after a click in the park tree, choosing the language in the View menu
    // crashed: the menus were deleted while the Language menu was still handling the choice. The
    // choice made as a user makes it, by the keyboard inside the open menu.
    QVERIFY(w_->select("silk-1a-h1"));
    QTreeView* tree = w_->tree();
    QVERIFY(tree != nullptr);
    QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, tree->visualRect(tree->currentIndex()).center());
    const auto choose = [&](const QString& view_title, const QString& language) {
      QMenu* view = nullptr;
      for (QAction* a : w_->menuBar()->actions()) {
        if (a->text() == view_title) {
          view = a->menu();
        }
      }
      QVERIFY(view != nullptr);
      QMenu* lang = view->actions().at(0)->menu();
      QVERIFY(lang != nullptr);
      QAction* target = nullptr;
      for (QAction* a : lang->actions()) {
        if (a->text() == language) {
          target = a;
        }
      }
      QVERIFY(target != nullptr);
      lang->popup(w_->mapToGlobal(QPoint(50, 50)));
      QVERIFY(QTest::qWaitForWindowExposed(lang));
      lang->setActiveAction(target);
      QTest::keyClick(lang, Qt::Key_Return);
      QCoreApplication::processEvents();
      QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    };
    choose("&View", QString::fromUtf8("\u7B80\u4F53\u4E2D\u6587"));
    QVERIFY(w_->menuBar()->actions().at(0)->text() != QString("&File"));
    choose(w_->menuBar()->actions().at(2)->text(), "English");
    QCOMPARE(w_->menuBar()->actions().at(0)->text(), QString("&File"));
  }

  void climatePanelAndAnotherClimate() {
    QVERIFY(w_->climate_text().contains("haidong-park"));
    QVERIFY(w_->climate_text().contains("7.6")); // the park year's annual mean, C
    QSignalSpy shown(w_.get(), &MainWindow::results_shown);
    if (w_->simulating()) {
      QVERIFY(shown.wait(60000));
    }
    const double pue = [&] {
      for (const auto& r : w_->result()->halls) {
        if (r.hall_id == "mobile-2-h1") {
          return r.pue();
        }
      }
      return 0.0;
    }();
    QVERIFY(w_->set_climate("shaoguan"));
    QCOMPARE(w_->scenario()->park().site.climate, std::string("shaoguan"));
    QVERIFY(shown.wait(60000));
    QVERIFY(w_->climate_text().contains("Shaoguan"));
    QVERIFY(w_->climate_text().contains("Guangdong hub")); // what the station stands in for
    for (const auto& r : w_->result()->halls) {
      if (r.hall_id == "mobile-2-h1") {
        QVERIFY2(r.pue() > pue, "a hot, humid site needs more cooling energy");
      }
    }
    QVERIFY(!w_->set_climate("/nonexistent/file.epw"));
    QCOMPARE(w_->scenario()->park().site.climate, std::string("shaoguan"));
    w_->undo_stack()->undo();
    QCOMPARE(w_->scenario()->park().site.climate, std::string("haidong-park"));
    QVERIFY(shown.wait(60000));
  }



  void theParkViewReadsAtParkScale() {
    // Legend ticks people read: 1-2-5 steps, the decimals they need, never e-notation.
    auto t = parktwin::scene::nice_ticks(1.085, 1.162);
    QCOMPARE(t.format, std::string("%.2f"));
    QCOMPARE(t.values.front(), 1.10);
    QVERIFY(std::abs(t.values.back() - 1.16) < 1e-12);
    t = parktwin::scene::nice_ticks(0, 65000);
    QCOMPARE(t.format, std::string("%.0f"));
    QCOMPARE(t.values.size(), std::size_t(4)); // 0, 20000, 40000, 60000
    t = parktwin::scene::nice_ticks(-0.004, 0.003);
    QCOMPARE(t.format, std::string("%.3f"));
    // The park above the legend band in every preset: no building under a legend.
    QVERIFY(w_->select("east"));
    for (const QString preset : {"park", "iso", "top", "wing:east", "building:silk-1a"}) {
      QVERIFY(w_->set_view(preset));
      const QImage img = w_->view()->grabFramebuffer();
      const double band = 0.16 * img.height();
      for (const auto& wing : w_->scenario()->park().wings) {
        for (const auto& b : wing.buildings) {
          const bool framed = preset == "park" || preset == "iso" || preset == "top" ||
                              (preset == "wing:east" && wing.id == "east") || (preset == "building:silk-1a" && b.id == "silk-1a");
          if (!framed) {
            continue;
          }
          for (const auto& v : b.footprint) {
            for (const double z : {0.0, b.height_m}) {
              const QPoint at = on_screen(w_->view(), v.x_m, v.y_m, z);
              QVERIFY2(w_->view()->height() - at.y() >= band / w_->view()->devicePixelRatioF() - 1,
                       qPrintable(preset + ": " + QString::fromStdString(b.id) + " under the legend band"));
            }
          }
        }
      }
    }
    // Labels decluttered at park scale: some hidden, the wings' names kept.
    QVERIFY(w_->set_view("park"));
    w_->view()->grabFramebuffer();
    const std::size_t all = buildings_in(w_->scenario()->park()) + w_->scenario()->park().wings.size();
    QVERIFY2(w_->park_scene()->labels_shown() < all, qPrintable(QString::number(w_->park_scene()->labels_shown())));
    QVERIFY(w_->park_scene()->labels_shown() >= w_->scenario()->park().wings.size());
    // Labels that do not fit at their place are moved a line or two off it with a leader line
    // back, rather than hidden.
    QVERIFY2(w_->park_scene()->labels_with_leaders() > 0, qPrintable(QString::number(w_->park_scene()->labels_with_leaders())));
    QVERIFY(w_->park_scene()->labels_with_leaders() <= w_->park_scene()->labels_shown());
    // Closer, more labels fit.
    const std::size_t at_park = w_->park_scene()->labels_shown();
    QVERIFY(w_->set_view("wing:east"));
    w_->view()->grabFramebuffer();
    QVERIFY(w_->park_scene()->labels_shown() >= at_park);
    // A hall selected is outlined in its open building.
    QVERIFY(w_->select("silk-1a-h2"));
    QCOMPARE(w_->park_scene()->highlighted_hall(), std::string("silk-1a-h2"));
    QVERIFY(w_->select("silk-1a"));
    QCOMPARE(w_->park_scene()->highlighted_hall(), std::string());
    QVERIFY(w_->set_view("iso"));
  }

  // --- Layout editing (issue 13): real key presses, clicks and drags ---------------------------

  /// The park tree with the keyboard focus, in the active window (as a user's click gives it).
  bool focus_tree() {
    for (QWidget* top : QApplication::topLevelWidgets()) {
      if (top != w_.get() && top->isVisible() && qobject_cast<QDialog*>(top) != nullptr) {
        top->close();
      }
    }
    w_->activateWindow();
    if (!QTest::qWaitForWindowActive(w_.get())) {
      return false;
    }
    w_->tree()->setFocus();
    return QApplication::focusWidget() == w_->tree();
  }

  void reopenTheBuiltInPark() {
    QSignalSpy shown(w_.get(), &MainWindow::results_shown);
    QVERIFY(w_->open_scenario("haidong"));
    QVERIFY(shown.wait(60000));
    w_->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(w_.get()));
  }

  void addDuplicateRotateAndDeleteWithTheKeyboard() {
    QSignalSpy shown(w_.get(), &MainWindow::results_shown);
    const auto& doc0 = w_->scenario()->document();
    const parktwin::model::Json original = doc0;
    const std::size_t n0 = buildings_in(w_->scenario()->park());
    QVERIFY(w_->select("east"));
    QVERIFY(focus_tree());
    // Add a building to the east wing: Ctrl+Shift+B in the park tree.
    QTest::keyClick(w_->tree(), Qt::Key_B, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(buildings_in(w_->scenario()->park()), n0 + 1);
    const QString added = w_->selected_id();
    QVERIFY2(added.startsWith("east-b"), qPrintable(added));
    QCOMPARE(w_->park_scene()->building_actor_count(), n0 + 1);
    QVERIFY(shown.wait(60000));
    QCOMPARE(w_->last_simulated_halls(), std::size_t(1)); // only the new hall is integrated
    // A second hall in it: Ctrl+Shift+H.
    QTest::keyClick(w_->tree(), Qt::Key_H, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(building_of(w_->scenario()->park(), added.toStdString())->halls.size(), std::size_t(2));
    // Duplicate the building (Ctrl+D): a copy with new ids beside it.
    QVERIFY(w_->select(added));
    QVERIFY(focus_tree());
    QTest::keyClick(w_->tree(), Qt::Key_D, Qt::ControlModifier);
    const QString copy = w_->selected_id();
    QCOMPARE(copy, added + "-2");
    const auto* c = building_of(w_->scenario()->park(), copy.toStdString());
    QVERIFY(c != nullptr);
    QCOMPARE(c->halls.size(), std::size_t(2));
    // Rotate the copy a quarter turn (Ctrl+R): 60 m x 40 m becomes 40 m x 60 m.
    QTest::keyClick(w_->tree(), Qt::Key_R, Qt::ControlModifier);
    c = building_of(w_->scenario()->park(), copy.toStdString());
    const auto box = parktwin::model::bounding_box(c->footprint);
    QVERIFY2(std::abs((box.x1 - box.x0) - 40.0) < 1e-6, qPrintable(QString::number(box.x1 - box.x0)));
    // Delete it with the Delete key: the selection goes to its wing.
    QTest::keyClick(w_->tree(), Qt::Key_Delete);
    QVERIFY(building_of(w_->scenario()->park(), copy.toStdString()) == nullptr);
    QCOMPARE(w_->selected_id(), QString("east"));
    // The only hall of a building cannot be deleted: the reason is shown, nothing changes.
    QVERIFY(w_->select("north-1-h1"));
    QVERIFY(focus_tree());
    const auto before = w_->scenario()->document();
    const int steps = w_->undo_stack()->index();
    QTest::keyClick(w_->tree(), Qt::Key_Delete);
    QCOMPARE(w_->scenario()->document(), before);
    QCOMPARE(w_->undo_stack()->index(), steps);
    bool shown_reason = false;
    for (auto* l : w_->findChildren<QLabel*>()) {
      shown_reason = shown_reason || (l->isVisible() && l->text().contains("delete the building instead"));
    }
    QVERIFY(shown_reason);
    // Undo each step back to the original, and redo them.
    QCOMPARE(steps, 5);
    for (int k = 0; k < steps; ++k) {
      w_->undo_stack()->undo();
    }
    QCOMPARE(w_->scenario()->document(), original);
    QCOMPARE(w_->park_scene()->building_actor_count(), n0);
    for (int k = 0; k < steps; ++k) {
      w_->undo_stack()->redo();
    }
    QVERIFY(building_of(w_->scenario()->park(), added.toStdString()) != nullptr);
    QVERIFY(building_of(w_->scenario()->park(), copy.toStdString()) == nullptr);
    if (w_->simulating()) {
      QVERIFY(shown.wait(60000));
    }
  }

  void dragABuildingOnTheGround() {
    // The building added by the test before, seen from the top.
    const auto& park = w_->scenario()->park();
    std::string id;
    for (const auto& b : park.wings[1].buildings) {
      id = b.id; // the last of the east wing: the one added
    }
    QVERIFY(QString::fromStdString(id).startsWith("east-b"));
    QVERIFY(w_->select(QString::fromStdString(id)));
    QVERIFY(w_->set_view("wing:east"));
    QVERIFY(w_->set_view("top"));
    w_->view()->grabFramebuffer();
    const auto* b = building_of(park, id);
    const auto centre = parktwin::model::vertex_centroid(b->footprint);
    const parktwin::model::Point start = b->position;
    // A free place 40 m away (the first direction the model allows).
    parktwin::model::Point delta{0, 0};
    for (const auto& d : {parktwin::model::Point{40, 0}, {-40, 0}, {0, 40}, {0, -40}}) {
      if (parktwin::model::layout::move_building(w_->scenario()->document(), id, {start.x_m + d.x_m, start.y_m + d.y_m}).ok()) {
        delta = d;
        break;
      }
    }
    QVERIFY(delta.x_m != 0 || delta.y_m != 0);
    const int steps = w_->undo_stack()->index();
    const QPoint from = on_screen(w_->view(), centre.x_m, centre.y_m, b->height_m);
    const QPoint to = on_screen(w_->view(), centre.x_m + delta.x_m, centre.y_m + delta.y_m, b->height_m);
    drag(w_->view(), from, to);
    QCOMPARE(w_->undo_stack()->index(), steps + 1);
    const auto* moved = building_of(w_->scenario()->park(), id);
    QVERIFY2(std::abs(moved->position.x_m - start.x_m - delta.x_m) <= parktwin::model::layout::kGrid_m &&
                 std::abs(moved->position.y_m - start.y_m - delta.y_m) <= parktwin::model::layout::kGrid_m,
             qPrintable(QString("(%1, %2) -> (%3, %4)").arg(start.x_m).arg(start.y_m).arg(moved->position.x_m).arg(moved->position.y_m)));
    // On the grid.
    QCOMPARE(std::fmod(moved->position.x_m, parktwin::model::layout::kGrid_m), 0.0);
    // Onto silk-1a: red while it is there, refused on release, back where it was.
    const auto* target = building_of(w_->scenario()->park(), "silk-1a");
    const auto tc = parktwin::model::vertex_centroid(target->footprint);
    const auto doc = w_->scenario()->document();
    const auto mc = parktwin::model::vertex_centroid(moved->footprint);
    const QPoint from2 = on_screen(w_->view(), mc.x_m, mc.y_m, moved->height_m);
    const QPoint to2 = on_screen(w_->view(), tc.x_m, tc.y_m, moved->height_m);
    QTest::mousePress(w_->view(), Qt::LeftButton, Qt::NoModifier, from2);
    for (int k = 1; k <= 8; ++k) {
      QTest::mouseMove(w_->view(), from2 + (to2 - from2) * k / 8);
    }
    QVERIFY(w_->view()->dragging());
    QCOMPARE(w_->park_scene()->preview_state(id)[2], 0.0); // refused: drawn red
    QTest::mouseRelease(w_->view(), Qt::LeftButton, Qt::NoModifier, to2);
    QCOMPARE(w_->scenario()->document(), doc);
    QCOMPARE(w_->undo_stack()->index(), steps + 1);
    QCOMPARE(w_->park_scene()->preview_state(id)[0], 0.0); // snapped back
    // Undo puts it back where it was.
    w_->undo_stack()->undo();
    QCOMPARE(building_of(w_->scenario()->park(), id)->position.x_m, start.x_m);
    w_->undo_stack()->redo();
    // A press on a building that is not selected still turns the camera, moving nothing.
    QVERIFY(w_->select("silk-1b"));
    QVERIFY(w_->select("east"));
    const auto doc2 = w_->scenario()->document();
    drag(w_->view(), to2, to2 + QPoint(40, 10));
    QCOMPARE(w_->scenario()->document(), doc2);
    QVERIFY(w_->set_view("iso"));
  }

  void aFootprintIsEditedAsItsCorners() {
    // A building added as a user adds it (60 m x 40 m), if the tests before did not leave one.
    std::string id;
    for (const auto& b : w_->scenario()->park().wings[1].buildings) {
      id = b.id;
    }
    if (id.rfind("east-b", 0) != 0) {
      QVERIFY(w_->select("east"));
      w_->layout_action("add-building")->trigger();
      id = w_->selected_id().toStdString();
    }
    QVERIFY(w_->select(QString::fromStdString(id)));
    const QModelIndex f = property_item(w_->properties(), "buildings[*].footprint_m");
    QVERIFY(f.isValid() && (f.flags() & Qt::ItemIsEditable));
    QCOMPARE(f.data().toString(), QString("0, 0; 60, 0; 60, 40; 0, 40"));
    // Crossed corners, typed into the cell: refused, nothing changes.
    const auto doc = w_->scenario()->document();
    QVERIFY(type_into(w_->properties(), "buildings[*].footprint_m", "0, 0; 60, 40; 60, 0; 0, 40"));
    const auto reason_shown = [&] {
      for (auto* l : w_->findChildren<QLabel*>()) {
        if (l->isVisible() && l->text().contains("not a simple polygon")) {
          return true;
        }
      }
      return false;
    };
    QTRY_VERIFY(reason_shown());
    QCOMPARE(w_->scenario()->document(), doc);
    // 10 m longer where the wing has room (the model's own check picks the side).
    const auto grown = [&](int side) {
      const double x1 = side == 0 ? 70 : 60, x0 = side == 1 ? -10 : 0;
      return QString("%1, 0; %2, 0; %2, 40; %1, 40").arg(x0).arg(x1);
    };
    int side = -1;
    for (int s = 0; s < 2 && side < 0; ++s) {
      const parktwin::model::Json corners = s == 0 ? parktwin::model::Json{{0, 0}, {70, 0}, {70, 40}, {0, 40}}
                                                   : parktwin::model::Json{{-10, 0}, {60, 0}, {60, 40}, {-10, 40}};
      parktwin::model::Json d = doc;
      d[parktwin::model::Json::json_pointer(w_->pointer_of(id) + "/footprint_m")] = corners;
      side = parktwin::model::Scenario::check(d).empty() ? s : -1;
    }
    QVERIFY(side >= 0);
    QVERIFY(type_into(w_->properties(), "buildings[*].footprint_m", grown(side)));
    QTRY_COMPARE(parktwin::model::area_m2(building_of(w_->scenario()->park(), id)->footprint), 70.0 * 40.0);
    w_->undo_stack()->undo();
    QCOMPARE(w_->scenario()->document(), doc);
  }

  void coolingKindsEnumsAndBooleansAreWidgets() {
    // Let the runs of the edits before settle (the re-run starts 150 ms after an edit).
    QSignalSpy shown(w_.get(), &MainWindow::results_shown);
    QTest::qWait(400);
    QTRY_VERIFY_WITH_TIMEOUT(!w_->simulating(), 60000);
    QTest::qWait(50);
    const auto pue_of = [&](const std::string& id) {
      for (const auto& r : w_->result()->halls) {
        if (r.hall_id == id) {
          return r.pue();
        }
      }
      return 0.0;
    };
    QVERIFY(w_->select("silk-1a-h1"));
    // Enumerations are combo boxes and booleans check boxes, never free text.
    auto* technology = open_editor<QComboBox>(w_->properties(), "cooling.liquid.technology");
    QVERIFY(technology != nullptr); // a choice of the schema's two, not a text field
    QCOMPARE(technology->count(), 2);
    QTest::keyClick(technology, Qt::Key_Escape);
    const QModelIndex assist = property_item(w_->properties(), "cooling.liquid.adiabatic_assist");
    QVERIFY(assist.flags() & Qt::ItemIsUserCheckable);
    QVERIFY(!(assist.flags() & Qt::ItemIsEditable));
    QVERIFY(assist.data(Qt::CheckStateRole).isValid());
    // The air system's kind of a hall that feeds no heat network (so that it alone changes):
    // indirect evaporative -> direct air (the kind above it in the list).
    QVERIFY(w_->select("mobile-2-h1"));
    auto* kind = open_editor<QComboBox>(w_->properties(), "halls[*].cooling.air_system");
    QVERIFY(kind != nullptr);
    QCOMPARE(kind->objectName(), QString("air-system-kind"));
    QCOMPARE(kind->currentText(), QString("indirect_evaporative"));
    const double pue = pue_of("mobile-2-h1");
    QTest::keyClick(kind, Qt::Key_Up);
    QTRY_VERIFY(w_->scenario()->document().at(parktwin::model::Json::json_pointer(w_->pointer_of("mobile-2-h1")))["cooling"]["air_system"].contains("direct_air_economizer"));
    QVERIFY(shown.wait(60000));
    QCOMPARE(w_->last_simulated_halls(), std::size_t(1));
    QVERIFY2(std::abs(pue_of("mobile-2-h1") - pue) > 1e-4, qPrintable(QString("%1 -> %2").arg(pue).arg(pue_of("mobile-2-h1"))));
    w_->undo_stack()->undo();
    QVERIFY(shown.wait(60000));
    QCOMPARE(pue_of("mobile-2-h1"), pue);
    // Liquid cooling on for an air-cooled hall: a click on its check box.
    QVERIFY(w_->select("mobile-2-h1"));
    const QModelIndex liquid = property_item(w_->properties(), "halls[*].cooling.liquid");
    QVERIFY(liquid.isValid());
    QCOMPARE(liquid.data(Qt::CheckStateRole).toInt(), int(Qt::Unchecked));
    const double air_pue = pue_of("mobile-2-h1");
    QVERIFY(toggle(w_->properties(), "halls[*].cooling.liquid"));
    QTRY_VERIFY(w_->scenario()->document().at(parktwin::model::Json::json_pointer(w_->pointer_of("mobile-2-h1")))["cooling"].contains("liquid"));
    QVERIFY(shown.wait(60000));
    QVERIFY(std::abs(pue_of("mobile-2-h1") - air_pue) > 1e-4);
    w_->undo_stack()->undo();
    QVERIFY(shown.wait(60000));
  }

  void theStageSelectorShowsEveryStage() {
    QSignalSpy shown(w_.get(), &MainWindow::results_shown);
    QComboBox* stages = w_->stage_box();
    QCOMPARE(stages->count(), static_cast<int>(w_->scenario()->park().stages.size()));
    QCOMPARE(w_->stage_id(), QString("2030")); // the scenario's default_stage, as `parktwin run`
    QVERIFY(stages->currentText().contains("2030"));
    stages->setFocus();
    QTest::keyClick(stages, Qt::Key_Up);
    QCOMPARE(w_->stage_id(), QString("2027"));
    QVERIFY(shown.wait(60000));
    std::size_t in_2027 = 0;
    for (const auto& w : w_->scenario()->park().wings) {
      for (const auto& b : w.buildings) {
        for (const auto& h : b.halls) {
          in_2027 += w_->scenario()->park().service_year(h) <= 2027 ? 1 : 0;
        }
      }
    }
    QCOMPARE(w_->result()->halls.size(), in_2027);
    QVERIFY(in_2027 < std::size_t(48));
    // An edit keeps the stage.
    QVERIFY(w_->select("east"));
    w_->layout_action("add-wing")->trigger();
    QCOMPARE(w_->stage_id(), QString("2027"));
    w_->undo_stack()->undo();
    QVERIFY(w_->set_stage("2030"));
    QVERIFY(!w_->set_stage("1999"));
    QVERIFY(shown.wait(60000));
    std::size_t in_2030 = 0;
    for (const auto& w : w_->scenario()->park().wings) {
      for (const auto& b : w.buildings) {
        for (const auto& h : b.halls) {
          in_2030 += w_->scenario()->park().service_year(h) <= 2030 ? 1 : 0;
        }
      }
    }
    QCOMPARE(w_->result()->halls.size(), in_2030);
    QCOMPARE(in_2030, std::size_t(48 + 2)); // and the two halls added before
  }

  void aBuildingMovedIntoAnotherWingBelongsToIt() {
    // A building's position typed into the west wing: it becomes a west-wing building (the tree
    // shows it there), and undo brings it back.
    const auto doc = w_->scenario()->document();
    std::optional<parktwin::model::Point> free;
    for (double y = 0; y <= 1000 && !free; y += 50) {
      for (double x = 0; x <= 900 && !free; x += 50) {
        const auto m = parktwin::model::layout::move_building(doc, "silk-2", {x, y});
        if (m.ok() && parktwin::model::layout::locate(m.document, "silk-2")->pointer.rfind("/wings/0/", 0) == 0) {
          free = parktwin::model::Point{x, y};
        }
      }
    }
    QVERIFY(free.has_value());
    QVERIFY(w_->select("silk-2"));
    QVERIFY(type_into(w_->properties(), "buildings[*].position_m", QString("%1, %2").arg(free->x_m).arg(free->y_m)));
    QTRY_VERIFY(w_->pointer_of("silk-2").rfind("/wings/0/", 0) == 0);
    const QModelIndex in_tree = qobject_cast<const parktwin::studio::ParkTreeModel*>(w_->tree()->model())->find("silk-2");
    QCOMPARE(in_tree.parent().data(parktwin::studio::ParkTreeModel::IdRole).toString(), QString("west"));
    QCOMPARE(w_->selected_id(), QString("silk-2"));
    w_->undo_stack()->undo();
    QCOMPARE(w_->scenario()->document(), doc);
  }

  void aRackTemplateIsDroppedOnAHall() {
    // The equipment library's templates dragged onto a hall: in the park tree, and in the 3D view.
    auto* library = w_->equipment_library();
    QVERIFY(library != nullptr);
    QCOMPARE(library->count(), static_cast<int>(parktwin::model::layout::rack_templates().size()));
    // What a drag from the library carries (the list's own model asks the library for it).
    std::unique_ptr<QMimeData> data(library->model()->mimeData({library->model()->index(0, 0)}));
    QVERIFY(data != nullptr);
    QCOMPARE(parktwin::studio::EquipmentLibrary::template_of(data.get()), QString("air-8kW"));
    const auto groups_of = [&](const std::string& hall) {
      return w_->scenario()->document().at(parktwin::model::Json::json_pointer(w_->pointer_of(hall)))["rack_groups"].size();
    };
    // Over the tree: refused on a wing, accepted on a hall, and the drop adds the group there.
    QTreeView* tree = w_->tree();
    const auto* model = qobject_cast<const parktwin::studio::ParkTreeModel*>(tree->model());
    const auto drag_to = [&](QWidget* target, QPoint at) {
      QDragEnterEvent enter(at, Qt::CopyAction, data.get(), Qt::LeftButton, Qt::NoModifier);
      QApplication::sendEvent(target, &enter);
      QDragMoveEvent move(at, Qt::CopyAction, data.get(), Qt::LeftButton, Qt::NoModifier);
      QApplication::sendEvent(target, &move);
      return move.isAccepted();
    };
    const auto drop_at = [&](QWidget* target, QPoint at) {
      QDropEvent drop(at, Qt::CopyAction, data.get(), Qt::LeftButton, Qt::NoModifier);
      QApplication::sendEvent(target, &drop);
      return drop.isAccepted();
    };
    const QModelIndex wing = model->find("west");
    tree->scrollTo(wing);
    QVERIFY(!drag_to(tree->viewport(), tree->visualRect(wing).center()));
    const auto doc = w_->scenario()->document();
    QVERIFY(!drop_at(tree->viewport(), tree->visualRect(wing).center()));
    QCOMPARE(w_->scenario()->document(), doc);
    const QModelIndex hall = model->find("mobile-2-h1");
    tree->scrollTo(hall);
    const QPoint on_hall = tree->visualRect(hall).center();
    QVERIFY(drag_to(tree->viewport(), on_hall));
    const std::size_t before = groups_of("mobile-2-h1");
    QVERIFY(drop_at(tree->viewport(), on_hall));
    QCOMPARE(groups_of("mobile-2-h1"), before + 1);
    QVERIFY2(w_->selected_id().startsWith("mobile-2-h1/air-8kW"), qPrintable(w_->selected_id()));
    w_->undo_stack()->undo();
    QCOMPARE(w_->scenario()->document(), doc);
    // Over the 3D view: on a building, the group goes to its hall.
    QVERIFY(w_->select("west"));
    QVERIFY(w_->set_view("top"));
    w_->view()->grabFramebuffer();
    const auto* b = building_of(w_->scenario()->park(), "mobile-2");
    QVERIFY(b != nullptr);
    const auto c = parktwin::model::vertex_centroid(b->footprint);
    const QPoint on_building = on_screen(w_->view(), c.x_m, c.y_m, b->height_m);
    const std::string target = b->halls.front().id;
    const std::size_t in_view_before = groups_of(target);
    QVERIFY(drag_to(w_->view(), on_building));
    QVERIFY(drop_at(w_->view(), on_building));
    QCOMPARE(groups_of(target), in_view_before + 1);
    QVERIFY2(w_->selected_id().startsWith(QString::fromStdString(target) + "/air-8kW"), qPrintable(w_->selected_id()));
    w_->undo_stack()->undo();
    QCOMPARE(w_->scenario()->document(), doc);
    // On empty ground: not accepted.
    QVERIFY(!drag_to(w_->view(), QPoint(3, 3)));
    QVERIFY(w_->set_view("iso"));
  }

  void aLayoutEngineersWhatIf() {
    // Issue 13's "done": without touching JSON, add a hall with rack rows to a new building in
    // the east wing, move it, switch it to liquid cooling, and compare with the park without it.
    QSignalSpy shown(w_.get(), &MainWindow::results_shown);
    QVERIFY(w_->open_scenario("haidong"));
    QVERIFY(shown.wait(60000));
    const QString without = tmp_.filePath("without.json");
    QVERIFY(w_->save_as(without));
    QVERIFY(w_->select("east"));
    QVERIFY(focus_tree());
    QTest::keyClick(w_->tree(), Qt::Key_B, Qt::ControlModifier | Qt::ShiftModifier);
    const QString building = w_->selected_id();
    const QString hall = building + "-h1";
    QVERIFY(w_->select(hall));
    // GB200 NVL72-class racks from the equipment library: refused while the hall is air-cooled.
    const int steps = w_->undo_stack()->index();
    w_->layout_action("add-racks:gpu-liquid-132kW")->trigger();
    QCOMPARE(w_->undo_stack()->index(), steps);
    // Liquid on, then the racks.
    QVERIFY(toggle(w_->properties(), "halls[*].cooling.liquid"));
    QTRY_VERIFY(w_->scenario()->document().at(parktwin::model::Json::json_pointer(w_->pointer_of(hall.toStdString())))["cooling"].contains("liquid"));
    QVERIFY(w_->select(hall));
    w_->layout_action("add-racks:gpu-liquid-132kW")->trigger();
    QVERIFY2(w_->selected_id().startsWith(hall + "/gpu-liquid-132kW"), qPrintable(w_->selected_id()));
    // Move it 40 m by its numeric position.
    QVERIFY(w_->select(building));
    const QModelIndex pos = property_item(w_->properties(), "buildings[*].position_m");
    QVERIFY(pos.isValid() && (pos.flags() & Qt::ItemIsEditable));
    const auto* b = building_of(w_->scenario()->park(), building.toStdString());
    const double x = b->position.x_m, y = b->position.y_m;
    double dy = 0;
    for (const double d : {40.0, -40.0, 80.0, 120.0}) {
      if (dy == 0 && parktwin::model::layout::move_building(w_->scenario()->document(), building.toStdString(), {x, y + d}).ok()) {
        dy = d;
      }
    }
    QVERIFY(dy != 0);
    QVERIFY(type_into(w_->properties(), "buildings[*].position_m", QString("%1, %2").arg(x).arg(y + dy)));
    QTRY_COMPARE(building_of(w_->scenario()->park(), building.toStdString())->position.y_m, y + dy);
    QVERIFY(shown.wait(60000));
    QVERIFY(w_->result()->simulated_halls <= 1);
    // Compare: the new hall is the difference.
    QSignalSpy compared(w_.get(), &MainWindow::compared);
    QVERIFY(w_->compare_with(without));
    QVERIFY(compared.wait(120000));
    const auto c = compared.takeFirst().at(0).value<MainWindow::Comparison>();
    QVERIFY(!c.inputs.empty());
    bool hall_only_here = false;
    for (const auto& r : c.figures) {
      hall_only_here = hall_only_here || (r.scope.find(hall.toStdString()) != std::string::npos && r.in_a && !r.in_b);
    }
    QVERIFY(hall_only_here);
    // The comparison window: fields by their schema titles and units, numbers for people, only
    // what differs, the sign stated (this minus the other).
    QDialog* dlg = nullptr;
    QTRY_VERIFY((dlg = w_->findChild<QDialog*>("comparison")) != nullptr);
    auto* inputs = dlg->findChild<QTableWidget*>("inputs");
    auto* figures = dlg->findChild<QTableWidget*>("figures");
    QVERIFY(inputs != nullptr && figures != nullptr);
    bool titled = false;
    for (int i = 0; i < inputs->rowCount(); ++i) {
      titled = titled || inputs->item(i, 1)->text() == "Position (m)";
      QVERIFY2(!inputs->item(i, 1)->text().contains('['), qPrintable(inputs->item(i, 1)->text()));
    }
    QVERIFY(titled);
    QVERIFY(figures->horizontalHeaderItem(4)->text().startsWith("This minus"));
    int shown_rows = 0;
    for (int i = 0; i < figures->rowCount(); ++i) {
      shown_rows += figures->isRowHidden(i) ? 0 : 1;
      for (int k = 2; k < 5; ++k) {
        const QString v = figures->item(i, k)->text();
        QVERIFY2(!v.contains('e') || v == tr_absent(), qPrintable(v));
      }
    }
    QVERIFY(shown_rows > 0 && shown_rows < figures->rowCount());
    auto* show_all = dlg->findChild<QCheckBox*>("show-all");
    QTest::mouseClick(show_all, Qt::LeftButton, Qt::NoModifier, QPoint(show_all->height() / 2, show_all->height() / 2));
    int all_rows = 0;
    for (int i = 0; i < figures->rowCount(); ++i) {
      all_rows += figures->isRowHidden(i) ? 0 : 1;
    }
    QCOMPARE(all_rows, figures->rowCount());
    // The 3D view by the difference of PUE: the new building exists in this scenario only (grey).
    QVERIFY(w_->colour_by_difference("pue"));
    const auto grey = w_->park_scene()->building_colour(building.toStdString());
    QVERIFY(std::abs(grey[0] - grey[1]) < 0.05 && std::abs(grey[1] - grey[2]) < 0.05);
    QVERIFY(!w_->colour_by_difference("no-such-figure"));
    QVERIFY(w_->colour_by_difference(""));
    // The picture for the closing note, in the build tree.
    QVERIFY(w_->select(building));
    QVERIFY(w_->set_view("building:" + building));
    const QString shots = QCoreApplication::applicationDirPath() + "/screenshots";
    QDir().mkpath(shots);
    QVERIFY(w_->grab().save(shots + "/layout-what-if.png"));
    for (auto* d : w_->findChildren<QDialog*>()) {
      d->close();
    }
  }

  void cleanupTestCase() { w_.reset(); }
};

int main(int argc, char** argv) {
  parktwin::studio::VtkView::set_default_surface_format();
  QApplication app(argc, argv);
  // Settings, recent files and the autosave in a scratch location, not the user's.
  QStandardPaths::setTestModeEnabled(true);
  QApplication::setOrganizationName("ParkTwinTests");
  QApplication::setApplicationName("tst_studio");
  QFile::remove(MainWindow::autosave_path());
  TestStudio t;
  return QTest::qExec(&t, argc, argv);
}

#include "tst_studio.moc"
