#include "main_window.hpp"

#include "vtk_view.hpp"

#include "../cli/climate_source.hpp"

#include "parktwin/common/error.hpp"
#include "parktwin/common/text.hpp"
#include "parktwin/common/units.hpp"
#include "parktwin/model/haidong_site.hpp"
#include "parktwin/physics/metrics.hpp"
#include "parktwin/scene/park_scene.hpp"

#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QFileDialog>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QStatusBar>
#include <QToolBar>
#include <QVBoxLayout>
#include <QTreeWidget>
#include <QThreadPool>
#include <QTimer>
#include <QUndoCommand>
#include <QUndoStack>
#include <QtConcurrent/QtConcurrentRun>

#include <map>
#include <set>

namespace parktwin::studio {
namespace {

enum Role { kIdRole = Qt::UserRole, kKindRole };

const model::Stage* default_stage(const model::Park& park) {
  // The last stage the plan names (not the assumed stages beyond 2030), as `parktwin run`.
  const model::Stage* best = nullptr;
  for (const auto& s : park.stages) {
    if (s.year <= 2030 && (best == nullptr || s.year >= best->year)) {
      best = &s;
    }
  }
  return best != nullptr ? best : (park.stages.empty() ? nullptr : &park.stages.back());
}

QString number(double x, int digits) { return QString::number(x, 'f', digits); }

/// The fields of a JSON object as tree items (objects nested, short lists of numbers inline),
/// with their units from the schema (`pattern` is the object's schema pattern).
constexpr int kPointerRole = Qt::UserRole + 1;

void add_fields(QTreeWidgetItem* parent, QTreeWidget* tree, const model::Json& obj, const std::string& pattern,
                const std::string& pointer) {
  for (const auto& [key, value] : obj.items()) {
    if (value.is_array() && !(value.size() <= 3 && !value.empty() && value[0].is_number())) {
      continue; // lists of elements are in the park tree
    }
    const std::string full = pattern.empty() ? key : pattern + "." + key;
    QTreeWidgetItem* item = parent != nullptr ? new QTreeWidgetItem(parent) : new QTreeWidgetItem(tree);
    item->setText(0, QString::fromStdString(key));
    item->setData(0, Qt::UserRole, QString::fromStdString(full));
    const std::string here = pointer + "/" + key;
    if (value.is_object()) {
      add_fields(item, tree, value, full, here);
      item->setExpanded(true);
      continue;
    }
    item->setText(1, QString::fromStdString(value.is_string() ? value.get<std::string>() : value.dump()));
    const bool label = key == "id" || key == "source" || key == "format" || key == "version";
    if (!value.is_array() && !label) {
      item->setFlags(item->flags() | Qt::ItemIsEditable);
      item->setData(1, kPointerRole, QString::fromStdString(here));
    }
    if (const model::Json* node = model::scenario_schema().node_at(full)) {
      if (const auto u = node->find("x-unit"); u != node->end() && *u != "1") {
        item->setText(2, QString::fromStdString(u->get<std::string>()));
      }
      if (const auto d = node->find("description"); d != node->end()) {
        item->setToolTip(0, QString::fromStdString(d->get<std::string>()));
      }
    }
  }
}

} // namespace

/// One edit of a field: redo sets the new value, undo restores the old one (or its absence,
/// when the field had its schema default).
class EditCommand : public QUndoCommand {
public:
  EditCommand(MainWindow* w, std::string pointer, std::optional<model::Json> before, model::Json after)
      : w_(w), pointer_(std::move(pointer)), before_(std::move(before)), after_(std::move(after)) {
    setText(QObject::tr("Set %1 to %2")
                .arg(QString::fromStdString(pointer_.substr(pointer_.rfind('/') + 1)),
                     QString::fromStdString(after_.is_string() ? after_.get<std::string>() : after_.dump())));
  }
  void redo() override { apply(after_); }
  void undo() override { apply(before_); }

private:
  void apply(const std::optional<model::Json>& v) {
    model::Json doc = w_->scenario_->document();
    const model::Json::json_pointer p(pointer_);
    if (v) {
      doc[p] = *v;
    } else {
      doc.at(p.parent_pointer()).erase(p.back());
    }
    w_->set_document(doc);
  }
  MainWindow* w_;
  std::string pointer_;
  std::optional<model::Json> before_;
  model::Json after_;
};

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  build_ui();
  connect(&watcher_, &QFutureWatcher<std::shared_ptr<const physics::ParkResult>>::finished, this,
          &MainWindow::simulation_done);
}

