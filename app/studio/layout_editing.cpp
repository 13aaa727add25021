// Layout editing in the studio (docs/studio.md, "Editing the layout"): the actions of the Edit
// menu and the context menus, dragging a building on the ground and the stage selector. The
// edits themselves are model::layout's; the Document makes each one undoable step.

#include "main_window.hpp"

#include "equipment_library.hpp"
#include "park_tree_model.hpp"
#include "vtk_view.hpp"

#include "parktwin/model/scenario.hpp"
#include "parktwin/scene/park_scene.hpp"

#include <QAction>
#include <QComboBox>
#include <QDropEvent>
#include <QTreeView>
#include <QInputDialog>
#include <QLabel>
#include <QMenu>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>

#include <cmath>

namespace parktwin::studio {

QStringList MainWindow::apply(const model::layout::Change& change) {
  // The model's rules refuse or the Document makes it one undoable step.
  const QStringList problems = doc_->apply(change, selected_);
  show_problems(problems);
  return problems;
}

QAction* MainWindow::layout_action(const QString& name) const {
  const auto it = layout_actions_.find(name);
  return it == layout_actions_.end() ? nullptr : it->second;
}

void MainWindow::build_layout_actions() {
  const auto make = [this](const QString& name, const QKeySequence& key, auto&& run) {
    auto* a = new QAction(this);
    a->setObjectName(name);
    if (!key.isEmpty()) {
      a->setShortcut(key);
      // Only where the park is: the tree and the 3D view (Delete in a property's editor stays
      // the editor's).
      a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
      tree_->addAction(a);
      view_->addAction(a);
    }
    connect(a, &QAction::triggered, this, run);
    layout_actions_[name] = a;
    return a;
  };
  make("add-wing", {}, [this] { apply(model::layout::add_wing(doc_->scenario()->document())); });
  make("add-building", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_B),
       [this] { apply(model::layout::add_building(doc_->scenario()->document(), selection_path().wing)); });
  make("add-hall", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_H),
       [this] { apply(model::layout::add_hall(doc_->scenario()->document(), selection_path().building)); });
  for (const auto& t : model::layout::rack_templates()) {
    const std::string key = t.key;
    make("add-racks:" + QString::fromStdString(key), {}, [this, key] {
      // Ten racks to start with: the count is edited in the properties, where the new group opens.
      apply(model::layout::add_rack_group(doc_->scenario()->document(), selection_path().hall, key, 10));
    });
  }
  make("lay-out", {}, [this] { apply(model::layout::lay_out_building(doc_->scenario()->document(), selection_path().building)); });
  make("duplicate", QKeySequence(Qt::CTRL | Qt::Key_D),
       [this] { apply(model::layout::duplicate(doc_->scenario()->document(), selected_.toStdString())); });
  make("delete", QKeySequence::Delete,
       [this] { apply(model::layout::remove(doc_->scenario()->document(), selected_.toStdString())); });
  make("rotate-90", QKeySequence(Qt::CTRL | Qt::Key_R),
       [this] { apply(model::layout::rotate_building(doc_->scenario()->document(), selection_path().building, 90.0)); });
  make("rotate-by", {}, [this] {
    const std::string b = selection_path().building;
    auto* dlg = new QInputDialog(this);
    dlg->setAttribute(Qt::WA_DeleteOnClose);
    dlg->setInputMode(QInputDialog::DoubleInput);
    dlg->setDoubleRange(-360.0, 360.0);
    dlg->setDoubleDecimals(1);
    dlg->setWindowTitle(tr("Rotate building"));
    dlg->setLabelText(tr("Angle, degrees counter-clockwise:"));
    connect(dlg, &QInputDialog::doubleValueSelected, this,
            [this, b](double deg) { apply(model::layout::rotate_building(doc_->scenario()->document(), b, deg)); });
    dlg->open();
  });
  retranslate_layout_actions();
}

