#include "main_window.hpp"

#include "charts.hpp"
#include "equipment_library.hpp"
#include "info_panels.hpp"
#include "park_tree_model.hpp"
#include "properties_model.hpp"
#include "vtk_view.hpp"

#include "../cli/climate_source.hpp"

#include "parktwin/common/atomic_file.hpp"
#include "parktwin/common/error.hpp"
#include "parktwin/common/text.hpp"
#include "parktwin/common/units.hpp"
#include "parktwin/climate/catalog.hpp"
#include "parktwin/model/haidong_site.hpp"
#include "parktwin/physics/metrics.hpp"
#include "parktwin/scene/offscreen.hpp"
#include "parktwin/scene/park_scene.hpp"

#include <QApplication>
#include <QComboBox>
#include <QLocale>
#include <QToolButton>
#include <QSlider>
#include <QCoreApplication>
#include <QTranslator>
#include <QLibraryInfo>
#include <QEvent>
#include <QTableWidget>
#include <QTabWidget>
#include <QStandardPaths>
#include <QSettings>
#include <QFileInfo>
#include <QFile>
#include <QDir>
#include <QDialog>
#include <QDateTime>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QRegularExpression>
#include <QScrollArea>
#include <QStatusBar>
#include <QToolBar>
#include <QTreeView>
#include <QVBoxLayout>
#include <QTimer>
#include <QUndoStack>

#include <algorithm>
#include <map>
#include <set>

namespace parktwin::studio {
namespace {

constexpr int kIdRole = ParkTreeModel::IdRole;
constexpr int kKindRole = ParkTreeModel::KindRole;

/// The scenario's default stage, as every command shows it.
const model::Stage* default_stage(const model::Park& park) { return park.default_stage(); }

QString number(double x, int digits) { return QString::number(x, 'f', digits); }

/// The figure's title in the user's language (physics::figures() holds the English ones).
QString figure_title(physics::Figure f) {
  switch (f) {
  case physics::Figure::Pue:
    return MainWindow::tr("PUE");
  case physics::Figure::FreeCoolingHours:
    return MainWindow::tr("Free-cooling hours");
  case physics::Figure::CompressorFreeDays:
    return MainWindow::tr("Compressor-free days");
  case physics::Figure::HeatRecovered:
    return MainWindow::tr("Heat delivered");
  case physics::Figure::ItPower:
    return MainWindow::tr("IT power (mean)");
  case physics::Figure::PeakVsSubstation:
    return MainWindow::tr("Wing peak / substation capacity");
  }
  return {};
}

} // namespace

QString MainWindow::figure_name(physics::Figure f) { return figure_title(f); }

namespace {

/// A text panel in a scroll area: the dock it is in can be shorter than the text (the long
/// climate text made the properties above it a few rows high).
QScrollArea* scrolled(QWidget* panel) {
  auto* area = new QScrollArea(panel->parentWidget());
  area->setWidgetResizable(true);
  area->setFrameShape(QFrame::NoFrame);
  area->setWidget(panel);
  return area;
}

} // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  doc_ = new Document(this);
  sim_ = new SimulationController(this);
  build_ui();
  connect(doc_, &Document::opened, this, &MainWindow::on_document_opened);
  connect(doc_, &Document::changed, this, &MainWindow::on_document_changed);
  connect(doc_, &Document::modified_changed, this, &QWidget::setWindowModified);
  connect(doc_, &Document::file_changed, this, [this] { retitle(); });
  connect(doc_, &Document::autosave_failed, this,
          [this](const QString& why) { status_->setText(tr("Autosave failed: %1").arg(why)); });
  connect(sim_, &SimulationController::started, this, [this] {
    progress_->show();
    status_->setText(tr("Simulating the park through the year..."));
  });
  connect(sim_, &SimulationController::finished, this, &MainWindow::simulation_done);
  connect(sim_, &SimulationController::banded, this,
          [this](std::shared_ptr<const physics::BandsResult> b, const QString& error) {
            if (!b) {
              last_error_ = error;
              status_->setText(tr("Could not compute the bands: %1").arg(error));
            } else {
              last_bands_ = b;
              status_->setText(tr("Uncertainty bands from %1 samples in %2 s").arg(b->samples).arg(b->wall_time_s, 0, 'f', 1));
              show_bands(*b);
            }
            emit banded();
          });
  connect(sim_, &SimulationController::compared, this, [this](const Comparison& c) {
    status_->setText(tr("Compared with %1: %2 inputs and %3 figures differ")
                         .arg(c.other)
                         .arg(c.inputs.size())
                         .arg(std::count_if(c.figures.begin(), c.figures.end(),
                                            [](const auto& r) { return r.differs(); })));
    show_comparison(c);
    emit compared(c);
  });
}

MainWindow::~MainWindow() {
  // Its runs finish (cancelled) before the window's parts go.
  delete sim_;
  sim_ = nullptr;
}

void MainWindow::retitle() {
  setWindowTitle(!doc_->scenario() ? tr("ParkTwin Studio") : tr("ParkTwin Studio - %1[*]").arg(doc_->display_name()));
}