MainWindow::~MainWindow() {
  if (cancel_) {
    cancel_->store(true);
  }
  // Superseded runs may still be running in the pool: they use this window's cache.
  QThreadPool::globalInstance()->waitForDone();
}

void MainWindow::build_ui() {
  setWindowTitle(tr("ParkTwin Studio"));
  view_ = new VtkView(this);
  setCentralWidget(view_);
  scene_ = std::make_unique<scene::ParkScene>(view_->renderer());
  connect(view_, &VtkView::clicked, this, &MainWindow::on_view_clicked);

  tree_ = new QTreeWidget(this);
  tree_->setHeaderLabels({tr("Park"), tr("Racks / IT")});
  tree_->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
  connect(tree_, &QTreeWidget::currentItemChanged, this, [this] { on_tree_selection(); });
  auto* tree_dock = new QDockWidget(tr("Park tree"), this);
  tree_dock->setObjectName("tree");
  tree_dock->setWidget(tree_);
  addDockWidget(Qt::LeftDockWidgetArea, tree_dock);

  properties_ = new QTreeWidget(this);
  properties_->setHeaderLabels({tr("Property"), tr("Value"), tr("Unit")});
  properties_->header()->setSectionResizeMode(0, QHeaderView::Interactive);
  properties_->header()->resizeSection(0, 250);
  properties_->header()->resizeSection(1, 110);
  properties_->setAlternatingRowColors(true);
  properties_->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
  connect(properties_, &QTreeWidget::itemChanged, this, &MainWindow::on_property_changed);
  problems_ = new QLabel(this);
  problems_->setWordWrap(true);
  problems_->setStyleSheet("color: #b00020;");
  problems_->hide();
  auto* prop_box = new QWidget(this);
  auto* prop_layout = new QVBoxLayout(prop_box);
  prop_layout->setContentsMargins(0, 0, 0, 0);
  prop_layout->addWidget(properties_);
  prop_layout->addWidget(problems_);
  auto* prop_dock = new QDockWidget(tr("Properties"), this);
  prop_dock->setObjectName("properties");
  prop_dock->setWidget(prop_box);
  addDockWidget(Qt::RightDockWidgetArea, prop_dock);

  figures_ = new QLabel(this);
  figures_->setTextFormat(Qt::RichText);
  figures_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
  figures_->setMargin(8);
  figures_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  auto* fig_dock = new QDockWidget(tr("Key figures"), this);
  fig_dock->setObjectName("figures");
  fig_dock->setWidget(figures_);
  addDockWidget(Qt::RightDockWidgetArea, fig_dock);

  auto* bar = addToolBar(tr("View"));
  bar->setObjectName("viewbar");
  bar->addWidget(new QLabel(tr("Colour by "), this));
  colour_by_ = new QComboBox(this);
  for (const auto& f : physics::figures()) {
    const QString unit = *f.unit ? QString(" (%1)").arg(f.unit) : QString();
    colour_by_->addItem(tr(f.title) + unit, QString(f.key));
  }
  connect(colour_by_, &QComboBox::currentIndexChanged, this,
          [this] { set_colour_by(colour_by_->currentData().toString()); });
  bar->addWidget(colour_by_);
  bar->addSeparator();
  bar->addWidget(new QLabel(tr("View "), this));
  view_preset_ = new QComboBox(this);
  connect(view_preset_, &QComboBox::activated, this,
          [this] { set_view(view_preset_->currentData().toString()); });
  bar->addWidget(view_preset_);

  auto* file = menuBar()->addMenu(tr("&File"));
  file->addAction(tr("&Open..."), QKeySequence::Open, this, [this] {
    const QString f = QFileDialog::getOpenFileName(this, tr("Open scenario"), QString(),
                                                   tr("Scenarios (*.json)"));
    if (!f.isEmpty()) {
      open_scenario(f);
    }
  });
  file->addAction(tr("Open the built-in &Haidong park"), this, [this] { open_scenario("haidong"); });
  file->addSeparator();
  file->addAction(tr("&Quit"), QKeySequence::Quit, qApp, &QApplication::quit);

  undo_ = new QUndoStack(this);
  auto* edit_menu = menuBar()->addMenu(tr("&Edit"));
  QAction* undo = undo_->createUndoAction(this, tr("&Undo"));
  undo->setShortcut(QKeySequence::Undo);
  QAction* redo = undo_->createRedoAction(this, tr("&Redo"));
  redo->setShortcut(QKeySequence::Redo);
  connect(undo_, &QUndoStack::cleanChanged, this, [this](bool clean) { setWindowModified(!clean); });
  edit_menu->addAction(undo);
  edit_menu->addAction(redo);
  debounce_ = new QTimer(this);
  debounce_->setSingleShot(true);
  debounce_->setInterval(150);
  connect(debounce_, &QTimer::timeout, this, &MainWindow::start_simulation);

  status_ = new QLabel(this);
  progress_ = new QProgressBar(this);
  progress_->setMaximumWidth(160);
  progress_->setRange(0, 0);
  progress_->hide();
  statusBar()->addWidget(status_, 1);
  statusBar()->addPermanentWidget(progress_);
  resize(1600, 1000);
  resizeDocks({tree_dock, prop_dock}, {300, 420}, Qt::Horizontal);
  resizeDocks({prop_dock, fig_dock}, {560, 360}, Qt::Vertical);
}