void MainWindow::retranslate_layout_actions() {
  const auto set = [this](const char* name, const QString& text, const QString& tip) {
    if (QAction* a = layout_action(name)) {
      a->setText(text);
      a->setToolTip(tip);
      a->setStatusTip(tip);
    }
  };
  set("add-wing", tr("Add &wing"), tr("A new empty wing east of the others"));
  set("add-building", tr("Add &building"), tr("A new building with one hall, at the first free place in the wing"));
  set("add-hall", tr("Add &hall"), tr("A new hall on the floor area left in the building"));
  set("lay-out", tr("Lay &out the halls"), tr("Rows of racks, aisles and cooling units for every hall of the building (replaces their layouts)"));
  set("duplicate", tr("&Duplicate"), tr("A copy beside it, with new ids"));
  set("delete", tr("De&lete"), tr("Delete the selected wing, building, hall or rack group"));
  set("rotate-90", tr("&Rotate 90 degrees"), tr("Turn the building a quarter turn about its centre"));
  set("rotate-by", tr("Rotate &by..."), tr("Turn the building by an angle"));
  for (const auto& t : model::layout::rack_templates()) {
    const QString name = QString::fromStdString(language_ == "zh" ? t.name_zh : t.name);
    set(("add-racks:" + t.key).c_str(), tr("Add racks: %1").arg(name), QString::fromStdString(t.source));
  }
}

MainWindow::SelectionPath MainWindow::selection_path() const {
  SelectionPath p;
  if (!doc_->scenario()) {
    return p;
  }
  const std::string id = selected_.toStdString();
  const std::string hall_of_group = selected_.section('/', 0, 0).toStdString();
  for (const auto& w : doc_->scenario()->park().wings) {
    if (w.id == id) {
      p.wing = w.id;
    }
    for (const auto& b : w.buildings) {
      if (b.id == id) {
        p = {w.id, b.id, {}, {}};
      }
      for (const auto& h : b.halls) {
        if (h.id == id || (selected_.contains('/') && h.id == hall_of_group)) {
          p = {w.id, b.id, h.id, selected_.contains('/') ? id : std::string()};
        }
      }
    }
  }
  return p;
}

void MainWindow::update_layout_actions() {
  const SelectionPath p = selection_path();
  const bool open = doc_->scenario() != nullptr;
  const auto enable = [this](const char* name, bool on) {
    if (QAction* a = layout_action(name)) {
      a->setEnabled(on);
    }
  };
  enable("add-wing", open);
  enable("add-building", open && !p.wing.empty());
  enable("add-hall", open && !p.building.empty());
  for (const auto& t : model::layout::rack_templates()) {
    enable(("add-racks:" + t.key).c_str(), open && !p.hall.empty());
  }
  enable("duplicate", open && !selected_.isEmpty());
  enable("delete", open && !selected_.isEmpty());
  const bool building = open && !p.building.empty() && p.hall.empty();
  enable("lay-out", open && !p.building.empty());
  enable("rotate-90", building);
  enable("rotate-by", building);
}

void MainWindow::add_layout_actions(QMenu* menu) const {
  for (const char* name : {"add-wing", "add-building", "add-hall"}) {
    menu->addAction(layout_action(name));
  }
  QMenu* racks = menu->addMenu(tr("Add &racks"));
  for (const auto& t : model::layout::rack_templates()) {
    racks->addAction(layout_action(QString::fromStdString("add-racks:" + t.key)));
  }
  menu->addSeparator();
  for (const char* name : {"duplicate", "delete"}) {
    menu->addAction(layout_action(name));
  }
  menu->addSeparator();
  for (const char* name : {"rotate-90", "rotate-by", "lay-out"}) {
    menu->addAction(layout_action(name));
  }
}

// --- Dragging a building on the ground ---------------------------------------------------------