void MainWindow::build_ui() {
  view_ = new VtkView(this);
  setCentralWidget(view_);
  scene_ = std::make_unique<scene::ParkScene>(view_->renderer());
  connect(view_, &VtkView::clicked, this, &MainWindow::on_view_clicked);
  view_->before_paint = [this](bool can_keep) {
    if (scene_stale_ && can_keep) {
      return true; // the picture on screen stays until the new scene's own frame
    }
    painting_ = true;
    refresh_scene();
    painting_ = false;
    return false;
  };

  tree_ = new QTreeView(this);
  tree_->setObjectName("park-tree");
  tree_model_ = new ParkTreeModel(this);
  tree_->setModel(tree_model_);
  tree_->setUniformRowHeights(true);
  tree_->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
  connect(tree_->selectionModel(), &QItemSelectionModel::currentChanged, this, [this] { on_tree_selection(); });
  tree_->setContextMenuPolicy(Qt::CustomContextMenu);
  connect(tree_, &QTreeView::customContextMenuRequested, this, [this](const QPoint& at) {
    if (const QModelIndex i = tree_->indexAt(at); i.isValid()) {
      tree_->setCurrentIndex(i);
    }
    auto* menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    add_layout_actions(menu);
    menu->popup(tree_->viewport()->mapToGlobal(at));
  });
  view_->grab = [this](double x, double y) { return on_view_grab(x, y); };
  connect(view_, &VtkView::dragged, this, &MainWindow::on_view_dragged);
  connect(view_, &VtkView::dropped, this, &MainWindow::on_view_dropped);
  connect(view_, &VtkView::context_requested, this, &MainWindow::on_view_context);
  tree_dock_ = new QDockWidget(this);
  tree_dock_->setObjectName("tree");
  tree_dock_->setWidget(tree_);
  addDockWidget(Qt::LeftDockWidgetArea, tree_dock_);
  // The equipment library under the tree: its templates dropped on a hall (tree or view).
  library_ = new EquipmentLibrary(this);
  library_dock_ = new QDockWidget(this);
  library_dock_->setObjectName("equipment");
  library_dock_->setWidget(library_);
  addDockWidget(Qt::LeftDockWidgetArea, library_dock_);
  tree_->viewport()->setAcceptDrops(true);
  tree_->viewport()->installEventFilter(this);
  view_->setAcceptDrops(true);
  view_->installEventFilter(this);

  properties_ = new QTreeView(this);
  properties_->setObjectName("properties");
  props_model_ = new PropertiesModel(this);
  properties_->setModel(props_model_);
  properties_->setItemDelegate(new PropertyDelegate(properties_));
  properties_->setUniformRowHeights(true);
  properties_->header()->setSectionResizeMode(0, QHeaderView::Interactive);
  properties_->header()->resizeSection(0, 250);
  properties_->header()->resizeSection(1, 110);
  properties_->setAlternatingRowColors(true);
  properties_->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::SelectedClicked |
                               QAbstractItemView::EditKeyPressed | QAbstractItemView::AnyKeyPressed);
  // Queued: the edit shows the properties again, which must not happen inside the editor's signal.
  connect(props_model_, &PropertiesModel::field_edited, this, [this](const QString& pointer, const model::Json& value) {
    // A building's position is a move (into another wing too), as a drag makes it.
    static const QRegularExpression building_position("^/wings/\\d+/buildings/\\d+/position_m$");
    if (building_position.match(pointer).hasMatch() && value.is_array() && value.size() == 2 && value[0].is_number() &&
        value[1].is_number()) {
      const std::string building = pointer.section('/', 0, -2).toStdString();
      const auto& doc = doc_->scenario()->document();
      const std::string id = doc.at(model::Json::json_pointer(building)).value("id", std::string());
      apply(model::layout::move_building(doc, id, {value[0].get<double>(), value[1].get<double>()}));
      return;
    }
    edit(pointer, value);
  }, Qt::QueuedConnection);
  connect(props_model_, &PropertiesModel::air_system_chosen, this, [this](const QString& kind) {
    apply(model::layout::set_air_system(doc_->scenario()->document(), selection_path().hall, kind.toStdString()));
  }, Qt::QueuedConnection);
  connect(props_model_, &PropertiesModel::liquid_cooling_switched, this, [this](bool on) {
    apply(model::layout::set_liquid_cooling(doc_->scenario()->document(), selection_path().hall, on));
  }, Qt::QueuedConnection);
  connect(props_model_, &PropertiesModel::refused, this, [this](const QString& why) { show_problems({why}); },
          Qt::QueuedConnection);
  problems_ = new QLabel(this);
  problems_->setWordWrap(true);
  problems_->setStyleSheet("color: #b00020;");
  problems_->hide();
  auto* prop_box = new QWidget(this);
  auto* prop_layout = new QVBoxLayout(prop_box);
  prop_layout->setContentsMargins(0, 0, 0, 0);
  prop_layout->addWidget(properties_);
  prop_layout->addWidget(problems_);
  prop_dock_ = new QDockWidget(this);
  prop_dock_->setObjectName("properties");
  prop_dock_->setWidget(prop_box);
  addDockWidget(Qt::RightDockWidgetArea, prop_dock_);

  figures_ = new FiguresPanel(this);
  fig_dock_ = new QDockWidget(this);
  fig_dock_->setObjectName("figures");
  fig_dock_->setWidget(scrolled(figures_));
  addDockWidget(Qt::RightDockWidgetArea, fig_dock_);

  climate_text_ = new ClimatePanel(this);
  climate_dock_ = new QDockWidget(this);
  climate_dock_->setObjectName("climate");
  climate_dock_->setWidget(scrolled(climate_text_));
  addDockWidget(Qt::RightDockWidgetArea, climate_dock_);
  tabifyDockWidget(fig_dock_, climate_dock_);
  fig_dock_->raise();

  charts_ = new ChartsPanel(this);
  charts_dock_ = new QDockWidget(this);
  charts_dock_->setObjectName("charts");
  charts_dock_->setWidget(charts_);
  addDockWidget(Qt::BottomDockWidgetArea, charts_dock_);

  toolbar_ = addToolBar(QString());
  toolbar_->setObjectName("viewbar");
  colour_label_ = new QLabel(this);
  toolbar_->addWidget(colour_label_);
  colour_by_ = new QComboBox(this);
  connect(colour_by_, &QComboBox::currentIndexChanged, this,
          [this] { set_colour_by(colour_by_->currentData().toString()); });
  toolbar_->addWidget(colour_by_);
  toolbar_->addSeparator();
  view_label_ = new QLabel(this);
  toolbar_->addWidget(view_label_);
  view_preset_ = new QComboBox(this);
  view_preset_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  connect(view_preset_, &QComboBox::activated, this,
          [this] { set_view(view_preset_->currentData().toString()); });
  toolbar_->addWidget(view_preset_);
  toolbar_->addSeparator();
  climate_label_ = new QLabel(this);
  toolbar_->addWidget(climate_label_);
  climate_box_ = new QComboBox(this);
  climate_box_->setMinimumContentsLength(14);
  connect(climate_box_, &QComboBox::activated, this, [this] {
    const QString key = climate_box_->currentData().toString();
    if (key.isEmpty()) { // "EPW file..."
      const QString f = QFileDialog::getOpenFileName(this, tr("Climate year"), QString(), tr("EnergyPlus weather (*.epw)"));
      if (!f.isEmpty()) {
        set_climate(f);
      }
      fill_climate_panel();
      return;
    }
    set_climate(key);
  });
  toolbar_->addWidget(climate_box_);
  toolbar_->addSeparator();
  stage_label_ = new QLabel(this);
  toolbar_->addWidget(stage_label_);
  stage_box_ = new QComboBox(this);
  stage_box_->setObjectName("stage");
  stage_box_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  connect(stage_box_, &QComboBox::activated, this, [this] { set_stage(stage_box_->currentData().toString()); });
  toolbar_->addWidget(stage_box_);

  // Time: the hour whose inlet temperatures colour an open building's racks; play runs a day a tick.
  addToolBarBreak();
  time_bar_ = addToolBar(QString());
  time_bar_->setObjectName("timebar");
  play_ = new QToolButton(this);
  play_->setCheckable(true);
  time_bar_->addWidget(play_);
  hour_slider_ = new QSlider(Qt::Horizontal, this);
  hour_slider_->setRange(0, 8759);
  hour_slider_->setPageStep(24 * 7);
  hour_slider_->setValue(hour_);
  hour_slider_->setMinimumWidth(400);
  time_bar_->addWidget(hour_slider_);
  hour_label_ = new QLabel(this);
  hour_label_->setMinimumWidth(150);
  time_bar_->addWidget(hour_label_);
  connect(hour_slider_, &QSlider::valueChanged, this, [this](int h) { set_hour(h); });
  player_ = new QTimer(this);
  player_->setInterval(120);
  connect(player_, &QTimer::timeout, this, [this] { set_hour((hour_ + 24) % 8760); });
  connect(play_, &QToolButton::toggled, this, [this](bool on) { on ? player_->start() : player_->stop(); });

  build_layout_actions();

  status_ = new QLabel(this);
  progress_ = new QProgressBar(this);
  progress_->setMaximumWidth(160);
  progress_->setRange(0, 0);
  progress_->hide();
  statusBar()->addWidget(status_, 1);
  statusBar()->addPermanentWidget(progress_);
  retranslate();
  resize(1600, 1000);
  resizeDocks({tree_dock_, prop_dock_}, {300, 420}, Qt::Horizontal);
  resizeDocks({prop_dock_, fig_dock_}, {560, 360}, Qt::Vertical);
  resizeDocks({tree_dock_, library_dock_}, {700, 150}, Qt::Vertical);
  resizeDocks({charts_dock_}, {330}, Qt::Vertical);
}

