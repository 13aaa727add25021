// The failure ride-through window (Analysis > Failure ride-through, docs/physics/ride-through.md):
// choose a hall, an event and an hour; the hall's inlet and return temperatures through the event,
// its crossings and IT at risk, and the 3D view coloured by the inlet as the event plays.

#include "main_window.hpp"
#include "numbers.hpp"
#include "parktwin/scene/park_scene.hpp"

#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineSeries>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QTimer>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace parktwin::studio {

namespace {

/// The building of a hall (its id), empty when none holds it.
std::string building_of(const model::Park& park, const std::string& hall) {
  for (const auto& w : park.wings) {
    for (const auto& b : w.buildings) {
      for (const auto& h : b.halls) {
        if (h.id == hall) {
          return b.id;
        }
      }
    }
  }
  return {};
}

QString seconds_text(const std::optional<double>& t) {
  return t ? QObject::tr("%1 s").arg(std::llround(*t)) : QObject::tr("never");
}

} // namespace

void MainWindow::colour_ride_through(double t_s) {
  const auto& r = last_ride_through_;
  if (!r || !scene_ || r->t_s.empty() || !doc_->scenario()) {
    return;
  }
  const auto k = static_cast<std::size_t>(std::clamp(
      std::llround(t_s / std::max(r->t_s.size() > 1 ? r->t_s[1] - r->t_s[0] : 1.0, 1e-9)), 0LL,
      static_cast<long long>(r->t_s.size() - 1)));
  const model::Park& park = doc_->scenario()->park();
  // The hall's building at its inlet now; the others as the hall was before the event (their
  // halls are not touched by it), so that the scale spans the event's rise.
  scene::Colouring c;
  for (const auto& w : park.wings) {
    for (const auto& b : w.buildings) {
      c.values[b.id] = r->inlet_C.front();
    }
  }
  c.values[building_of(park, r->hall_id)] = r->inlet_C[k];
  c.title = tr("IT inlet at %1 s after the failure (C)").arg(std::llround(r->t_s[k])).toStdString();
  c.higher_is_better = false;
  c.scale = scene::Colouring::Scale::Rating;
  // One scale for the whole event: from the start to its peak, at least to the 32 C limit.
  c.range = std::array<double, 2>{std::floor(r->inlet_C.front()), std::max(32.0, std::ceil(r->peak_inlet_C))};
  scene_->colour(c);
  redraw();
}

