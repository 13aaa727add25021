#include "main_window.hpp"

#include "charts.hpp"
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
#include <QRegularExpression>
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
#include <QStatusBar>
#include <QToolBar>
#include <QVBoxLayout>
#include <QTreeWidget>
#include <QThreadPool>
#include <QTimer>
#include <QUndoCommand>
#include <QUndoStack>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <map>
#include <set>

namespace parktwin::studio {
namespace {

enum Role { kIdRole = Qt::UserRole, kKindRole };

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

/// The fields of a JSON object as tree items (objects nested, short lists of numbers inline),
/// with their units from the schema (`pattern` is the object's schema pattern).
constexpr int kPointerRole = Qt::UserRole + 1;

void add_fields(QTreeWidgetItem* parent, QTreeWidget* tree, const model::Json& obj, const std::string& pattern,
                const std::string& pointer, bool zh) {
  for (const auto& [key, value] : obj.items()) {
    const bool point_list = value.is_array() && !value.empty() && value[0].is_array() && value[0].size() == 2 &&
                            value[0][0].is_number(); // a polygon: edited as "x, y; x, y; ..."
    if (value.is_array() && !point_list && !(value.size() <= 3 && !value.empty() && value[0].is_number())) {
      continue; // lists of elements are in the park tree
    }
    const std::string full = pattern.empty() ? key : pattern + "." + key;
    QTreeWidgetItem* item = parent != nullptr ? new QTreeWidgetItem(parent) : new QTreeWidgetItem(tree);
    // The schema's title in the interface's language; the key (what the file says) in the tooltip.
    const std::string title = model::scenario_schema().title_at(full, zh);
    item->setText(0, QString::fromStdString(title.empty() ? key : title));
    item->setData(0, Qt::UserRole, QString::fromStdString(full));
    const std::string here = pointer + "/" + key;
    if (value.is_object()) {
      item->setToolTip(0, QString::fromStdString(key));
      add_fields(item, tree, value, full, here, zh);
      item->setExpanded(true);
      continue;
    }
    QString text = QString::fromStdString(value.is_string() ? value.get<std::string>() : value.dump());
    if (point_list) {
      QStringList points;
      for (const auto& p : value) {
        points << QString::number(p[0].get<double>(), 'g', 10) + ", " + QString::number(p[1].get<double>(), 'g', 10);
      }
      text = points.join("; ");
    } else if (value.is_array()) {
      QStringList parts;
      for (const auto& v : value) {
        parts << QString::number(v.get<double>(), 'g', 10);
      }
      text = parts.join(", ");
    }
    item->setText(1, text);
    const bool label = key == "id" || key == "source" || key == "format" || key == "version";
    if (!label) { // short lists of numbers (a position) are edited as "x, y"
      item->setFlags(item->flags() | Qt::ItemIsEditable);
      item->setData(1, kPointerRole, QString::fromStdString(here));
    }
    if (const model::Json* node = model::scenario_schema().node_at(full)) {
      if (const auto u = node->find("x-unit"); u != node->end() && *u != "1") {
        item->setText(2, QString::fromStdString(u->get<std::string>()));
      }
      QString tip;
      if (const auto d = node->find("description"); d != node->end()) {
        tip = QString::fromStdString(d->get<std::string>());
      }
      // The range the schema allows (the validation's own limits).
      const auto lo = node->find("minimum"), hi = node->find("maximum");
      const auto xlo = node->find("exclusiveMinimum"), xhi = node->find("exclusiveMaximum");
      QString range;
      if (lo != node->end() || xlo != node->end()) {
        range += (lo != node->end() ? QString::fromStdString(lo->dump()) + " <= "
                                    : QString::fromStdString(xlo->dump()) + " < ");
      }
      if (lo != node->end() || xlo != node->end() || hi != node->end() || xhi != node->end()) {
        range += QString::fromStdString(key);
      }
      if (hi != node->end() || xhi != node->end()) {
        range += (hi != node->end() ? " <= " + QString::fromStdString(hi->dump())
                                    : " < " + QString::fromStdString(xhi->dump()));
      }
      if (const auto e = node->find("enum"); e != node->end()) {
        QStringList names;
        for (const auto& v : *e) {
          names << QString::fromStdString(v.is_string() ? v.get<std::string>() : v.dump());
        }
        range = names.join(" | ");
      }
      if (!range.isEmpty()) {
        tip += (tip.isEmpty() ? "" : "\n") + range;
      }
      item->setToolTip(0, QString::fromStdString(key) + (tip.isEmpty() ? "" : "\n") + tip);
      item->setToolTip(1, tip);
    }
  }
}

} // namespace

QString MainWindow::figure_name(physics::Figure f) { return figure_title(f); }

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
  view_ = new VtkView(this);
  setCentralWidget(view_);
  scene_ = std::make_unique<scene::ParkScene>(view_->renderer());
  connect(view_, &VtkView::clicked, this, &MainWindow::on_view_clicked);

