// The comparison of two scenarios in the studio (docs/studio.md, "Scenarios"), and the
// uncertainty bands of one ("Uncertainty bands"): the inputs that
// differ with the schema's titles and units, every key figure formatted for people with the
// difference this minus the other, only what differs unless asked, and the 3D view coloured by a
// figure's difference.

#include "main_window.hpp"
#include "numbers.hpp"

#include "parktwin/physics/metrics.hpp"
#include "parktwin/scene/park_scene.hpp"

#include <array>
#include <cmath>
#include <map>

#include <QCheckBox>

#include <QComboBox>
#include <QDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace parktwin::studio {
namespace {

/// "wings[1].buildings[0].halls[2].air.supply_air_C" -> the element ("silk-1a-h3") and the
/// field's schema pattern ("wings[*].buildings[*].halls[*].air.supply_air_C").
std::pair<std::string, std::string> element_and_pattern(const model::Json& doc, const std::string& path) {
  std::string pattern, element;
  const model::Json* at = &doc;
  std::size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '.') {
      ++i;
      continue;
    }
    if (path[i] == '[') {
      const std::size_t close = path.find(']', i);
      const std::size_t index = std::stoul(path.substr(i + 1, close - i - 1));
      pattern += "[*]";
      at = at != nullptr && at->is_array() && index < at->size() ? &(*at)[index] : nullptr;
      if (at != nullptr && at->is_object()) {
        if (const auto id = at->find("id"); id != at->end() && id->is_string()) {
          element = id->get<std::string>();
        }
      }
      i = close + 1;
      continue;
    }
    const std::size_t end = path.find_first_of(".[", i);
    const std::string key = path.substr(i, end == std::string::npos ? std::string::npos : end - i);
    pattern += (pattern.empty() ? "" : ".") + key;
    if (at != nullptr && at->is_object()) {
      const auto it = at->find(key);
      at = it != at->end() ? &*it : nullptr;
    } else {
      at = nullptr;
    }
    i = end == std::string::npos ? path.size() : end;
  }
  return {element, pattern};
}

/// The field's title path ("Cooling > Air system > Supply air (C)") from the element down.
QString field_title(const std::string& pattern, bool zh) {
  const auto& schema = model::scenario_schema();
  // Titles of the parts below the last element ("[*]").
  const std::size_t last = pattern.rfind("[*]");
  const std::size_t from = last == std::string::npos ? 0 : last + 4;
  QStringList parts;
  std::size_t at = from;
  while (at <= pattern.size()) {
    const std::size_t dot = pattern.find('.', at);
    const std::string upto = pattern.substr(0, dot == std::string::npos ? std::string::npos : dot);
    const std::string title = schema.title_at(upto, zh);
    parts << QString::fromStdString(title.empty() ? upto.substr(upto.rfind('.') + 1) : title);
    if (dot == std::string::npos) {
      break;
    }
    at = dot + 1;
  }
  QString out = parts.join(QStringLiteral(" > "));
  if (const model::Json* node = schema.node_at(pattern)) {
    if (const auto u = node->find("x-unit"); u != node->end()) {
      const std::string unit = u->get<std::string>();
      if (unit != "1") {
        out += QStringLiteral(" (%1)").arg(QString::fromStdString(unit));
      }
    }
  }
  return out;
}

/// Values as people read them: numbers formatted, strings as they are.
QString value_text(const std::string& v) {
  if (v.empty()) {
    return MainWindow::tr("absent");
  }
  char* end = nullptr;
  const double x = std::strtod(v.c_str(), &end);
  if (end != nullptr && *end == '\0' && end != v.c_str()) {
    return human_number(x);
  }
  return QString::fromStdString(v.size() >= 2 && v.front() == '"' && v.back() == '"' ? v.substr(1, v.size() - 2) : v);
}

/// The comparison's figures (physics::figure_rows) with their titles and units.
QString figure_row_title(const std::string& figure) {
  if (figure == "PUE") {
    return MainWindow::tr("PUE");
  }
  if (figure == "ERE") {
    return MainWindow::tr("ERE");
  }
  if (figure == "WUE_L_per_kWh") {
    return MainWindow::tr("WUE (L/kWh)");
  }
  if (figure == "it_MWh") {
    return MainWindow::tr("IT energy (MWh)");
  }
  if (figure == "facility_MWh") {
    return MainWindow::tr("Facility energy (MWh)");
  }
  if (figure == "free_cooling_h") {
    return MainWindow::tr("Free-cooling hours (h)");
  }
  if (figure == "compressor_free_days") {
    return MainWindow::tr("Compressor-free days (d)");
  }
  if (figure == "heat_delivered_MWh") {
    return MainWindow::tr("Heat delivered (MWh)");
  }
  if (figure == "peak_kVA") {
    return MainWindow::tr("Peak demand (kVA)");
  }
  if (figure == "energy_cost_CNY") {
    return MainWindow::tr("Energy cost (CNY)");
  }
  return QString::fromStdString(figure);
}

} // namespace