bool MainWindow::open_scenario(const QString& name) {
  std::optional<model::Scenario> loaded;
  try {
    loaded = model::Scenario::load(name.toStdString());
    const model::Park& park = loaded->park();
    if (default_stage(park) == nullptr) {
      throw InputError(name.toStdString(), "the scenario has no build-out stage");
    }
  } catch (const std::exception& e) {
    // The current model stays as it was.
    last_error_ = QString::fromUtf8(e.what());
    status_->setText(tr("Could not open %1").arg(name));
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Could not open the scenario"),
                                tr("%1 has problems; nothing was changed.").arg(name),
                                QMessageBox::Ok, this);
    box->setDetailedText(last_error_);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
    return false;
  }
  last_error_.clear();
  undo_->clear();
  problems_->hide();
  scenario_ = std::move(loaded);
  stage_ = default_stage(scenario_->park());
  selected_.clear();
  result_.reset();
  load_climate();
  setWindowTitle(tr("ParkTwin Studio - %1[*]").arg(QString::fromStdString(scenario_->park().name)));
  setWindowModified(false);
  rebuild();
  return true;
}

void MainWindow::load_climate() {
  const model::Park& park = scenario_->park();
  if (climate_ && climate_name_ == park.site.climate) {
    return;
  }
  std::optional<double> elevation;
  if (park.site.climate == model::haidong::kParkClimateName) {
    elevation = park.site.elevation_m;
  }
  try {
    const cli::ResolvedClimate rc = cli::resolve_climate(park.site.climate, std::nullopt, elevation);
    climate_ = std::make_shared<const physics::ClimateInput>(rc.year);
    climate_name_ = park.site.climate;
  } catch (const std::exception& e) {
    climate_.reset();
    climate_name_.clear();
    last_error_ = QString::fromUtf8(e.what());
    status_->setText(tr("No climate: %1").arg(last_error_));
  }
}