void MainWindow::build_menus() {
  menuBar()->clear();
  // The menus of the previous language (clear() only removes their actions from the bar). Later,
  // not now: the language is chosen from one of them, which is still handling that click when
  // this runs (deleting it here crashed the studio: issue 12, item 19).
  for (QMenu* m : menuBar()->findChildren<QMenu*>(Qt::FindDirectChildrenOnly)) {
    m->setParent(nullptr);
    m->deleteLater();
  }
  auto* file = menuBar()->addMenu(tr("&File"));
  auto* new_menu = file->addMenu(tr("&New"));
  new_menu->addAction(tr("From the built-in &Haidong park"), this, [this] {
    if (maybe_save()) {
      new_scenario(true);
    }
  });
  new_menu->addAction(tr("&Blank park"), QKeySequence::New, this, [this] {
    if (maybe_save()) {
      new_scenario(false);
    }
  });
  file->addAction(tr("&Open..."), QKeySequence::Open, this, [this] {
    if (!maybe_save()) {
      return;
    }
    const QString f = QFileDialog::getOpenFileName(this, tr("Open scenario"), QString(),
                                                   tr("Scenarios (*.json)"));
    if (!f.isEmpty()) {
      open_scenario(f);
    }
  });
  recent_ = file->addMenu(tr("Open &recent"));
  file->addAction(tr("&Save"), QKeySequence::Save, this, [this] { save(); });
  file->addAction(tr("Save &as..."), QKeySequence::SaveAs, this, [this] {
    const QString f = QFileDialog::getSaveFileName(this, tr("Save scenario"), doc_->file(), tr("Scenarios (*.json)"));
    if (!f.isEmpty()) {
      save_as(f);
    }
  });
  file->addSeparator();
  file->addAction(tr("&Compare with a saved scenario..."), this, [this] {
    const QString f = QFileDialog::getOpenFileName(this, tr("Compare with"), QString(), tr("Scenarios (*.json)"));
    if (!f.isEmpty()) {
      compare_with(f);
    }
  });
  file->addSeparator();
  file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
  fill_recent();

  auto* edit_menu = menuBar()->addMenu(tr("&Edit"));
  QAction* undo = doc_->undo_stack()->createUndoAction(edit_menu, tr("&Undo"));
  undo->setShortcut(QKeySequence::Undo);
  QAction* redo = doc_->undo_stack()->createRedoAction(edit_menu, tr("&Redo"));
  redo->setShortcut(QKeySequence::Redo);
  edit_menu->addAction(undo);
  edit_menu->addAction(redo);
  edit_menu->addSeparator();
  add_layout_actions(edit_menu);
  update_layout_actions();

  auto* view_menu = menuBar()->addMenu(tr("&View"));
  auto* lang = view_menu->addMenu(tr("&Language"));
  lang->addAction(QStringLiteral("English"), this, [this] { set_language("en"); });
  lang->addAction(QStringLiteral("简体中文"), this, [this] { set_language("zh"); });
  view_menu->addSeparator();
  for (QDockWidget* d : {tree_dock_, library_dock_, prop_dock_, fig_dock_, climate_dock_, charts_dock_}) {
    view_menu->addAction(d->toggleViewAction());
  }

  // (After View: scripts and tests find the menus by position.)
  auto* analysis = menuBar()->addMenu(tr("&Analysis"));
  analysis->addAction(tr("Uncertainty &bands (50 samples)"), this, [this] { compute_bands(50); });
  analysis->addAction(tr("Failure &ride-through..."), this, [this] { show_ride_through(); });
}