void MainWindow::show_comparison(const Comparison& c) {
  last_comparison_ = c;
  const bool zh = language_ == "zh";
  const QString other = QFileInfo(c.other).fileName();
  auto* dlg = new QDialog(this);
  dlg->setObjectName("comparison");
  dlg->setAttribute(Qt::WA_DeleteOnClose);
  dlg->setWindowTitle(tr("Compare with %1").arg(other));
  auto* tabs = new QTabWidget(dlg);
  // Inputs: where, the field's title with its unit, and both values.
  auto* inputs = new QTableWidget(static_cast<int>(c.inputs.size()), 4, tabs);
  inputs->setObjectName("inputs");
  inputs->setHorizontalHeaderLabels({tr("Where"), tr("Field"), tr("This scenario"), other});
  const model::Json& mine = doc_->scenario()->document();
  for (int i = 0; i < static_cast<int>(c.inputs.size()); ++i) {
    const auto& d = c.inputs[static_cast<std::size_t>(i)];
    auto [element, pattern] = element_and_pattern(mine, d.path);
    if (element.empty() && c.other_scenario) {
      element = element_and_pattern(c.other_scenario->document(), d.path).first;
    }
    auto* where = new QTableWidgetItem(element.empty() ? tr("park") : QString::fromStdString(element));
    auto* field = new QTableWidgetItem(field_title(pattern, zh));
    field->setToolTip(QString::fromStdString(d.path));
    where->setToolTip(QString::fromStdString(d.path));
    inputs->setItem(i, 0, where);
    inputs->setItem(i, 1, field);
    inputs->setItem(i, 2, new QTableWidgetItem(value_text(d.a)));
    inputs->setItem(i, 3, new QTableWidgetItem(value_text(d.b)));
  }
  inputs->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  tabs->addTab(inputs, tr("Inputs (%1 differ)").arg(c.inputs.size()));
  // Key figures: this, the other, and this minus the other; by default only those that differ.
  auto* fig_page = new QWidget(tabs);
  auto* fig_layout = new QVBoxLayout(fig_page);
  auto* figs = new QTableWidget(static_cast<int>(c.figures.size()), 5, fig_page);
  figs->setObjectName("figures");
  figs->setHorizontalHeaderLabels({tr("Where"), tr("Figure"), tr("This scenario"), other, tr("This minus %1").arg(other)});
  int differing = 0;
  for (int i = 0; i < static_cast<int>(c.figures.size()); ++i) {
    const auto& r = c.figures[static_cast<std::size_t>(i)];
    figs->setItem(i, 0, new QTableWidgetItem(r.scope == "park" ? tr("park") : QString::fromStdString(r.scope)));
    figs->setItem(i, 1, new QTableWidgetItem(figure_row_title(r.figure)));
    figs->setItem(i, 2, new QTableWidgetItem(r.in_a ? human_number(r.a) : tr("absent")));
    figs->setItem(i, 3, new QTableWidgetItem(r.in_b ? human_number(r.b) : tr("absent")));
    figs->setItem(i, 4, new QTableWidgetItem(r.in_a && r.in_b ? signed_number(r.a - r.b) : QString()));
    for (int k = 2; k < 5; ++k) {
      figs->item(i, k)->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    }
    differing += r.differs() ? 1 : 0;
    figs->setRowHidden(i, !r.differs());
  }
  figs->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  auto* show_all = new QCheckBox(tr("Show the figures that are the same too"), fig_page);
  show_all->setObjectName("show-all");
  connect(show_all, &QCheckBox::toggled, figs, [figs, rows = c.figures](bool all) {
    for (int i = 0; i < static_cast<int>(rows.size()); ++i) {
      figs->setRowHidden(i, !all && !rows[static_cast<std::size_t>(i)].differs());
    }
  });
  auto* sign = new QLabel(tr("Differences are this scenario minus %1.").arg(other), fig_page);
  fig_layout->addWidget(sign);
  fig_layout->addWidget(figs);
  fig_layout->addWidget(show_all);
  // Colour the 3D view by a figure's difference.
  auto* colour_row = new QHBoxLayout();
  colour_row->addWidget(new QLabel(tr("Colour the 3D view by the difference of"), fig_page));
  auto* by = new QComboBox(fig_page);
  by->setObjectName("difference-colour");
  by->addItem(tr("(no difference: the figure of Colour by)"), QString());
  for (const auto& f : physics::figures()) {
    by->addItem(figure_name(f.figure), QString(f.key));
  }
  connect(by, &QComboBox::activated, this, [this, by] { colour_by_difference(by->currentData().toString()); });
  colour_row->addWidget(by);
  colour_row->addStretch(1);
  fig_layout->addLayout(colour_row);
  tabs->addTab(fig_page, tr("Key figures (%1 differ)").arg(differing));
  auto* layout = new QVBoxLayout(dlg);
  layout->addWidget(tabs);
  dlg->resize(1000, 640);
  dlg->show();
}