bool MainWindow::show_ride_through(const QString& hall_id, const QString& event, int hour) {
  if (!doc_->scenario() || !result_ || !climate_ || stage_ == nullptr) {
    last_error_ = tr("Simulate the park first");
    status_->setText(last_error_);
    return false;
  }
  const model::Park& park = doc_->scenario()->park();
  auto* dlg = findChild<QDialog*>("ridethrough");
  if (dlg == nullptr) {
    dlg = new QDialog(this);
    dlg->setObjectName("ridethrough");
    dlg->setAttribute(Qt::WA_DeleteOnClose);
    dlg->setWindowTitle(tr("Failure ride-through"));
    auto* hall = new QComboBox(dlg);
    hall->setObjectName("rt-hall");
    for (const auto& w : park.wings) {
      for (const auto& b : w.buildings) {
        for (const auto& h : b.halls) {
          if (park.service_year(h) <= stage_->year) {
            const std::string& n = language_ == "zh" && !h.name_zh.empty() ? h.name_zh : h.name;
            hall->addItem(QString::fromStdString(n.empty() ? h.id : n), QString::fromStdString(h.id));
          }
        }
      }
    }
    auto* ev = new QComboBox(dlg);
    ev->setObjectName("rt-event");
    ev->addItem(tr("The whole cooling plant trips"), "plant");
    ev->addItem(tr("One unit of the cooling plant trips"), "plant:1");
    ev->addItem(tr("Utility outage"), "outage");
    ev->addItem(tr("Liquid-loop pumps stop"), "pump:liquid");
    auto* at = new QSpinBox(dlg);
    at->setObjectName("rt-hour");
    at->setRange(0, static_cast<int>(climate_->hours()));
    at->setSpecialValueText(tr("the hottest"));
    auto* run = new QPushButton(tr("Simulate"), dlg);
    run->setObjectName("rt-run");
    auto* form = new QFormLayout;
    form->addRow(tr("Hall"), hall);
    form->addRow(tr("Event"), ev);
    form->addRow(tr("Hour of the year"), at);
    auto* chart = new QChartView(dlg);
    chart->setObjectName("rt-chart");
    chart->setMinimumSize(640, 320);
    auto* summary = new QLabel(dlg);
    summary->setObjectName("rt-summary");
    summary->setWordWrap(true);
    auto* slider = new QSlider(Qt::Horizontal, dlg);
    slider->setObjectName("rt-time");
    auto* play = new QPushButton(tr("Play in the 3D view"), dlg);
    play->setObjectName("rt-play");
    auto* timer = new QTimer(dlg);
    timer->setInterval(40);
    auto* layout = new QVBoxLayout(dlg);
    layout->addLayout(form);
    layout->addWidget(run);
    layout->addWidget(chart);
    layout->addWidget(summary);
    auto* row = new QHBoxLayout;
    row->addWidget(slider, 1);
    row->addWidget(play);
    layout->addLayout(row);
    connect(run, &QPushButton::clicked, dlg, [this, hall, ev, at] {
      show_ride_through(hall->currentData().toString(), ev->currentData().toString(), at->value());
    });
    connect(slider, &QSlider::valueChanged, dlg, [this](int v) { colour_ride_through(v); });
    connect(play, &QPushButton::clicked, dlg, [slider, timer] {
      if (slider->value() >= slider->maximum()) {
        slider->setValue(0);
      }
      timer->start();
    });
    connect(timer, &QTimer::timeout, dlg, [slider, timer] {
      // The event in about 20 s whatever its length.
      slider->setValue(std::min(slider->maximum(), slider->value() + std::max(1, slider->maximum() / 500)));
      if (slider->value() >= slider->maximum()) {
        timer->stop();
      }
    });
    connect(dlg, &QDialog::finished, this, [this] { recolour(); }); // back to the figure shown
    dlg->resize(760, 640);
  }
  dlg->show();
  dlg->raise();
  if (hall_id.isEmpty()) {
    return true;
  }
  if (auto* box = dlg->findChild<QComboBox*>("rt-hall"); box->findData(hall_id) >= 0) {
    box->setCurrentIndex(box->findData(hall_id));
  }
  if (auto* box = dlg->findChild<QComboBox*>("rt-event"); box->findData(event) >= 0) {
    box->setCurrentIndex(box->findData(event));
  }
  dlg->findChild<QSpinBox*>("rt-hour")->setValue(hour);
  const model::Hall* h = park.find_hall(hall_id.toStdString());
  if (h == nullptr) {
    last_error_ = tr("No hall %1").arg(hall_id);
    status_->setText(last_error_);
    return false;
  }
  std::shared_ptr<physics::RideThroughResult> r;
  QApplication::setOverrideCursor(Qt::WaitCursor);
  try {
    physics::RideThroughEvent e;
    if (event == "plant" || event == "plant:1") {
      e = physics::cooling_plant_trip(*h);
      e.units = event == "plant:1" ? 1 : -1;
    } else {
      e = physics::RideThroughEvent::parse(event.toStdString());
    }
    std::size_t at = static_cast<std::size_t>(hour);
    if (hour <= 0) {
      const auto& T = climate_->dry_bulb_K();
      at = static_cast<std::size_t>(std::max_element(T.begin(), T.end()) - T.begin()) + 1;
    }
    r = std::make_shared<physics::RideThroughResult>(
        physics::ride_through_events(park, *h, *stage_, *climate_, {e}, at).front());
  } catch (const std::exception& ex) {
    QApplication::restoreOverrideCursor();
    last_error_ = QString::fromUtf8(ex.what());
    status_->setText(tr("Could not simulate the event: %1").arg(last_error_));
    dlg->findChild<QLabel*>("rt-summary")->setText(last_error_);
    return false;
  }
  QApplication::restoreOverrideCursor();
  last_ride_through_ = r;
  // The temperatures through the event, minutes on the axis, the 32 C allowable limit drawn.
  auto* chart = new QChart;
  auto* inlet = new QLineSeries(chart);
  inlet->setName(tr("IT inlet (cold aisle)"));
  auto* ret = new QLineSeries(chart);
  ret->setName(tr("Return air"));
  auto* limit = new QLineSeries(chart);
  limit->setName(tr("32 C, ASHRAE A1 allowable"));
  double lo = 1e300, hi = -1e300;
  for (std::size_t k = 0; k < r->t_s.size(); ++k) {
    inlet->append(r->t_s[k] / 60.0, r->inlet_C[k]);
    ret->append(r->t_s[k] / 60.0, r->return_C[k]);
    lo = std::min({lo, r->inlet_C[k], r->return_C[k]});
    hi = std::max({hi, r->inlet_C[k], r->return_C[k]});
  }
  limit->append(0.0, 32.0);
  limit->append(r->t_s.back() / 60.0, 32.0);
  for (auto* s : {inlet, ret, limit}) {
    chart->addSeries(s);
  }
  auto* x = new QValueAxis(chart);
  x->setTitleText(tr("Minutes after the failure"));
  x->setRange(0.0, r->t_s.back() / 60.0);
  x->setLabelFormat("%.0f");
  auto* y = new QValueAxis(chart);
  y->setTitleText(tr("Temperature (C)"));
  y->setRange(std::floor(std::min(lo, 32.0) / 5.0) * 5.0, std::ceil(std::max(hi, 32.0) / 5.0) * 5.0);
  y->setLabelFormat("%.0f");
  chart->addAxis(x, Qt::AlignBottom);
  chart->addAxis(y, Qt::AlignLeft);
  for (auto* s : {inlet, ret, limit}) {
    s->attachAxis(x);
    s->attachAxis(y);
  }
  chart->setTitle(tr("%1: %2, hour %3").arg(QString::fromStdString(h->id), QString::fromStdString(r->event)).arg(r->hour));
  auto* view = dlg->findChild<QChartView*>("rt-chart");
  QChart* old = view->chart();
  view->setChart(chart);
  delete old;
  QString text = tr("Inlet %1 C at the start; 27 C after %2, 32 C after %3, 35 C after %4; peak %5 C.")
                     .arg(human_number(r->start_inlet_C), seconds_text(r->time_to_27C_s), seconds_text(r->time_to_32C_s),
                          seconds_text(r->time_to_35C_s), human_number(r->peak_inlet_C));
  text += " " + (r->it_at_risk_s > 0.0 ? tr("IT at risk: up to %1 % of the racks, for %2 s.")
                                             .arg(std::llround(100.0 * r->peak_it_at_risk_share))
                                             .arg(std::llround(r->it_at_risk_s))
                                       : tr("No IT at risk."));
  if (std::isfinite(r->coolant_limit_C)) {
    text += " " + tr("Coolant above %1 C or not flowing after %2.")
                      .arg(std::llround(r->coolant_limit_C))
                      .arg(seconds_text(r->time_to_coolant_limit_s));
  }
  if (event == "outage") {
    text += " " + tr("Power back after %1, compressors after %2.")
                      .arg(seconds_text(r->power_restored_s), seconds_text(r->compressors_restart_s));
    if (r->it_power_lost_s) {
      text += " " + tr("The IT lost its power after %1.").arg(seconds_text(r->it_power_lost_s));
    }
  }
  dlg->findChild<QLabel*>("rt-summary")->setText(text);
  auto* slider = dlg->findChild<QSlider*>("rt-time");
  slider->setRange(0, static_cast<int>(std::llround(r->t_s.back())));
  slider->setValue(0);
  colour_ride_through(0.0);
  status_->setText(tr("Ride-through of %1 simulated").arg(QString::fromStdString(h->id)));
  return true;
}

} // namespace parktwin::studio