void MainWindow::rebuild() {
  scene_->build(scenario_->park(), *stage_);
  view_preset_->clear();
  for (const auto& v : scene_->views()) {
    view_preset_->addItem(QString::fromStdString(v), QString::fromStdString(v));
  }
  view_preset_->setCurrentIndex(view_preset_->findData("iso"));
  fill_tree();
  fill_properties();
  fill_figures();
  view_->update();
  start_simulation();
}

void MainWindow::fill_tree() {
  const QSignalBlocker block(tree_);
  tree_->clear();
  const model::Park& park = scenario_->park();
  auto* root = new QTreeWidgetItem(tree_, {QString::fromStdString(park.name)});
  root->setData(0, kIdRole, QString());
  root->setData(0, kKindRole, "park");
  for (const auto& w : park.wings) {
    auto* wi = new QTreeWidgetItem(root, {QString::fromStdString(w.name.empty() ? w.id : w.name)});
    wi->setData(0, kIdRole, QString::fromStdString(w.id));
    wi->setData(0, kKindRole, "wing");
    for (const auto& b : w.buildings) {
      auto* bi = new QTreeWidgetItem(wi, {QString::fromStdString(b.id)});
      bi->setData(0, kIdRole, QString::fromStdString(b.id));
      bi->setData(0, kKindRole, "building");
      for (const auto& h : b.halls) {
        const bool serving = park.service_year(h) <= stage_->year;
        auto* hi = new QTreeWidgetItem(
            bi, {QString::fromStdString(h.id),
                 tr("%1 racks, %2 kW").arg(number(h.racks(), 0)).arg(number(h.design_it_power_W() / 1e3, 0))});
        hi->setData(0, kIdRole, QString::fromStdString(h.id));
        hi->setData(0, kKindRole, "hall");
        if (!serving) {
          hi->setForeground(0, QColor(150, 150, 150));
          hi->setToolTip(0, tr("In service from stage %1").arg(QString::fromStdString(h.stage_id)));
        }
        for (const auto& g : h.rack_groups) {
          auto* gi = new QTreeWidgetItem(
              hi, {QString::fromStdString(g.id),
                   tr("%1 x %2 kW").arg(number(g.count, 0)).arg(number(g.design_power_W_per_rack / 1e3, 1))});
          // Rack-group ids are unique within their hall only: "<hall>/<group>".
          gi->setData(0, kIdRole, QString::fromStdString(h.id + "/" + g.id));
          gi->setData(0, kKindRole, "rack_group");
        }
      }
    }
  }
  root->setExpanded(true);
  for (int i = 0; i < root->childCount(); ++i) {
    root->child(i)->setExpanded(true);
  }
}

bool MainWindow::select(const QString& id) {
  QTreeWidgetItemIterator it(tree_);
  for (; *it != nullptr; ++it) {
    if ((*it)->data(0, kIdRole).toString() == id) {
      tree_->setCurrentItem(*it); // on_tree_selection follows
      tree_->scrollToItem(*it);
      return true;
    }
  }
  return false;
}

void MainWindow::on_tree_selection() {
  QTreeWidgetItem* item = tree_->currentItem();
  selected_ = item != nullptr ? item->data(0, kIdRole).toString() : QString();
  // A rack group ("<hall>/<group>") shows its hall's building.
  scene_->select(selected_.section('/', 0, 0).toStdString());
  fill_properties();
  fill_figures();
  view_->update();
}

void MainWindow::on_view_clicked(double x, double y) {
  const std::string id = scene_->pick(x, y);
  if (!id.empty()) {
    select(QString::fromStdString(id));
  }
}

bool MainWindow::set_view(const QString& preset) {
  if (!scenario_ || !scene_->set_view(preset.toStdString())) {
    return false;
  }
  view_preset_->setCurrentIndex(view_preset_->findData(preset));
  view_->update();
  return true;
}