bool MainWindow::on_view_grab(double x, double y) {
  if (!doc_->scenario()) {
    return false;
  }
  refresh_scene();
  // Only the selected building moves: a press anywhere else turns the camera as before. The
  // selected building is open (translucent, not pickable): a press on it is one whose line of
  // sight meets the ground inside its footprint, or one that picks it.
  const SelectionPath p = selection_path();
  if (p.building.empty() || !p.hall.empty()) {
    return false;
  }
  const std::string id = p.building;
  const auto g = scene_->ground_point(x, y);
  if (!g) {
    return false;
  }
  const model::Building* b = nullptr;
  for (const auto& w : doc_->scenario()->park().wings) {
    for (const auto& candidate : w.buildings) {
      b = candidate.id == id ? &candidate : b;
    }
  }
  if (b == nullptr || (scene_->pick(x, y) != id && !model::contains(b->footprint, *g))) {
    return false;
  }
  const auto at = model::layout::locate(doc_->scenario()->document(), id);
  const auto& pos = doc_->scenario()->document().at(model::Json::json_pointer(at->pointer))["position_m"];
  drag_ = Drag{id, *g, {pos[0].get<double>(), pos[1].get<double>()}, {pos[0].get<double>(), pos[1].get<double>()}, {}, false};
  scene_->show_interior(""); // the halls inside follow after the drop
  return true;
}

void MainWindow::on_view_dragged(double x, double y) {
  if (!drag_) {
    return;
  }
  const auto g = scene_->ground_point(x, y);
  if (!g) {
    return;
  }
  const model::Point to = model::layout::snap(
      {drag_->position.x_m + g->x_m - drag_->grabbed_at.x_m, drag_->position.y_m + g->y_m - drag_->grabbed_at.y_m});
  if (drag_->checked && to.x_m == drag_->to.x_m && to.y_m == drag_->to.y_m) {
    return; // the same grid point: already checked
  }
  drag_->to = to;
  // While dragging, the rules a move can break, on the park already built (the whole scenario
  // is checked on release).
  drag_->problems = model::layout::place_problems(doc_->scenario()->park(), drag_->id, to);
  drag_->checked = true;
  const bool ok = drag_->problems.empty();
  scene_->preview_move(drag_->id, to.x_m - drag_->position.x_m, to.y_m - drag_->position.y_m, ok);
  if (ok) {
    problems_->hide();
    status_->setText(tr("Move %1 to (%2, %3) m").arg(QString::fromStdString(drag_->id)).arg(to.x_m).arg(to.y_m));
  } else {
    const QString why = Document::problem_texts(drag_->problems).join("\n");
    problems_->setText(tr("Cannot move here:") + "\n" + why);
    problems_->show();
    status_->setText(tr("Cannot move here: %1").arg(why.section('\n', 0, 0)));
  }
  redraw();
}

void MainWindow::on_view_dropped(double x, double y) {
  if (!drag_) {
    return;
  }
  on_view_dragged(x, y);
  const Drag d = *drag_;
  drag_.reset();
  scene_->preview_move(d.id, 0.0, 0.0, true); // back; a valid move rebuilds the scene
  const bool moved = d.to.x_m != d.position.x_m || d.to.y_m != d.position.y_m;
  if (d.checked && d.problems.empty() && moved) {
    // The whole scenario checked once, at the drop; apply() refuses (and says why) if it fails.
    apply(model::layout::move_building(doc_->scenario()->document(), d.id, d.to));
  } else {
    // Refused (or not moved): snaps back, the reason stays shown.
    scene_->show_interior(d.id);
    update_interior();
  }
  redraw();
}

void MainWindow::on_view_context(double x, double y, const QPoint& global) {
  if (!doc_->scenario()) {
    return;
  }
  refresh_scene();
  const std::string id = scene_->pick(x, y);
  if (!id.empty()) {
    select(QString::fromStdString(id));
  }
  auto* menu = new QMenu(this);
  menu->setAttribute(Qt::WA_DeleteOnClose);
  add_layout_actions(menu);
  menu->popup(global);
}

// --- Rack templates dropped on a hall ------------------------------------------------------------