void MainWindow::retranslate() {
  retitle();
  tree_model_->set_headers(tr("Park"), tr("Racks / IT"));
  props_model_->set_headers({tr("Property"), tr("Value"), tr("Unit")});
  tree_dock_->setWindowTitle(tr("Park tree"));
  library_dock_->setWindowTitle(tr("Equipment library"));
  library_->show_templates(language_ == "zh");
  prop_dock_->setWindowTitle(tr("Properties"));
  fig_dock_->setWindowTitle(tr("Key figures"));
  climate_dock_->setWindowTitle(tr("Climate"));
  charts_dock_->setWindowTitle(tr("Charts"));
  toolbar_->setWindowTitle(tr("View"));
  colour_label_->setText(tr("Colour by "));
  view_label_->setText(tr("View "));
  climate_label_->setText(tr("Climate "));
  stage_label_->setText(tr("Stage "));
  stage_box_->setToolTip(tr("The build-out stage shown: its halls in service, occupancy and results"));
  retranslate_layout_actions();
  fill_stage_box();
  time_bar_->setWindowTitle(tr("Time"));
  play_->setText(tr("Play"));
  play_->setToolTip(tr("Play through the year, a day a step"));
  hour_slider_->setToolTip(tr("Hour of the year: the open building's racks show their inlet temperature then"));
  set_hour(hour_);
  {
    const QSignalBlocker block(colour_by_);
    const QString current = colour_by_->currentData().toString();
    colour_by_->clear();
    for (const auto& f : physics::figures()) {
      const QString unit = *f.unit ? QString(" (%1)").arg(f.unit) : QString();
      colour_by_->addItem(figure_title(f.figure) + unit, QString(f.key));
    }
    colour_by_->setCurrentIndex(std::max(0, colour_by_->findData(current)));
  }
  build_menus();
  charts_->retranslate();
  scene_->set_chinese_names(language_ == "zh");
  scene_->set_font_file(language_ == "zh" ? scene::cjk_font_file() : std::string());
  if (doc_->scenario()) {
    scene_stale_ = true; // names and font changed: rebuilt below, once the tree shows the selection
    fill_tree();
    if (!selected_.isEmpty()) {
      select(selected_);
    }
    fill_properties();
    fill_figures();
    refresh_scene();
  }
  fill_climate_panel();
}