bool MainWindow::set_colour_by(const QString& key) {
  const auto f = physics::figure_from_key(key.toStdString());
  if (!f) {
    return false;
  }
  figure_ = *f;
  {
    const QSignalBlocker block(colour_by_);
    colour_by_->setCurrentIndex(colour_by_->findData(key));
  }
  recolour();
  return true;
}

void MainWindow::recolour() {
  if (!scenario_) {
    return;
  }
  scene::Colouring c;
  if (result_) {
    const auto& i = physics::info(figure_);
    c.values = physics::building_figures(scenario_->park(), *stage_, *result_, figure_);
    c.title = tr(i.title).toStdString() + (*i.unit ? std::string(" (") + i.unit + ")" : std::string());
    c.higher_is_better = i.higher_is_better;
  }
  scene_->colour(c);
  view_->update();
}

bool MainWindow::simulating() const noexcept { return watcher_.isRunning(); }

void MainWindow::start_simulation() {
  if (!climate_) {
    return;
  }
  ++generation_;
  const int generation = generation_;
  auto scenario = std::make_shared<const model::Scenario>(*scenario_);
  const std::string stage = stage_->id;
  auto climate = climate_;
  running_generation_ = generation;
  // A newer run supersedes the one in progress: stop it.
  if (cancel_) {
    cancel_->store(true);
  }
  cancel_ = std::make_shared<std::atomic<bool>>(false);
  auto cancel = cancel_;
  physics::HallResultCache* cache = &cache_;
  progress_->show();
  status_->setText(tr("Simulating the park through the year..."));
  watcher_.setFuture(QtConcurrent::run([scenario, stage, climate, cancel, cache]() {
    physics::ParkRunOptions o;
    o.simulation.keep_hourly = true;
    o.simulation.cancel = cancel.get();
    o.cache = cache;
    const model::Park& park = scenario->park();
    return std::make_shared<const physics::ParkResult>(
        physics::simulate_park(park, *park.find_stage(stage), *climate, o));
  }));
}

void MainWindow::simulation_done() {
  progress_->hide();
  if (running_generation_ != generation_) {
    return; // superseded by a newer edit
  }
  const auto done = watcher_.result();
  for (const auto& h : done->halls) {
    if (!h.ok && h.error == "cancelled") {
      return; // superseded
    }
  }
  result_ = done;
  std::size_t failed = 0;
  for (const auto& r : result_->halls) {
    failed += r.ok ? 0 : 1;
  }
  status_->setText(tr("%1 halls (%2 integrated) in %3 s on %4%5")
                       .arg(result_->halls.size())
                       .arg(result_->simulated_halls)
                       .arg(number(result_->wall_time_s, 2))
                       .arg(QString::fromStdString(climate_name_))
                       .arg(failed > 0 ? tr("; %1 failed").arg(failed) : QString()));
  recolour();
  fill_figures();
  emit results_shown();
}

void MainWindow::fill_properties() {
  properties_->clear();
  if (!scenario_) {
    return;
  }
  const model::Json doc = model::scenario_schema().with_defaults(scenario_->document());
  const std::string pointer = pointer_of(selected_.toStdString());
  if (pointer.empty() && !selected_.isEmpty()) {
    return;
  }
  const model::Json* obj = &doc.at(model::Json::json_pointer(pointer));
  // The schema pattern of the element: indices become [*].
  std::string pattern;
  for (const auto& part : split(pointer, '/')) {
    if (part.empty()) {
      continue;
    }
    if (std::isdigit(static_cast<unsigned char>(part[0])) != 0) {
      pattern += "[*]";
    } else {
      pattern += (pattern.empty() ? "" : ".") + std::string(part);
    }
  }
  const QSignalBlocker block(properties_);
  add_fields(nullptr, properties_, *obj, pattern, pointer);
}