  tree_ = new QTreeWidget(this);
  tree_->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
  connect(tree_, &QTreeWidget::currentItemChanged, this, [this] { on_tree_selection(); });
  tree_->setContextMenuPolicy(Qt::CustomContextMenu);
  connect(tree_, &QTreeWidget::customContextMenuRequested, this, [this](const QPoint& at) {
    if (QTreeWidgetItem* item = tree_->itemAt(at)) {
      tree_->setCurrentItem(item);
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

  properties_ = new QTreeWidget(this);
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
  prop_dock_ = new QDockWidget(this);
  prop_dock_->setObjectName("properties");
  prop_dock_->setWidget(prop_box);
  addDockWidget(Qt::RightDockWidgetArea, prop_dock_);

  figures_ = new QLabel(this);
  figures_->setTextFormat(Qt::RichText);
  figures_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
  figures_->setMargin(8);
  figures_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  fig_dock_ = new QDockWidget(this);
  fig_dock_->setObjectName("figures");
  fig_dock_->setWidget(figures_);
  addDockWidget(Qt::RightDockWidgetArea, fig_dock_);

  climate_text_ = new QLabel(this);
  climate_text_->setTextFormat(Qt::RichText);
  climate_text_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
  climate_text_->setMargin(8);
  climate_text_->setWordWrap(true);
  climate_text_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  climate_dock_ = new QDockWidget(this);
  climate_dock_->setObjectName("climate");
  climate_dock_->setWidget(climate_text_);
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

  undo_ = new QUndoStack(this);
  build_layout_actions();
  connect(undo_, &QUndoStack::cleanChanged, this, [this](bool clean) { setWindowModified(!clean); });
  autosave_ = new QTimer(this);
  autosave_->setInterval(30000);
  connect(autosave_, &QTimer::timeout, this, [this] {
    if (isWindowModified()) {
      write_autosave();
    }
  });
  autosave_->start();
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
  retranslate();
  resize(1600, 1000);
  resizeDocks({tree_dock_, prop_dock_}, {300, 420}, Qt::Horizontal);
  resizeDocks({prop_dock_, fig_dock_}, {560, 360}, Qt::Vertical);
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
    const QString f = QFileDialog::getSaveFileName(this, tr("Save scenario"), file_, tr("Scenarios (*.json)"));
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
  QAction* undo = undo_->createUndoAction(edit_menu, tr("&Undo"));
  undo->setShortcut(QKeySequence::Undo);
  QAction* redo = undo_->createRedoAction(edit_menu, tr("&Redo"));
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
  for (QDockWidget* d : {tree_dock_, prop_dock_, fig_dock_, climate_dock_, charts_dock_}) {
    view_menu->addAction(d->toggleViewAction());
  }
}

void MainWindow::retranslate() {
  setWindowTitle(!scenario_ ? tr("ParkTwin Studio")
                            : tr("ParkTwin Studio - %1[*]")
                                  .arg(file_.isEmpty() ? QString::fromStdString(scenario_->park().name)
                                                       : QFileInfo(file_).fileName()));
  tree_->setHeaderLabels({tr("Park"), tr("Racks / IT")});
  properties_->setHeaderLabels({tr("Property"), tr("Value"), tr("Unit")});
  tree_dock_->setWindowTitle(tr("Park tree"));
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
  if (scenario_) {
    scene_->build(scenario_->park(), *stage_, false);
    fill_tree();
    if (!selected_.isEmpty()) {
      select(selected_);
    }
    fill_properties();
    fill_figures();
    recolour();
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
  const bool builtin = name == model::kBuiltinHaidong;
  const std::vector<std::string> notes = loaded->notes();
  adopt(std::move(*loaded), builtin ? QString() : name);
  if (!notes.empty()) {
    // An older format read as the current one: said for 20 s over the status line.
    statusBar()->showMessage(QString::fromStdString(notes.front()), 20000);
  }
  if (!builtin) {
    add_recent(name);
  }
  return true;
}

void MainWindow::adopt(model::Scenario s, const QString& file) {
  undo_->clear();
  problems_->hide();
  scenario_ = std::move(s);
  file_ = file;
  stage_ = default_stage(scenario_->park());
  selected_.clear();
  result_.reset();
  load_climate();
  setWindowTitle(tr("ParkTwin Studio - %1[*]")
                     .arg(file_.isEmpty() ? QString::fromStdString(scenario_->park().name)
                                          : QFileInfo(file_).fileName()));
  setWindowModified(false);
  // A document opened or made new replaces the unsaved edits; a recovered one is them, and its
  // recovery file stays until it is saved or discarded (issue 12, item 11).
  if (!recovering_) {
    QFile::remove(autosave_path());
  }
  rebuild();
}

void MainWindow::new_scenario(bool from_haidong) {
  if (from_haidong) {
    adopt(model::Scenario::load(model::kBuiltinHaidong), QString());
  } else {
    QFile f(":/scenarios/blank.json");
    f.open(QIODevice::ReadOnly);
    adopt(model::Scenario::parse(f.readAll().toStdString(), "new park"), QString());
  }
}

bool MainWindow::save() {
  if (file_.isEmpty()) {
    const QString f = QFileDialog::getSaveFileName(this, tr("Save scenario"), QString(), tr("Scenarios (*.json)"));
    return !f.isEmpty() && save_as(f);
  }
  return save_as(file_);
}

bool MainWindow::save_as(const QString& path) {
  if (!scenario_) {
    return false;
  }
  try {
    scenario_->save(path.toStdString()); // atomic: the old file stays whole on failure
  } catch (const std::exception& e) {
    last_error_ = QString::fromUtf8(e.what());
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Could not save"), last_error_, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
    return false;
  }
  file_ = path;
  undo_->setClean();
  setWindowModified(false);
  setWindowTitle(tr("ParkTwin Studio - %1[*]").arg(QFileInfo(file_).fileName()));
  QFile::remove(autosave_path());
  add_recent(path);
  status_->setText(tr("Saved %1").arg(path));
  return true;
}

bool MainWindow::maybe_save() {
  if (!isWindowModified()) {
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
  QFile::remove(autosave_path());
  e->accept();
}

QString MainWindow::autosave_path() {
  return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + "/autosave.json";
}

void MainWindow::write_autosave() {
  if (!scenario_) {
    return;
  }
  QDir().mkpath(QFileInfo(autosave_path()).path());
  const model::Json a{{"file", file_.toStdString()},
                      {"saved_at", QDateTime::currentDateTime().toString(Qt::ISODate).toStdString()},
                      {"document", scenario_->document()}};
  try {
    write_file_atomically(autosave_path().toStdString(), a.dump(1));
  } catch (const std::exception& e) {
    status_->setText(tr("Autosave failed: %1").arg(QString::fromUtf8(e.what())));
  }
}

bool MainWindow::recover_autosave() {
  QFile f(autosave_path());
  if (!f.open(QIODevice::ReadOnly)) {
    return false;
  }
  try {
    const auto a = model::parse_json_document(f.readAll().toStdString(), autosave_path().toStdString());
    const QString file = QString::fromStdString(a.value("file", std::string()));
    auto s = model::Scenario::from_document(a.at("document"), file.isEmpty() ? "recovered" : file.toStdString());
    recovering_ = true;
    struct Reset {
      bool& flag;
      ~Reset() { flag = false; }
    } reset{recovering_};
    adopt(std::move(s), file);
    setWindowModified(true); // recovered changes are not saved yet
    status_->setText(tr("Recovered the unsaved changes of %1").arg(file.isEmpty() ? tr("a new park") : file));
    return true;
  } catch (const std::exception& e) {
    last_error_ = QString::fromUtf8(e.what());
    return false;
  }
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

bool MainWindow::compare_with(const QString& path) {
  if (!scenario_ || !result_ || !climate_) {
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
  auto mine = std::make_shared<const model::Scenario>(*scenario_);
  auto my_result = result_;
  const std::string my_stage = stage_->id;
  const std::string their_stage = other_stage->id;
  auto climate = climate_;
  physics::HallResultCache* cache = &cache_;
  status_->setText(tr("Simulating %1 for the comparison...").arg(path));
  auto* watcher = new QFutureWatcher<Comparison>(this);
  connect(watcher, &QFutureWatcher<Comparison>::finished, this, [this, watcher] {
    const Comparison c = watcher->result();
    watcher->deleteLater();
    status_->setText(tr("Compared with %1: %2 inputs and %3 figures differ")
                         .arg(c.other)
                         .arg(c.inputs.size())
                         .arg(std::count_if(c.figures.begin(), c.figures.end(),
                                            [](const auto& r) { return r.differs(); })));
    show_comparison(c);
    emit compared(c);
  });
  watcher->setFuture(QtConcurrent::run([=]() {
    physics::ParkRunOptions o;
    o.simulation.keep_hourly = true;
    o.cache = cache;
    const auto theirs = physics::simulate_park(other->park(), *other->park().find_stage(their_stage), *climate, o);
    Comparison c;
    c.other = path;
    c.other_scenario = other;
    c.other_result = std::make_shared<const physics::ParkResult>(theirs);
    c.other_stage = their_stage;
    c.inputs = physics::input_differences(mine->document(), other->document());
    c.figures = physics::figure_rows(mine->park(), *mine->park().find_stage(my_stage), *my_result,
                                     other->park(), *other->park().find_stage(their_stage), theirs);
    return c;
  }));
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
    climate_description_ = rc.description;
    climate_verification_ = rc.verification;
    climate_stands_in_for_ = rc.stands_in_for;
    climate_stats_ = climate::compute_statistics(rc.year);
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
  if (!scenario_) {
    return false;
  }
  // Read it first: a file that cannot be read changes nothing.
  try {
    (void)cli::resolve_climate(name_or_path.toStdString(), std::nullopt,
                               name_or_path == model::haidong::kParkClimateName
                                   ? std::optional<double>(scenario_->park().site.elevation_m)
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
  if (!climate_stats_) {
    climate_text_->setText(tr("<i>No climate year loaded.</i>"));
    return;
  }
  const auto& st = *climate_stats_;
  const auto C = [](double K) { return QString::number(units::kelvin_to_celsius(K), 'f', 1); };
  QString html = QString("<b>%1</b><br>%2").arg(QString::fromStdString(climate_name_).toHtmlEscaped(),
                                                 QString::fromStdString(climate_description_).toHtmlEscaped());
  if (!climate_stands_in_for_.empty()) {
    html += "<br>" + tr("Stands in for: %1").arg(QString::fromStdString(climate_stands_in_for_).toHtmlEscaped());
  }
  html += "<br><small>" + QString::fromStdString(climate_verification_).toHtmlEscaped() + "</small>";
  html += "<table cellspacing=3>";
  const auto row = [&](const QString& k, const QString& v) {
    html += QString("<tr><td>%1</td><td align=right><b>%2</b></td></tr>").arg(k, v);
  };
  row(tr("Annual mean dry bulb"), C(st.mean_db_K) + " C");
  row(tr("Warmest / coldest month"), C(st.months[static_cast<std::size_t>(st.warmest_month - 1)].mean_db_K) + " / " +
                                        C(st.months[static_cast<std::size_t>(st.coldest_month - 1)].mean_db_K) + " C");
  row(tr("Extremes"), C(st.max_db_K.value) + " / " + C(st.min_db_K.value) + " C");
  row(tr("Mean / highest wet bulb"), C(st.mean_wb_K) + " / " + C(st.max_wb_K.value) + " C");
  row(tr("Mean relative humidity"), QString::number(100.0 * st.mean_rh, 'f', 0) + " %");
  row(tr("Mean station pressure"), QString::number(st.mean_p_Pa / 1000.0, 'f', 1) + " kPa");
  for (const auto& c : st.hours_wb_below) {
    row(tr("Hours with wet bulb below %1 C").arg(C(c.threshold_K)), QString::number(c.count));
  }
  for (const auto& c : st.days_max_wb_below) {
    row(tr("Days with daily max wet bulb below %1 C").arg(C(c.threshold_K)), QString::number(c.count));
  }
  row(tr("Heating degree-hours (base %1 C)").arg(C(st.heating_base_K)),
      QString::number(st.heating_degree_hours_K_h / 1000.0, 'f', 0) + " kK h");
  row(tr("Global horizontal irradiation"), QString::number(st.ghi_J_m2 / 3.6e6, 'f', 0) + " kWh/m2");
  html += "</table>";
  climate_text_->setText(html);
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
  scene_->build(scenario_->park(), *stage_);
  fill_view_presets("iso");
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
  auto* root = new QTreeWidgetItem(
      tree_, {QString::fromStdString(language_ == "zh" && !park.name_zh.empty() ? park.name_zh : park.name)});
  root->setData(0, kIdRole, QString());
  root->setData(0, kKindRole, "park");
  for (const auto& w : park.wings) {
    const bool zh = language_ == "zh";
    auto* wi = new QTreeWidgetItem(
        root, {QString::fromStdString(zh && !w.name_zh.empty() ? w.name_zh : (w.name.empty() ? w.id : w.name))});
    wi->setData(0, kIdRole, QString::fromStdString(w.id));
    wi->setData(0, kKindRole, "wing");
    for (const auto& b : w.buildings) {
      // The scenario's Chinese names where it gives them (the id otherwise, and in English).
      auto* bi = new QTreeWidgetItem(wi, {QString::fromStdString(zh && !b.name_zh.empty() ? b.name_zh : b.id)});
      bi->setToolTip(0, QString::fromStdString(b.id));
      bi->setData(0, kIdRole, QString::fromStdString(b.id));
      bi->setData(0, kKindRole, "building");
      for (const auto& h : b.halls) {
        const bool serving = park.service_year(h) <= stage_->year;
        auto* hi = new QTreeWidgetItem(
            bi, {QString::fromStdString(zh && !h.name_zh.empty() ? h.name_zh : h.id),
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
  // A rack group ("<hall>/<group>") shows its hall's building; a building or a hall opens it.
  scene_->select(selected_.section('/', 0, 0).toStdString());
  const QString kind = item != nullptr ? item->data(0, kKindRole).toString() : QString();
  scene_->show_interior(kind == "building" || kind == "hall" || kind == "rack_group" ? scene_->selected() : std::string());
  if (kind == "hall" || kind == "rack_group") {
    scene_->highlight_hall(selected_.section('/', 0, 0).toStdString());
  }
  update_interior();
  fill_properties();
  fill_figures();
  update_layout_actions();
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
  if (result_ && difference_figure_ && last_comparison_) {
    // This minus the other, building by building (buildings in one scenario only: grey).
    const auto& i = physics::info(*difference_figure_);
    const auto& other = *last_comparison_->other_scenario;
    const model::Stage* their_stage = other.park().find_stage(last_comparison_->other_stage);
    const auto mine = physics::building_figures(scenario_->park(), *stage_, *result_, *difference_figure_);
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
    c.values = physics::building_figures(scenario_->park(), *stage_, *result_, figure_);
    c.title = figure_title(figure_).toStdString() + (*i.unit ? std::string(" (") + i.unit + ")" : std::string());
    c.higher_is_better = i.higher_is_better;
    c.scale = i.amount ? scene::Colouring::Scale::Amount : scene::Colouring::Scale::Rating;
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
  add_fields(nullptr, properties_, *obj, pattern, pointer, language_ == "zh");
  add_property_widgets();
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
  const std::string id = selected_.toStdString();
  const std::set<std::string> halls = selection_halls();
  QString what = tr("Park");
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
  fill_charts();
}

std::set<std::string> MainWindow::selection_halls() const {
  std::set<std::string> halls;
  if (!scenario_) {
    return halls;
  }
  const std::string id = selected_.section('/', 0, 0).toStdString(); // a rack group: its hall
  for (const auto& w : scenario_->park().wings) {
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
  if (!scenario_ || !result_ || !climate_) {
    charts_->clear();
    return;
  }
  charts_->show_results(scenario_->park(), *stage_, *result_, *climate_, selection_halls(),
                        selected_.isEmpty() ? tr("the park") : selected_);
}

std::string MainWindow::pointer_of(const std::string& id) const {
  if (!scenario_) {
    return {};
  }
  const auto at = model::layout::locate(scenario_->document(), id); // none for the park ("") too
  return at ? at->pointer : std::string();
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
  } else if (type == "array") {
    // "x, y" (or "[x, y]"): numbers separated by commas or spaces; a polygon's corners
    // separated by ';' ("0, 0; 60, 0; 60, 40; 0, 40").
    const auto numbers = [&ok](QString part) {
      part.remove('[').remove(']');
      model::Json out = model::Json::array();
      for (const QString& n : part.split(QRegularExpression("[,\\s]+"), Qt::SkipEmptyParts)) {
        bool number_ok = false;
        out.push_back(n.toDouble(&number_ok));
        ok = ok && number_ok;
      }
      return out;
    };
    if (text.contains(';')) {
      value = model::Json::array();
      for (const QString& corner : text.split(';', Qt::SkipEmptyParts)) {
        value.push_back(numbers(corner));
      }
    } else {
      value = numbers(text);
    }
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
  results_stale_ = true;
  const std::string stage = stage_ != nullptr ? stage_->id : std::string();
  scenario_ = model::Scenario::from_document(doc, scenario_->source());
  load_climate(); // site.climate may be the field edited
  const model::Park& park = scenario_->park();
  stage_ = park.find_stage(stage);
  if (stage_ == nullptr) {
    stage_ = default_stage(park);
  }
  show_park_keeping_selection();
  debounce_->start();
}

void MainWindow::show_park_keeping_selection() {
  const QString keep = selected_;
  scene_->build(scenario_->park(), *stage_, false);
  fill_view_presets(view_preset_->currentData().toString()); // buildings come and go
  fill_tree();
  if (keep.isEmpty() || !select(keep)) {
    selected_.clear();
    fill_properties();
    fill_figures();
  }
  recolour();
  view_->update();
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
  if (!scenario_ || !result_) {
    return;
  }
  std::map<std::string, double> T;
  for (const auto& r : result_->halls) {
    if (r.ok && static_cast<std::size_t>(hour_) < r.hourly.T_inlet_C.size()) {
      T[r.hall_id] = static_cast<double>(r.hourly.T_inlet_C[static_cast<std::size_t>(hour_)]);
    }
  }
  scene_->set_inlet_temperatures(T, tr("IT inlet (C)").toStdString());
  view_->update();
}

} // namespace parktwin::studio