void MainWindow::changeEvent(QEvent* e) {
  // A translator installed by someone else (ours retranslates at once in set_language).
  if (e->type() == QEvent::LanguageChange && toolbar_ != nullptr &&
      colour_label_->text() != tr("Colour by ")) {
    retranslate();
  }
  QMainWindow::changeEvent(e);
}

bool MainWindow::set_language(const QString& lang) {
  if (lang != "en" && lang != "zh") {
    return false;
  }
  if (translator_) {
    QCoreApplication::removeTranslator(translator_.get());
    translator_.reset();
  }
  if (qt_translator_) {
    QCoreApplication::removeTranslator(qt_translator_.get());
    qt_translator_.reset();
  }
  language_ = lang;
  if (lang == "zh") {
    translator_ = std::make_unique<QTranslator>();
    if (!translator_->load(":/i18n/parktwin_zh_CN.qm")) {
      translator_.reset();
      language_ = "en";
      retranslate();
      return false;
    }
    QCoreApplication::installTranslator(translator_.get());
    // Qt's own texts (dialog buttons, file dialogs) from Qt's translations (Debian package
    // qt6-translations-l10n); without them those stay in English.
    qt_translator_ = std::make_unique<QTranslator>();
    if (qt_translator_->load(QLocale(QLocale::Chinese, QLocale::China), "qtbase", "_",
                             QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
      QCoreApplication::installTranslator(qt_translator_.get());
    } else {
      qt_translator_.reset();
    }
  }
  retranslate(); // now; the LanguageChange event that follows finds the texts already set
  QSettings().setValue("language", lang);
  return true;
}

bool MainWindow::open_scenario(const QString& name) {
  std::optional<model::Scenario> loaded;
  try {
    loaded = Document::load(name);
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
  const bool builtin = name == model::kBuiltinHaidong;
  const std::vector<std::string> notes = loaded->notes();
  doc_->adopt(std::move(*loaded), builtin ? QString() : name);
  if (!notes.empty()) {
    // An older format read as the current one: said for 20 s over the status line.
    statusBar()->showMessage(QString::fromStdString(notes.front()), 20000);
  }
  if (!builtin) {
    add_recent(name);
  }
  return true;
}

void MainWindow::on_document_opened() {
  problems_->hide();
  statusBar()->clearMessage(); // a note of the scenario opened before
  stage_ = default_stage(doc_->scenario()->park());
  selected_.clear();
  result_.reset();
  supply_.reset();
  dispatch_.reset();
  load_climate();
  retitle();
  setWindowModified(doc_->modified());
  rebuild();
}

void MainWindow::new_scenario(bool from_haidong) {
  if (from_haidong) {
    doc_->adopt(model::Scenario::load(model::kBuiltinHaidong), QString());
  } else {
    QFile f(":/scenarios/blank.json");
    f.open(QIODevice::ReadOnly);
    doc_->adopt(model::Scenario::parse(f.readAll().toStdString(), "new park"), QString());
  }
}

bool MainWindow::save() {
  if (doc_->file().isEmpty()) {
    const QString f = QFileDialog::getSaveFileName(this, tr("Save scenario"), QString(), tr("Scenarios (*.json)"));
    return !f.isEmpty() && save_as(f);
  }
  return save_as(doc_->file());
}

bool MainWindow::save_as(const QString& path) {
  if (!doc_->scenario()) {
    return false;
  }
  try {
    doc_->save_as(path); // atomic: the old file stays whole on failure
  } catch (const std::exception& e) {
    last_error_ = QString::fromUtf8(e.what());
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Could not save"), last_error_, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
    return false;
  }
  add_recent(path);
  status_->setText(tr("Saved %1").arg(path));
  return true;
}

bool MainWindow::maybe_save() {
  if (!doc_->modified()) {
    return true;
  }
  const auto answer = QMessageBox::question(
      this, tr("Unsaved changes"), tr("The scenario has unsaved changes. Save them first?"),
      QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
  if (answer == QMessageBox::Cancel) {
    return false;
  }
  return answer == QMessageBox::Discard || save();
}

void MainWindow::closeEvent(QCloseEvent* e) {
  if (!maybe_save()) {
    e->ignore();
    return;
  }
  Document::discard_autosave();
  e->accept();
}

void MainWindow::write_autosave() {
  if (const auto why = doc_->write_autosave()) {
    status_->setText(tr("Autosave failed: %1").arg(*why));
  }
}

bool MainWindow::recover_autosave() {
  try {
    if (!doc_->recover()) {
      return false;
    }
  } catch (const std::exception& e) {
    last_error_ = QString::fromUtf8(e.what());
    return false;
  }
  const QString file = doc_->file();
  status_->setText(tr("Recovered the unsaved changes of %1").arg(file.isEmpty() ? tr("a new park") : file));
  return true;
}

void MainWindow::add_recent(const QString& file) {
  QSettings settings;
  QStringList files = settings.value("recent").toStringList();
  files.removeAll(QFileInfo(file).absoluteFilePath());
  files.prepend(QFileInfo(file).absoluteFilePath());
  while (files.size() > 8) {
    files.removeLast();
  }
  settings.setValue("recent", files);
  fill_recent();
}

void MainWindow::fill_recent() {
  recent_->clear();
  const QStringList files = QSettings().value("recent").toStringList();
  for (const QString& f : files) {
    recent_->addAction(f, this, [this, f] {
      if (maybe_save()) {
        open_scenario(f);
      }
    });
  }
  recent_->setEnabled(!files.isEmpty());
}

bool MainWindow::compute_bands(int samples) {
  if (!doc_->scenario() || !result_ || !climate_ || samples < 1) {
    return false;
  }
  status_->setText(tr("Running %1 samples of the uncertain parameters...").arg(samples));
  sim_->bands(doc_->scenario(), stage_->id, climate_, static_cast<std::size_t>(samples));
  return true;
}

bool MainWindow::compare_with(const QString& path) {
  if (!doc_->scenario() || !result_ || !climate_) {
    return false;
  }
  std::shared_ptr<const model::Scenario> other;
  try {
    other = std::make_shared<const model::Scenario>(model::Scenario::load(path.toStdString()));
  } catch (const std::exception& e) {
    last_error_ = QString::fromUtf8(e.what());
    status_->setText(tr("Could not compare: %1").arg(last_error_));
    return false;
  }
  const model::Stage* other_stage = other->park().find_stage(stage_->id);
  if (other_stage == nullptr) {
    other_stage = default_stage(other->park());
  }
  status_->setText(tr("Simulating %1 for the comparison...").arg(path));
  sim_->compare(doc_->scenario(), stage_->id, result_, other, other_stage->id, climate_, path);
  return true;
}

void MainWindow::load_climate() {
  const model::Park& park = doc_->scenario()->park();
  if (climate_ && climate_name_ == park.site.climate && climate_->hot_year_K() == park.site.hot_year_K) {
    return;
  }
  std::optional<double> elevation;
  if (park.site.climate == model::haidong::kParkClimateName) {
    elevation = park.site.elevation_m;
  }
  try {
    const cli::ResolvedClimate rc = cli::resolve_climate(park.site.climate, std::nullopt, elevation);
    // The year simulated: its hot year when the scenario asks for one (charts and statistics
    // show what the halls see).
    climate_ = std::make_shared<const physics::ClimateInput>(rc.year, park.site.hot_year_K);
    climate_name_ = park.site.climate;
    climate_description_ = rc.description;
    climate_verification_ = rc.verification;
    climate_stands_in_for_ = rc.stands_in_for;
    climate_stats_ = climate::compute_statistics(climate_->year());
  } catch (const std::exception& e) {
    climate_.reset();
    climate_name_.clear();
    climate_stats_.reset();
    last_error_ = QString::fromUtf8(e.what());
    status_->setText(tr("No climate: %1").arg(last_error_));
  }
  fill_climate_panel();
}

bool MainWindow::set_climate(const QString& name_or_path) {
  if (!doc_->scenario()) {
    return false;
  }
  // Read it first: a file that cannot be read changes nothing.
  try {
    (void)cli::resolve_climate(name_or_path.toStdString(), std::nullopt,
                               name_or_path == model::haidong::kParkClimateName
                                   ? std::optional<double>(doc_->scenario()->park().site.elevation_m)
                                   : std::nullopt);
  } catch (const std::exception& e) {
    last_error_ = QString::fromUtf8(e.what());
    status_->setText(tr("Cannot use that climate: %1").arg(last_error_));
    fill_climate_panel();
    return false;
  }
  return edit("/site/climate", name_or_path.toStdString()).isEmpty();
}

QString MainWindow::climate_text() const { return climate_text_->text(); }

void MainWindow::fill_climate_panel() {
  {
    const QSignalBlocker block(climate_box_);
    climate_box_->clear();
    climate_box_->addItem(QString(model::haidong::kParkClimateName), QString(model::haidong::kParkClimateName));
    try {
      const climate::ClimateCatalog catalog(climate::resolve_climate_dir(std::nullopt));
      for (const auto& e : catalog.entries()) {
        climate_box_->addItem(QString::fromStdString(e.key), QString::fromStdString(e.key));
      }
    } catch (const std::exception&) {
      // No climate folder: only the built-in year's name and files by path.
    }
    climate_box_->addItem(tr("EPW file..."), QString());
    if (!climate_name_.empty()) {
      int i = climate_box_->findData(QString::fromStdString(climate_name_));
      if (i < 0) {
        climate_box_->insertItem(climate_box_->count() - 1,
                                 QFileInfo(QString::fromStdString(climate_name_)).fileName(),
                                 QString::fromStdString(climate_name_));
        i = climate_box_->findData(QString::fromStdString(climate_name_));
      }
      climate_box_->setCurrentIndex(i);
    }
  }
  climate_text_->show_year({climate_name_, climate_description_, climate_verification_, climate_stands_in_for_,
                            climate_stats_});
}

void MainWindow::fill_view_presets(const QString& current) {
  const QSignalBlocker block(view_preset_);
  view_preset_->clear();
  for (const auto& v : scene_->views()) {
    view_preset_->addItem(QString::fromStdString(v), QString::fromStdString(v));
  }
  view_preset_->setCurrentIndex(view_preset_->findData(current));
}

void MainWindow::rebuild() {
  fill_stage_box();
  update_layout_actions();
  scene_->build(doc_->scenario()->park(), *stage_); // the camera framed anew
  scene_stale_ = false;
  fill_view_presets("iso");
  fill_tree();
  fill_properties();
  fill_figures();
  redraw();
  start_simulation();
}

void MainWindow::fill_tree() {
  const QSignalBlocker block(tree_->selectionModel());
  tree_model_->show(doc_->scenario()->park(), *stage_, language_ == "zh");
  const QModelIndex root = tree_model_->index(0, 0);
  tree_->expand(root);
  for (int i = 0; i < tree_model_->rowCount(root); ++i) {
    tree_->expand(tree_model_->index(i, 0, root));
  }
}

bool MainWindow::select(const QString& id) {
  const QModelIndex i = tree_model_->find(id);
  if (!i.isValid()) {
    return false;
  }
  if (i == tree_->currentIndex()) {
    on_tree_selection(); // shown again: what it shows may have changed
  } else {
    tree_->setCurrentIndex(i); // on_tree_selection follows
  }
  tree_->scrollTo(i);
  return true;
}

void MainWindow::on_tree_selection() {
  const QModelIndex item = tree_->currentIndex();
  selected_ = item.isValid() ? item.data(kIdRole).toString() : QString();
  if (!scene_stale_) {
    show_selection_in_scene();
  }
  update_interior();
  fill_properties();
  fill_figures();
  update_layout_actions();
  redraw();
}

void MainWindow::show_selection_in_scene() {
  const QModelIndex item = tree_->currentIndex();
  // A rack group ("<hall>/<group>") shows its hall's building; a building or a hall opens it.
  scene_->select(selected_.section('/', 0, 0).toStdString());
  const QString kind = item.isValid() ? item.data(kKindRole).toString() : QString();
  scene_->show_interior(kind == "building" || kind == "hall" || kind == "rack_group" ? scene_->selected() : std::string());
  if (kind == "hall" || kind == "rack_group") {
    scene_->highlight_hall(selected_.section('/', 0, 0).toStdString());
  }
}

void MainWindow::mark_scene_stale() {
  scene_stale_ = true;
  if (!scene_refresh_queued_) {
    scene_refresh_queued_ = true;
    QTimer::singleShot(0, this, [this] {
      scene_refresh_queued_ = false;
      refresh_scene();
    });
  }
}

void MainWindow::refresh_scene() {
  if (!scene_stale_ || !doc_->scenario()) {
    return;
  }
  scene_stale_ = false;
  scene_->build(doc_->scenario()->park(), *stage_, false); // the camera kept
  fill_view_presets(view_preset_->currentData().toString()); // buildings come and go
  show_selection_in_scene();
  recolour();
  update_interior();
  redraw();
}

void MainWindow::redraw() {
  if (!painting_) {
    view_->update();
  }
}

void MainWindow::on_view_clicked(double x, double y) {
  refresh_scene();
  const std::string id = scene_->pick(x, y);
  if (!id.empty()) {
    select(QString::fromStdString(id));
  }
}

bool MainWindow::set_view(const QString& preset) {
  refresh_scene();
  if (!doc_->scenario() || !scene_->set_view(preset.toStdString())) {
    return false;
  }
  view_preset_->setCurrentIndex(view_preset_->findData(preset));
  redraw();
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
  if (!doc_->scenario() || scene_stale_) { // the refresh colours it
    return;
  }
  scene::Colouring c;
  if (result_ && difference_figure_ && last_comparison_) {
    // This minus the other, building by building (buildings in one scenario only: grey).
    const auto& i = physics::info(*difference_figure_);
    const auto& other = *last_comparison_->other_scenario;
    const model::Stage* their_stage = other.park().find_stage(last_comparison_->other_stage);
    const auto mine = physics::building_figures(doc_->scenario()->park(), *stage_, *result_, *difference_figure_);
    const auto theirs = physics::building_figures(other.park(), *their_stage, *last_comparison_->other_result, *difference_figure_);
    for (const auto& [id, v] : mine) {
      if (const auto it = theirs.find(id); it != theirs.end()) {
        c.values[id] = v - it->second;
      }
    }
    c.title = tr("%1, this minus %2").arg(figure_title(*difference_figure_), QFileInfo(last_comparison_->other).fileName()).toStdString() +
              (*i.unit ? std::string(" (") + i.unit + ")" : std::string());
    c.higher_is_better = i.higher_is_better;
    c.scale = scene::Colouring::Scale::Difference;
  } else if (result_) {
    const auto& i = physics::info(figure_);
    c.values = physics::building_figures(doc_->scenario()->park(), *stage_, *result_, figure_);
    c.title = figure_title(figure_).toStdString() + (*i.unit ? std::string(" (") + i.unit + ")" : std::string());
    c.higher_is_better = i.higher_is_better;
    c.scale = i.amount ? scene::Colouring::Scale::Amount : scene::Colouring::Scale::Rating;
  }
  scene_->colour(c);
  redraw();
}

bool MainWindow::simulating() const noexcept { return sim_->busy(); }

SimulationController::Request MainWindow::run_request() const {
  return {doc_->scenario(), stage_ != nullptr ? stage_->id : std::string(), climate_};
}

void MainWindow::start_simulation() { sim_->run(run_request()); }

void MainWindow::simulation_done(std::shared_ptr<const physics::ParkResult> done) {
  progress_->hide();
  result_ = std::move(done);
  supply_ = sim_->supply();
  dispatch_ = sim_->dispatch();
  results_stale_ = false;
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
  update_interior();
  emit results_shown();
}

void MainWindow::fill_properties() {
  if (!doc_->scenario()) {
    props_model_->clear();
    return;
  }
  const std::string pointer = pointer_of(selected_.toStdString());
  if (pointer.empty() && !selected_.isEmpty()) {
    props_model_->clear();
    return;
  }
  // The element with its schema defaults: every field the model reads is shown.
  const model::Json doc = model::scenario_schema().with_defaults(doc_->scenario()->document());
  const model::Json& element = doc.at(model::Json::json_pointer(pointer));
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
  // (The schema gives the liquid loop no default: a hall without one shows none.)
  props_model_->show(element, pattern, pointer, language_ == "zh");
  properties_->expandAll();
}

void MainWindow::fill_figures() {
  if (!doc_->scenario()) {
    figures_->clear();
    return;
  }
  if (!result_) {
    figures_->show_simulating();
    return;
  }
  figures_->show_figures(doc_->scenario()->park(), *stage_, *result_, supply_.get(), selection_halls(),
                         selected_.isEmpty() ? tr("Park") : selected_, selected_.isEmpty());
  fill_charts();
}

std::set<std::string> MainWindow::selection_halls() const {
  std::set<std::string> halls;
  if (!doc_->scenario()) {
    return halls;
  }
  const std::string id = selected_.section('/', 0, 0).toStdString(); // a rack group: its hall
  for (const auto& w : doc_->scenario()->park().wings) {
    for (const auto& b : w.buildings) {
      for (const auto& h : b.halls) {
        if (id.empty() || id == w.id || id == b.id || id == h.id) {
          halls.insert(h.id);
        }
      }
    }
  }
  return halls;
}

void MainWindow::fill_charts() {
  if (results_stale_) {
    return; // drawn when the new results arrive
  }
  if (!doc_->scenario() || !result_ || !climate_) {
    charts_->clear();
    return;
  }
  charts_->show_results(doc_->scenario()->park(), *stage_, *result_, *climate_, selection_halls(),
                        selected_.isEmpty() ? tr("the park") : selected_, supply_.get(), dispatch_.get());
}

std::string MainWindow::pointer_of(const std::string& id) const {
  if (!doc_->scenario()) {
    return {};
  }
  const auto at = model::layout::locate(doc_->scenario()->document(), id); // none for the park ("") too
  return at ? at->pointer : std::string();
}

void MainWindow::show_problems(const QStringList& problems) {
  if (problems.isEmpty()) {
    problems_->hide();
    return;
  }
  problems_->setText(tr("Not changed:") + "\n" + problems.join("\n"));
  problems_->show();
  status_->setText(tr("The edit was refused: %1").arg(problems.front()));
}

QStringList MainWindow::edit(const QString& pointer, const model::Json& value) {
  const QStringList problems = doc_->edit(pointer.toStdString(), value);
  show_problems(problems);
  if (!problems.isEmpty()) {
    fill_properties(); // shows the value as it still is
  }
  return problems;
}

void MainWindow::on_document_changed(const QString& select_id, bool reselect) {
  results_stale_ = true;
  const std::string stage = stage_ != nullptr ? stage_->id : std::string();
  load_climate(); // site.climate may be the field edited
  const model::Park& park = doc_->scenario()->park();
  stage_ = park.find_stage(stage);
  if (stage_ == nullptr) {
    stage_ = default_stage(park);
  }
  if (reselect) {
    selected_ = select_id;
  }
  show_park_keeping_selection();
  sim_->run_after_edits(run_request());
}

void MainWindow::show_park_keeping_selection() {
  const QString keep = selected_;
  mark_scene_stale(); // rebuilt next, in its own event
  fill_tree();
  if (keep.isEmpty() || !select(keep)) {
    selected_.clear();
    fill_properties();
    fill_figures();
  }
  recolour();
  redraw();
}

void MainWindow::set_hour(int hour) {
  hour_ = std::clamp(hour, 0, 8759);
  if (hour_slider_->value() != hour_) {
    const QSignalBlocker block(hour_slider_);
    hour_slider_->setValue(hour_);
  }
  const QDateTime t = QDateTime(QDate(2025, 1, 1), QTime(0, 0)).addSecs(3600LL * hour_);
  hour_label_->setText(QLocale(language_ == "zh" ? QLocale::Chinese : QLocale::English)
                           .toString(t, language_ == "zh" ? "M月d日 HH:00" : "MMM d, HH:00"));
  update_interior();
}

void MainWindow::update_interior() {
  if (!doc_->scenario() || !result_ || scene_stale_) { // the refresh shows them
    return;
  }
  std::map<std::string, double> T;
  for (const auto& r : result_->halls) {
    if (r.ok && static_cast<std::size_t>(hour_) < r.hourly.T_inlet_C.size()) {
      T[r.hall_id] = static_cast<double>(r.hourly.T_inlet_C[static_cast<std::size_t>(hour_)]);
    }
  }
  scene_->set_inlet_temperatures(T, tr("IT inlet (C)").toStdString());
  redraw();
}

} // namespace parktwin::studio