void MainWindow::fill_figures() {
  if (!scenario_) {
    figures_->clear();
    return;
  }
  const model::Park& park = scenario_->park();
  if (!result_) {
    figures_->setText(tr("<i>Simulating...</i>"));
    return;
  }
  // The halls of the selection.
  const std::string id = selected_.toStdString();
  std::set<std::string> halls;
  QString what = tr("Park");
  for (const auto& w : park.wings) {
    for (const auto& b : w.buildings) {
      for (const auto& h : b.halls) {
        bool in = id.empty() || id == w.id || id == b.id || id == h.id;
        for (const auto& g : h.rack_groups) {
          in = in || id == h.id + "/" + g.id;
        }
        if (in) {
          halls.insert(h.id);
        }
      }
    }
  }
  if (!id.empty()) {
    what = QString::fromStdString(id);
  }
  physics::HallTotals t;
  const physics::HallResult* only = nullptr;
  for (const auto& r : result_->halls) {
    if (halls.count(r.hall_id) != 0) {
      t.add(r);
      only = halls.size() == 1 ? &r : nullptr;
    }
  }
  if (t.halls == 0) {
    figures_->setText(tr("<b>%1</b><br>No hall in service at stage %2.")
                          .arg(what, QString::fromStdString(stage_->id)));
    return;
  }
  const auto m = physics::key_metrics(t.energy, t.water_kg, t.recovered_J, park, *stage_);
  QString html = QString("<b>%1</b> &nbsp; %2<table cellspacing=4>").arg(what, tr("stage %1").arg(QString::fromStdString(stage_->id)));
  const auto row = [&](const QString& k, const QString& v) {
    html += QString("<tr><td>%1</td><td align=right><b>%2</b></td></tr>").arg(k, v);
  };
  row(tr("PUE"), number(m.pue, 3));
  row(tr("pPUE cooling / power chain"), number(m.ppue_cooling, 3) + " / " + number(m.ppue_power_chain, 3));
  row(tr("ERE"), number(m.ere, 3));
  row(tr("WUE"), number(m.wue_L_per_kWh, 2) + " L/kWh");
  row(tr("IT energy"), number(t.energy.it / 3.6e9, 0) + " MWh");
  row(tr("Facility energy"), number(t.energy.facility() / 3.6e9, 0) + " MWh");
  row(tr("Free-cooling hours"), number(t.free_cooling_hours(), 0) + " h");
  if (only != nullptr) {
    row(tr("Compressor-free days"), QString::number(only->compressor_free_days) + " d");
  }
  row(tr("Heat delivered"), number(t.delivered_J / 3.6e9, 0) + " MWh");
  row(tr("Peak demand"), number(t.coincident_peak_VA() / 1e3, 0) + " kVA");
  row(tr("Energy cost"), number(t.cost_CNY / 1e6, 2) + tr(" M CNY"));
  html += "</table>";
  figures_->setText(html);
}

std::string MainWindow::pointer_of(const std::string& id) const {
  if (!scenario_) {
    return {};
  }
  if (id.empty()) {
    return "";
  }
  const model::Json& doc = scenario_->document();
  const auto& wings = doc["wings"];
  for (std::size_t wi = 0; wi < wings.size(); ++wi) {
    const std::string w = "/wings/" + std::to_string(wi);
    if (wings[wi]["id"] == id) {
      return w;
    }
    const auto& buildings = wings[wi]["buildings"];
    for (std::size_t bi = 0; bi < buildings.size(); ++bi) {
      const std::string b = w + "/buildings/" + std::to_string(bi);
      if (buildings[bi]["id"] == id) {
        return b;
      }
      const auto& halls = buildings[bi]["halls"];
      for (std::size_t hi = 0; hi < halls.size(); ++hi) {
        const std::string h = b + "/halls/" + std::to_string(hi);
        if (halls[hi]["id"] == id) {
          return h;
        }
        const auto& groups = halls[hi]["rack_groups"];
        for (std::size_t gi = 0; gi < groups.size(); ++gi) {
          if (halls[hi]["id"].get<std::string>() + "/" + groups[gi]["id"].get<std::string>() == id) {
            return h + "/rack_groups/" + std::to_string(gi);
          }
        }
      }
    }
  }
  return {};
}