bool MainWindow::colour_by_difference(const QString& figure_key) {
  if (figure_key.isEmpty()) {
    difference_figure_.reset();
    recolour();
    return true;
  }
  const auto f = physics::figure_from_key(figure_key.toStdString());
  if (!f || !last_comparison_ || !last_comparison_->other_scenario || !last_comparison_->other_result) {
    return false;
  }
  difference_figure_ = *f;
  recolour();
  return true;
}

void MainWindow::show_bands(const physics::BandsResult& b) {
  const bool zh = language_ == "zh";
  auto* dlg = new QDialog(this);
  dlg->setObjectName("bands");
  dlg->setAttribute(Qt::WA_DeleteOnClose);
  dlg->setWindowTitle(tr("Uncertainty bands"));
  const QString names[] = {tr("PUE"), tr("WUE, L/kWh"), tr("Free-cooling hours"), tr("Compressor-free days"),
                           tr("Energy cost, CNY"), tr("Peak demand, kW"), tr("Green-energy share")};
  // The park's figures, then each hall's PUE and compressor-free days.
  std::vector<std::array<QString, 5>> rows;
  const auto& park = b.bands.at("");
  for (std::size_t f = 0; f < park.size() && f < std::size(names); ++f) {
    QString strongest;
    if (const auto best = b.strongest_parameter(f); best && b.park_sensitivity[f][*best] != 0.0) {
      const auto& p = b.parameters.parameters[*best];
      strongest = QString::fromStdString(zh ? p.title_zh : p.title_en) + QString(" (%1)").arg(b.park_sensitivity[f][*best], 0, 'f', 2);
    }
    rows.push_back({tr("park") + ": " + names[f], human_number(park[f].p10), human_number(park[f].p50),
                    human_number(park[f].p90), strongest});
  }
  // Halls by their names in the interface's language (the id where a hall has none).
  std::map<std::string, QString> hall_names;
  for (const auto& w : doc_->scenario()->park().wings) {
    for (const auto& bl : w.buildings) {
      for (const auto& h : bl.halls) {
        const std::string& n = zh && !h.name_zh.empty() ? h.name_zh : h.name;
        hall_names[h.id] = QString::fromStdString(n.empty() ? h.id : n);
      }
    }
  }
  for (const auto& [id, hb] : b.bands) {
    if (!id.empty()) {
      const auto named = hall_names.find(id);
      const QString hall = named != hall_names.end() ? named->second : QString::fromStdString(id);
      for (const std::size_t f : {std::size_t{0}, std::size_t{3}}) {
        rows.push_back({hall + ": " + names[f], human_number(hb[f].p10), human_number(hb[f].p50),
                        human_number(hb[f].p90), QString()});
      }
    }
  }
  auto* table = new QTableWidget(static_cast<int>(rows.size()), 5, dlg);
  table->setObjectName("band-table");
  table->setHorizontalHeaderLabels({tr("Figure"), "P10", "P50", "P90", tr("Strongest parameter (Spearman rho)")});
  for (int i = 0; i < static_cast<int>(rows.size()); ++i) {
    for (int k = 0; k < 5; ++k) {
      auto* item = new QTableWidgetItem(rows[static_cast<std::size_t>(i)][static_cast<std::size_t>(k)]);
      if (k >= 1 && k <= 3) {
        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
      }
      table->setItem(i, k, item);
    }
  }
  table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  auto* layout = new QVBoxLayout(dlg);
  layout->addWidget(new QLabel(tr("%1 samples of %2 uncertain parameters (Latin hypercube, seed %3), each uniform over its "
                                  "plausible range around the scenario's value; the rest of the window shows the scenario "
                                  "as written.")
                                   .arg(b.samples)
                                   .arg(b.parameters.parameters.size())
                                   .arg(b.seed),
                               dlg));
  layout->addWidget(table);
  dlg->resize(900, 560);
  dlg->show();
}

} // namespace parktwin::studio