std::string MainWindow::hall_at_tree(const QPoint& at) const {
  const QModelIndex i = tree_->indexAt(at);
  const QString kind = i.data(ParkTreeModel::KindRole).toString();
  if (kind != "hall" && kind != "rack_group") {
    return {};
  }
  return i.data(ParkTreeModel::IdRole).toString().section('/', 0, 0).toStdString(); // a group: its hall
}

std::string MainWindow::hall_at_view(const QPointF& at) {
  refresh_scene();
  const qreal r = view_->devicePixelRatioF();
  const std::string building = scene_->pick(at.x() * r, (view_->height() - at.y()) * r);
  // The building's selected hall if the selection is in it, else its first hall.
  const SelectionPath p = selection_path();
  for (const auto& w : doc_->scenario()->park().wings) {
    for (const auto& b : w.buildings) {
      if (b.id == building && !b.halls.empty()) {
        return p.building == b.id && !p.hall.empty() ? p.hall : b.halls.front().id;
      }
    }
  }
  return {};
}

bool MainWindow::eventFilter(QObject* watched, QEvent* e) {
  const bool on_tree = watched == tree_->viewport(), on_view = watched == view_;
  const auto type = e->type();
  if (!(on_tree || on_view) || !doc_->scenario() ||
      (type != QEvent::DragEnter && type != QEvent::DragMove && type != QEvent::Drop)) {
    return QMainWindow::eventFilter(watched, e);
  }
  auto* drop = static_cast<QDropEvent*>(e); // QDragEnterEvent and QDragMoveEvent are QDropEvents
  const QString key = EquipmentLibrary::template_of(drop->mimeData());
  if (key.isEmpty()) {
    return QMainWindow::eventFilter(watched, e);
  }
  const std::string hall = on_tree ? hall_at_tree(drop->position().toPoint()) : hall_at_view(drop->position());
  if (type == QEvent::DragEnter) {
    drop->acceptProposedAction(); // the moves that follow say where it can go
    return true;
  }
  if (hall.empty()) {
    drop->ignore();
    status_->setText(tr("Drop the racks on a hall"));
    return true;
  }
  drop->acceptProposedAction();
  if (type == QEvent::DragMove) {
    status_->setText(tr("Drop to add these racks to %1").arg(QString::fromStdString(hall)));
    return true;
  }
  // Ten racks to start with, as from the menu; the model's rules decide (a liquid-cooled
  // template needs a liquid-cooled hall) and the reason is shown if they refuse.
  apply(model::layout::add_rack_group(doc_->scenario()->document(), hall, key.toStdString(), 10));
  return true;
}

// --- Stages ------------------------------------------------------------------------------------

bool MainWindow::set_stage(const QString& id) {
  if (!doc_->scenario()) {
    return false;
  }
  const model::Stage* s = doc_->scenario()->park().find_stage(id.toStdString());
  if (s == nullptr) {
    return false;
  }
  if (s == stage_) {
    return true;
  }
  stage_ = s;
  result_.reset();
  results_stale_ = true;
  {
    const QSignalBlocker block(stage_box_);
    stage_box_->setCurrentIndex(stage_box_->findData(id));
  }
  show_park_keeping_selection();
  start_simulation();
  return true;
}

QString MainWindow::stage_id() const { return stage_ != nullptr ? QString::fromStdString(stage_->id) : QString(); }

void MainWindow::fill_stage_box() {
  const QSignalBlocker block(stage_box_);
  stage_box_->clear();
  if (!doc_->scenario()) {
    return;
  }
  for (const auto& s : doc_->scenario()->park().stages) {
    const QString name = QString::fromStdString(s.id);
    stage_box_->addItem(s.id == doc_->scenario()->park().default_stage()->id ? tr("%1 (default)").arg(name) : name, name);
    stage_box_->setItemData(stage_box_->count() - 1, QString::fromStdString(s.description), Qt::ToolTipRole);
  }
  stage_box_->setCurrentIndex(stage_ != nullptr ? stage_box_->findData(QString::fromStdString(stage_->id)) : -1);
}

} // namespace parktwin::studio