QStringList MainWindow::edit(const QString& pointer, const model::Json& value) {
  QStringList problems;
  if (!scenario_) {
    return {tr("no scenario is open")};
  }
  model::Json doc = scenario_->document();
  model::Json::json_pointer p(pointer.toStdString());
  model::Json after = value;
  // Objects that have only defaults so far (a hall's "air"): the edit creates the outermost
  // missing one, so that undo removes it again and the file is as it was.
  while (!p.parent_pointer().empty() && !doc.contains(p.parent_pointer())) {
    model::Json wrapper = model::Json::object();
    wrapper[p.back()] = after;
    after = std::move(wrapper);
    p = p.parent_pointer();
  }
  std::optional<model::Json> before;
  if (doc.contains(p)) {
    before = doc.at(p);
    if (*before == after) {
      return {};
    }
  }
  doc[p] = after;
  // The model's own rules decide (schema, then the rules between fields).
  for (const auto& pr : model::Scenario::check(doc)) {
    problems << QString::fromStdString(pr.path.empty() ? pr.message : pr.path + ": " + pr.message);
  }
  if (!problems.isEmpty()) {
    problems_->setText(tr("Not changed:") + "\n" + problems.join("\n"));
    problems_->show();
    status_->setText(tr("The edit was refused: %1").arg(problems.front()));
    fill_properties(); // shows the value as it still is
    return problems;
  }
  problems_->hide();
  undo_->push(new EditCommand(this, p.to_string(), before, after));
  return {};
}

void MainWindow::on_property_changed(QTreeWidgetItem* item, int column) {
  if (column != 1) {
    return;
  }
  const QString pointer = item->data(1, kPointerRole).toString();
  if (pointer.isEmpty()) {
    return;
  }
  // Read the text as the field's type in the schema.
  const std::string pattern = item->data(0, Qt::UserRole).toString().toStdString();
  const model::Json* node = model::scenario_schema().node_at(pattern);
  const std::string type = node != nullptr && node->contains("type") ? (*node)["type"].get<std::string>() : "string";
  const QString text = item->text(1).trimmed();
  model::Json value;
  bool ok = true;
  if (type == "number") {
    value = text.toDouble(&ok);
  } else if (type == "integer") {
    value = text.toLongLong(&ok);
  } else if (type == "boolean") {
    ok = text == "true" || text == "false";
    value = text == "true";
  } else {
    value = text.toStdString();
  }
  if (!ok) {
    const QString why = tr("%1: '%2' is not a %3").arg(QString::fromStdString(pattern), text,
                                                       QString::fromStdString(type));
    problems_->setText(tr("Not changed:") + "\n" + why);
    problems_->show();
    QTimer::singleShot(0, this, &MainWindow::fill_properties);
    return;
  }
  // After the current signal: edit() rebuilds the tree that emitted it.
  QTimer::singleShot(0, this, [this, pointer, value] { edit(pointer, value); });
}

void MainWindow::set_document(const model::Json& doc) {
  const std::string stage = stage_ != nullptr ? stage_->id : std::string();
  scenario_ = model::Scenario::from_document(doc, scenario_->source());
  const model::Park& park = scenario_->park();
  stage_ = park.find_stage(stage);
  if (stage_ == nullptr) {
    stage_ = default_stage(park);
  }
  const QString keep = selected_;
  scene_->build(park, *stage_, false);
  fill_tree();
  if (keep.isEmpty() || !select(keep)) {
    selected_.clear();
    fill_properties();
    fill_figures();
  }
  recolour();
  view_->update();
  debounce_->start();
}

} // namespace parktwin::studio
