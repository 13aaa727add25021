#include "charts.hpp"

#include "parktwin/common/atomic_file.hpp"
#include "parktwin/common/error.hpp"

#include <QBuffer>

#include "parktwin/climate/psychrometrics.hpp"
#include "parktwin/common/units.hpp"
#include "parktwin/physics/hall_simulation.hpp"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHorizontalBarSeries>
#include <QAreaSeries>
#include <QLineSeries>
#include <QSpinBox>
#include <QStackedBarSeries>
#include <QLabel>
#include <QPainter>
#include <QPainterPath>
#include <QPushButton>
#include <QSvgGenerator>
#include <QTabWidget>
#include <QTextStream>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <array>
#include <cmath>
#include <memory>
#include <optional>

namespace parktwin::studio {
namespace {

constexpr int kDaysInMonth[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

QStringList month_names() {
  return {QObject::tr("Jan"), QObject::tr("Feb"), QObject::tr("Mar"), QObject::tr("Apr"),
          QObject::tr("May"), QObject::tr("Jun"), QObject::tr("Jul"), QObject::tr("Aug"),
          QObject::tr("Sep"), QObject::tr("Oct"), QObject::tr("Nov"), QObject::tr("Dec")};
}

/// The selection's hourly series, summed over its halls.
struct Series {
  std::vector<double> it_kW, facility_kW, heat_delivered_kW, heat_demand_kW;
  std::vector<int> mode; ///< the highest mode of any hall in the hour, -1 if no hall
  physics::EnergyByUse energy;
  std::size_t halls = 0;
};

Series gather(const physics::ParkResult& r, const std::set<std::string>& ids, std::size_t hours) {
  Series s;
  s.it_kW.assign(hours, 0.0);
  s.facility_kW.assign(hours, 0.0);
  s.heat_delivered_kW.assign(hours, 0.0);
  s.heat_demand_kW.assign(hours, 0.0);
  s.mode.assign(hours, -1);
  for (const auto& h : r.halls) {
    if (!h.ok || ids.count(h.hall_id) == 0) {
      continue;
    }
    ++s.halls;
    const auto& y = h.hourly;
    for (std::size_t i = 0; i < std::min(hours, y.it_kW.size()); ++i) {
      s.it_kW[i] += static_cast<double>(y.it_kW[i]);
      s.facility_kW[i] += static_cast<double>(y.facility_kW[i]);
      s.heat_delivered_kW[i] += i < y.heat_delivered_kW.size() ? static_cast<double>(y.heat_delivered_kW[i]) : 0.0;
      s.heat_demand_kW[i] += i < y.heat_demand_kW.size() ? static_cast<double>(y.heat_demand_kW[i]) : 0.0;
      s.mode[i] = std::max(s.mode[i], static_cast<int>(y.mode[i]));
    }
    auto& e = s.energy;
    e.it += h.energy.it;
    e.air_fans += h.energy.air_fans;
    e.heat_rejection_fans += h.energy.heat_rejection_fans;
    e.compressors += h.energy.compressors;
    e.pumps += h.energy.pumps;
    e.humidification += h.energy.humidification;
    e.lighting += h.energy.lighting;
    e.auxiliaries += h.energy.auxiliaries;
    e.ups_losses += h.energy.ups_losses;
    e.distribution_losses += h.energy.distribution_losses;
    e.transformer_losses += h.energy.transformer_losses;
  }
  return s;
}

QChartView* new_view(QWidget* parent) {
  auto* v = new QChartView(parent);
  v->setRenderHint(QPainter::Antialiasing);
  v->setMinimumHeight(220);
  return v;
}

void set_chart(QWidget* w, QChart* chart) {
  auto* view = static_cast<QChartView*>(w);
  QChart* old = view->chart();
  chart->setAnimationOptions(QChart::NoAnimation);
  view->setChart(chart);
  delete old;
}

/// Starts a hand-drawn chart: white background, the title on top; returns the plot area
/// inside margins for `left_label` (the widest axis label) and two lines of text below.
QRectF begin_chart(QPainter& p, const QWidget& w, const QString& title, const QString& left_label) {
  p.fillRect(w.rect(), Qt::white);
  p.setRenderHint(QPainter::Antialiasing);
  const QFontMetrics fm = p.fontMetrics();
  const int left = fm.horizontalAdvance(left_label) + 14, top = fm.height() + 10, right = 12;
  const int bottom = 2 * fm.height() + 16;
  p.drawText(QRect(0, 2, w.width(), fm.height() + 4), Qt::AlignHCenter, title);
  return QRectF(left, top, std::max(10, w.width() - left - right), std::max(10, w.height() - top - bottom));
}

/// A grid of colours drawn as rectangles (vectors in a PDF); white cells are left blank.
void paint_cells(QPainter& p, const QRectF& plot, const QImage& cells) {
  if (cells.isNull()) {
    return;
  }
  const double cw = plot.width() / cells.width(), ch = plot.height() / cells.height();
  for (int j = 0; j < cells.height(); ++j) {
    for (int i = 0; i < cells.width(); ++i) {
      const QColor c = cells.pixelColor(i, j);
      if (c != Qt::white) {
        p.fillRect(QRectF(plot.left() + i * cw, plot.top() + j * ch, cw + 0.05, ch + 0.05), c);
      }
    }
  }
}

/// A 365 x 24 picture (day across, hour down) with a legend, drawn by hand (Qt Charts has no
/// heat map).
class Carpet : public QWidget {
public:
  explicit Carpet(QWidget* parent) : QWidget(parent) { setMinimumHeight(220); }
  void set(QImage image, QString title, std::vector<std::pair<QColor, QString>> legend) {
    image_ = std::move(image);
    title_ = std::move(title);
    legend_ = std::move(legend);
    update();
  }

protected:
  void paintEvent(QPaintEvent*) override {
    QPainter p(this);
    const QFontMetrics fm = p.fontMetrics();
    const QRect plot = begin_chart(p, *this, title_, "00:00").toRect();
    const int left = plot.left();
    paint_cells(p, plot, image_);
    p.setPen(Qt::darkGray);
    p.drawRect(plot);
    for (int h = 0; h <= 24; h += 6) {
      const int y = plot.top() + plot.height() * h / 24;
      p.drawText(QRect(0, y - fm.height() / 2, left - 6, fm.height()), Qt::AlignRight | Qt::AlignVCenter,
                 QString("%1:00").arg(h, 2, 10, QChar('0')));
    }
    int day = 0;
    const auto months = month_names();
    for (int m = 0; m < 12; ++m) {
      const int x = plot.left() + plot.width() * day / 365;
      p.drawLine(x, plot.bottom(), x, plot.bottom() + 4);
      p.drawText(QRect(x, plot.bottom() + 4, plot.width() * kDaysInMonth[m] / 365, fm.height()),
                 Qt::AlignHCenter, months[m]);
      day += kDaysInMonth[m];
    }
    int x = plot.left();
    const int ly = plot.bottom() + fm.height() + 8;
    for (const auto& [c, label] : legend_) {
      p.fillRect(QRect(x, ly + 2, 14, fm.height() - 4), c);
      p.drawText(QPoint(x + 18, ly + fm.ascent()), label);
      x += 26 + fm.horizontalAdvance(label);
    }
  }

private:
  QImage image_;
  QString title_;
  std::vector<std::pair<QColor, QString>> legend_;
};

QColor ramp(double u) {
  // Green (low) to yellow to red (high).
  u = std::clamp(u, 0.0, 1.0);
  return QColor::fromHsvF(static_cast<float>(0.33 * (1.0 - u)), 0.75F, 0.9F);
}

const std::array<QColor, 3> kModeColours = {QColor(120, 190, 120), QColor(240, 200, 80), QColor(220, 90, 70)};

/// The climate's hours on a psychrometric chart (dry bulb across, humidity ratio up) over the
/// regions where the selected hall's plant runs free, partial or mechanical (from the
/// simulation's own plant limits at design return air).
class Psychro : public QWidget {
public:
  explicit Psychro(QWidget* parent) : QWidget(parent) { setMinimumHeight(260); }
  void set(QImage zones, std::vector<QPointF> hours, std::vector<QPointF> saturation, QString title,
           double T0, double T1, double W1) {
    zones_ = std::move(zones);
    hours_ = std::move(hours);
    saturation_ = std::move(saturation);
    title_ = std::move(title);
    T0_ = T0;
    T1_ = T1;
    W1_ = W1;
    update();
  }

protected:
  void paintEvent(QPaintEvent*) override {
    QPainter p(this);
    const QFontMetrics fm = p.fontMetrics();
    const QRectF plot = begin_chart(p, *this, title_, "20.0");
    const double left = plot.left();
    paint_cells(p, plot, zones_);
    const auto to_screen = [&](QPointF q) {
      return QPointF(plot.left() + (q.x() - T0_) / (T1_ - T0_) * plot.width(),
                     plot.bottom() - q.y() / W1_ * plot.height());
    };
    p.setPen(QPen(QColor(40, 60, 140, 110), 1.0));
    p.setBrush(QColor(40, 60, 140, 110));
    for (const auto& h : hours_) {
      p.drawEllipse(to_screen(h), 1.2, 1.2);
    }
    QPainterPath sat;
    for (std::size_t i = 0; i < saturation_.size(); ++i) {
      const QPointF s = to_screen(saturation_[i]);
      i == 0 ? sat.moveTo(s) : sat.lineTo(s);
    }
    p.setBrush(Qt::NoBrush);
    p.setPen(QPen(Qt::black, 1.5));
    p.drawPath(sat);
    p.setPen(Qt::darkGray);
    p.drawRect(plot);
    for (double T = std::ceil(T0_ / 10) * 10; T <= T1_; T += 10) {
      const QPointF a = to_screen({T, 0});
      p.drawLine(a, a + QPointF(0, 4));
      p.drawText(QRectF(a.x() - 20, a.y() + 4, 40, fm.height()), Qt::AlignHCenter, QString::number(T));
    }
    for (double W = 0; W <= W1_ + 1e-9; W += 5) {
      const QPointF a = to_screen({T0_, W});
      p.drawText(QRectF(0, a.y() - fm.height() / 2.0, left - 6, fm.height()), Qt::AlignRight | Qt::AlignVCenter,
                 QString::number(W));
    }
    p.drawText(QRectF(plot.left(), plot.bottom() + fm.height() + 4, plot.width(), fm.height()), Qt::AlignHCenter,
               QObject::tr("dry bulb (C); humidity ratio (g/kg) up; dots: the climate's hours"));
    int x = static_cast<int>(plot.left()) + 6;
    const int y = static_cast<int>(plot.top()) + 6;
    const QStringList names = {QObject::tr("free cooling"), QObject::tr("partial"), QObject::tr("mechanical")};
    for (int m = 0; m < 3; ++m) {
      p.fillRect(QRect(x, y, 14, fm.height() - 2), kModeColours[static_cast<std::size_t>(m)]);
      p.drawText(QPoint(x + 18, y + fm.ascent() - 1), names[m]);
      x += 28 + fm.horizontalAdvance(names[m]);
    }
  }

private:
  QImage zones_;
  std::vector<QPointF> hours_, saturation_;
  QString title_;
  double T0_ = -30, T1_ = 40, W1_ = 20;
};

/// The least of 1, 2, 2.5, 5 x 10^n at or above v (an axis's top).
double nice_ceiling(double v) {
  if (v <= 0.0) {
    return 1.0;
  }
  const double step = std::pow(10.0, std::floor(std::log10(v)));
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    if (m * step >= v) {
      return m * step;
    }
  }
  return 10.0 * step;
}

/// A chart of one week of hours, the week chosen with a spin box above it.
class WeekChart : public QWidget {
public:
  explicit WeekChart(QWidget* parent) : QWidget(parent) {
    auto* row = new QHBoxLayout;
    label_ = new QLabel(this);
    week_ = new QSpinBox(this);
    week_->setRange(1, 52);
    week_->setValue(26);
    row->addWidget(label_);
    row->addWidget(week_);
    row->addStretch(1);
    view_ = new_view(this);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(row);
    layout->addWidget(view_, 1);
    connect(week_, &QSpinBox::valueChanged, this, [this] { redraw(); });
    setMinimumHeight(260);
  }
  void set_week(int w) { week_->setValue(w); }
  int week() const { return week_->value(); }

protected:
  void redraw() {
    label_->setText(QObject::tr("Week"));
    draw(static_cast<std::size_t>(week_->value() - 1) * 168);
  }
  /// Draws the week starting at hour h0 of the year.
  virtual void draw(std::size_t h0) = 0;
  /// The x axis (days 0-7) and the y axis (0-top, MW) attached to every series of the chart.
  void finish(QChart* chart, double top, int y_ticks = 0) {
    auto* x = new QValueAxis;
    x->setRange(0, 7);
    x->setTickCount(8);
    x->setLabelFormat("%.0f");
    x->setTitleText(QObject::tr("day of the week"));
    auto* y = new QValueAxis;
    y->setRange(0, top);
    if (y_ticks > 0) {
      y->setTickCount(y_ticks);
    }
    y->setLabelFormat("%.0f");
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    for (auto* series : chart->series()) {
      series->attachAxis(x);
      series->attachAxis(y);
    }
    set_chart(view_, chart);
  }
  QChartView* view() const { return view_; }

private:
  QLabel* label_ = nullptr;
  QSpinBox* week_ = nullptr;
  QChartView* view_ = nullptr;
};

/// The park's supply hour by hour through one week (chosen with a spin box): PV, wind,
/// contracts, storage discharge and grid import stacked, the load as a line.
class SupplyWeek : public WeekChart {
public:
  explicit SupplyWeek(QWidget* parent) : WeekChart(parent) {}
  struct Data {
    std::vector<double> load, pv, wind, contract, discharge, grid; ///< W
  };
  void set(Data d) {
    data_ = std::move(d);
    redraw();
  }

private:
  void draw(std::size_t h0) override {
    if (data_.load.size() < h0 + 168) {
      return;
    }
    auto* chart = new QChart;
    const std::vector<std::pair<QString, const std::vector<double>*>> layers = {
        {QObject::tr("PV"), &data_.pv},           {QObject::tr("wind"), &data_.wind},
        {QObject::tr("contracts"), &data_.contract}, {QObject::tr("storage discharge"), &data_.discharge},
        {QObject::tr("grid import"), &data_.grid}};
    const std::array<QColor, 5> colours = {QColor(240, 190, 40), QColor(90, 160, 220), QColor(120, 190, 120),
                                           QColor(170, 110, 200), QColor(150, 150, 150)};
    std::vector<double> below(168, 0.0);
    double top = 0.0;
    for (std::size_t k = 0; k < layers.size(); ++k) {
      auto* lower = new QLineSeries;
      auto* upper = new QLineSeries;
      for (std::size_t i = 0; i < 168; ++i) {
        const double x = static_cast<double>(i) / 24.0;
        lower->append(x, below[i] / 1e6); // W to MW
        below[i] += (*layers[k].second)[h0 + i];
        upper->append(x, below[i] / 1e6);
        top = std::max(top, below[i] / 1e6);
      }
      auto* area = new QAreaSeries(upper, lower);
      area->setName(layers[k].first);
      area->setColor(colours[k]);
      area->setBorderColor(colours[k].darker(115));
      chart->addSeries(area);
    }
    auto* load = new QLineSeries;
    load->setName(QObject::tr("load"));
    for (std::size_t i = 0; i < 168; ++i) {
      load->append(static_cast<double>(i) / 24.0, data_.load[h0 + i] / 1e6);
      top = std::max(top, data_.load[h0 + i] / 1e6);
    }
    load->setPen(QPen(Qt::black, 1.5));
    chart->addSeries(load);
    chart->setTitle(QObject::tr("The park's supply in week %1, MW (the stack above the load is stored, exported or curtailed)")
                        .arg(week()));
    finish(chart, nice_ceiling(top));
  }
  Data data_;
};

/// A week of the park's IT power as profiled and as dispatched, against its green supply.
class DispatchWeek : public WeekChart {
public:
  explicit DispatchWeek(QWidget* parent) : WeekChart(parent) {}
  struct Data {
    std::vector<double> profiled, dispatched, green; ///< W
  };
  void set(Data d) {
    data_ = std::move(d);
    redraw();
  }

private:
  void draw(std::size_t h0) override {
    auto* chart = new QChart;
    if (data_.profiled.size() < h0 + 168) {
      chart->setTitle(QObject::tr("No dispatch: the scenario has no flexible compute"));
      set_chart(view(), chart);
      return;
    }
    // The scale is the compute's: green supply above it is drawn to the top of the chart (the
    // chart does not clip its series, so the values are cut here).
    double it_top = 0.0;
    for (std::size_t i = 0; i < 168; ++i) {
      it_top = std::max({it_top, data_.profiled[h0 + i] / 1e6, data_.dispatched[h0 + i] / 1e6});
    }
    const double top = nice_top(1.6 * it_top);
    auto* zero = new QLineSeries;
    auto* green = new QLineSeries;
    auto* before = new QLineSeries;
    auto* after = new QLineSeries;
    for (std::size_t i = 0; i < 168; ++i) {
      const double x = static_cast<double>(i) / 24.0;
      zero->append(x, 0.0);
      green->append(x, std::min(data_.green[h0 + i] / 1e6, top));
      before->append(x, data_.profiled[h0 + i] / 1e6);
      after->append(x, data_.dispatched[h0 + i] / 1e6);
    }
    auto* area = new QAreaSeries(green, zero);
    area->setName(QObject::tr("green supply"));
    area->setColor(QColor(240, 200, 80, 160));
    area->setBorderColor(QColor(200, 160, 40));
    chart->addSeries(area);
    before->setName(QObject::tr("IT profiled"));
    before->setPen(QPen(QColor(120, 120, 120), 1.5, Qt::DashLine));
    chart->addSeries(before);
    after->setName(QObject::tr("IT dispatched"));
    after->setPen(QPen(QColor(30, 90, 170), 2.0));
    chart->addSeries(after);
    chart->setTitle(QObject::tr("Week %1, MW: IT dispatched (blue), profiled (grey); green supply (yellow, cut)")
                        .arg(week()));
    chart->legend()->hide();
    finish(chart, top, 5);
  }
  /// The least top above v that 4 round steps (1, 2, 2.5 or 5 x 10^n) divide.
  static double nice_top(double v) {
    if (v <= 0.0) {
      return 1.0;
    }
    const double raw = v / 4.0;
    const double p10 = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
      if (m * p10 >= raw) {
        return 4.0 * m * p10;
      }
    }
    return 40.0 * p10;
  }
  Data data_;
};

} // namespace

ChartsPanel::ChartsPanel(QWidget* parent) : QWidget(parent) {
  tabs_ = new QTabWidget(this);
  const auto add = [&](const QString& key, QWidget* w) {
    pages_.push_back({key, w, nullptr});
    tabs_->addTab(w, QString());
  };
  add("monthly-pue", new_view(this));
  add("carpet-mode", new Carpet(this));
  add("carpet-pue", new Carpet(this));
  add("energy", new_view(this));
  add("load-duration", new_view(this));
  add("heat", new_view(this));
  add("psychrometric", new Psychro(this));
  add("supply-week", new SupplyWeek(this));
  add("supply-monthly", new_view(this));
  add("carpet-green", new Carpet(this));
  add("dispatch-week", new DispatchWeek(this));
  export_ = new QPushButton(this);
  connect(export_, &QPushButton::clicked, this, &ChartsPanel::export_current);
  auto* row = new QHBoxLayout;
  row->addStretch(1);
  row->addWidget(export_);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(2, 2, 2, 2);
  layout->addWidget(tabs_, 1);
  layout->addLayout(row);
  retranslate();
}

void ChartsPanel::retranslate() {
  const QStringList names = {tr("Monthly PUE"), tr("Cooling mode, 365 x 24"), tr("Hourly PUE, 365 x 24"),
                             tr("Energy by end use"), tr("Load duration"), tr("Heat delivered vs demand"),
                             tr("Psychrometric chart"), tr("Supply, one week"), tr("Monthly balance"),
                             tr("Hourly green share, 365 x 24"), tr("Dispatch, one week")};
  for (int i = 0; i < tabs_->count() && i < names.size(); ++i) {
    tabs_->setTabText(i, names[i]);
  }
  export_->setText(tr("Export..."));
}

QStringList ChartsPanel::keys() const {
  QStringList k;
  for (const auto& p : pages_) {
    k << p.key;
  }
  return k;
}

ChartsPanel::Page* ChartsPanel::page(const QString& key) {
  for (auto& p : pages_) {
    if (p.key == key) {
      return &p;
    }
  }
  return nullptr;
}

const ChartsPanel::Page* ChartsPanel::page(const QString& key) const {
  return const_cast<ChartsPanel*>(this)->page(key);
}

QWidget* ChartsPanel::chart(const QString& key) const {
  const Page* p = page(key);
  return p != nullptr ? p->widget : nullptr;
}

QString ChartsPanel::csv(const QString& key) const {
  const Page* p = page(key);
  return p != nullptr && p->csv ? p->csv() : QString();
}

QWidget* ChartsPanel::sized(const QString& key, QSize& size) const {
  const Page* p = page(key);
  if (p == nullptr) {
    return nullptr;
  }
  QWidget* w = p->widget;
  // A chart on screen keeps its size; one in a hidden tab gets a printable one.
  size = w->isVisible() && w->width() > 50 ? w->size() : QSize(1000, 450);
  if (!w->isVisible()) {
    w->resize(size);
  }
  return w;
}

bool save_png_atomically(const QString& path, const QImage& image) {
  QBuffer b;
  b.open(QIODevice::WriteOnly);
  return !image.isNull() && image.save(&b, "PNG") && save_bytes_atomically(path, b.data());
}

bool save_bytes_atomically(const QString& path, const QByteArray& bytes) {
  try {
    write_file_atomically(path.toStdString(), std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
  } catch (const IoError&) {
    return false;
  }
  return true;
}

bool ChartsPanel::export_png(const QString& key, const QString& path) const {
  QSize size;
  QWidget* w = sized(key, size);
  if (w == nullptr) {
    return false;
  }
  QImage img(size * 2, QImage::Format_ARGB32);
  img.setDevicePixelRatio(2.0);
  img.fill(Qt::white);
  QPainter painter(&img);
  w->render(&painter);
  painter.end();
  return save_png_atomically(path, img);
}

bool ChartsPanel::export_svg(const QString& key, const QString& path) const {
  QSize size;
  QWidget* w = sized(key, size);
  if (w == nullptr) {
    return false;
  }
  QBuffer bytes;
  bytes.open(QIODevice::WriteOnly);
  QSvgGenerator gen;
  gen.setOutputDevice(&bytes);
  gen.setSize(size);
  gen.setViewBox(QRect(QPoint(0, 0), size));
  gen.setTitle(tabs_->tabText(static_cast<int>(page(key) - pages_.data())));
  gen.setDescription("ParkTwin Studio chart");
  QPainter painter;
  if (!painter.begin(&gen)) {
    return false;
  }
  w->render(&painter);
  if (!painter.end()) {
    return false;
  }
  return save_bytes_atomically(path, bytes.data());
}

bool ChartsPanel::export_csv(const QString& key, const QString& path) const {
  return save_bytes_atomically(path, csv(key).toUtf8());
}

void ChartsPanel::export_current() {
  const int i = tabs_->currentIndex();
  if (i < 0) {
    return;
  }
  const QString key = pages_[static_cast<std::size_t>(i)].key;
  const QString f = QFileDialog::getSaveFileName(this, tr("Export chart"), key + ".png",
                                                 tr("PNG picture (*.png);;SVG drawing (*.svg);;Data (*.csv)"));
  if (f.isEmpty()) {
    return;
  }
  if (f.endsWith(".svg", Qt::CaseInsensitive)) {
    export_svg(key, f);
  } else if (f.endsWith(".csv", Qt::CaseInsensitive)) {
    export_csv(key, f);
  } else {
    export_png(key, f);
  }
}

void ChartsPanel::clear() {
  for (auto& p : pages_) {
    p.csv = nullptr;
  }
}

void ChartsPanel::show_results(const model::Park& park, const model::Stage& stage,
                               const physics::ParkResult& result, const physics::ClimateInput& climate,
                               const std::set<std::string>& halls, const QString& title,
                               const physics::SupplyYear* supply, const physics::DispatchYear* dispatch) {
  const std::size_t hours = climate.hours();
  const Series s = gather(result, halls, hours);
  if (s.halls == 0 || hours < 8760) {
    clear();
    return;
  }
  const auto months = month_names();
  // --- Monthly PUE ----------------------------------------------------------------------------
  {
    auto* set = new QBarSet(tr("PUE"));
    QString csv = "month,it_MWh,facility_MWh,PUE\n";
    std::size_t h0 = 0;
    double lo = 1e9, hi = 0;
    for (int m = 0; m < 12; ++m) {
      const std::size_t h1 = h0 + static_cast<std::size_t>(kDaysInMonth[m]) * 24;
      double it = 0, fac = 0;
      for (std::size_t h = h0; h < h1; ++h) {
        it += s.it_kW[h];
        fac += s.facility_kW[h];
      }
      const double pue = it > 0 ? fac / it : 0.0;
      *set << pue;
      lo = std::min(lo, pue);
      hi = std::max(hi, pue);
      csv += QString("%1,%2,%3,%4\n").arg(m + 1).arg(it / 1e3, 0, 'f', 3).arg(fac / 1e3, 0, 'f', 3).arg(pue, 0, 'f', 5);
      h0 = h1;
    }
    auto* series = new QBarSeries;
    series->append(set);
    auto* chart = new QChart;
    chart->addSeries(series);
    chart->setTitle(tr("Monthly PUE: %1").arg(title));
    auto* x = new QBarCategoryAxis;
    x->append(months);
    chart->addAxis(x, Qt::AlignBottom);
    series->attachAxis(x);
    auto* y = new QValueAxis;
    y->setRange(std::max(1.0, lo - 0.3 * (hi - lo) - 0.002), hi + 0.1 * (hi - lo) + 0.002);
    y->setLabelFormat("%.3f");
    chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(y);
    chart->legend()->hide();
    set_chart(page("monthly-pue")->widget, chart);
    page("monthly-pue")->csv = [csv] { return csv; };
  }
  // --- Carpets ------------------------------------------------------------------------------
  {
    QImage mode(365, 24, QImage::Format_RGB32);
    QImage pue(365, 24, QImage::Format_RGB32);
    double lo = 1e9, hi = 0;
    for (std::size_t h = 0; h < 8760; ++h) {
      if (s.it_kW[h] > 0) {
        lo = std::min(lo, s.facility_kW[h] / s.it_kW[h]);
        hi = std::max(hi, s.facility_kW[h] / s.it_kW[h]);
      }
    }
    for (std::size_t h = 0; h < 8760; ++h) {
      const int d = static_cast<int>(h / 24), hr = static_cast<int>(h % 24);
      const int m = s.mode[h];
      mode.setPixelColor(d, hr, m < 0 ? QColor(Qt::lightGray) : kModeColours[static_cast<std::size_t>(m)]);
      const double v = s.it_kW[h] > 0 ? s.facility_kW[h] / s.it_kW[h] : 0.0;
      pue.setPixelColor(d, hr, ramp(hi > lo ? (v - lo) / (hi - lo) : 0.0));
    }
    static_cast<Carpet*>(page("carpet-mode")->widget)
        ->set(mode, tr("Cooling mode through the year: %1").arg(title),
              {{kModeColours[0], tr("free cooling")}, {kModeColours[1], tr("partial")}, {kModeColours[2], tr("mechanical")}});
    static_cast<Carpet*>(page("carpet-pue")->widget)
        ->set(pue, tr("Hourly PUE: %1").arg(title),
              {{ramp(0), QString::number(lo, 'f', 3)}, {ramp(0.5), QString::number(0.5 * (lo + hi), 'f', 3)},
               {ramp(1), QString::number(hi, 'f', 3)}});
    page("carpet-mode")->csv = [m = s.mode] {
      QString csv = "day,hour,mode\n";
      for (std::size_t h = 0; h < m.size(); ++h) {
        csv += QString("%1,%2,%3\n").arg(h / 24 + 1).arg(h % 24).arg(m[h]);
      }
      return csv;
    };
    page("carpet-pue")->csv = [it = s.it_kW, fac = s.facility_kW] {
      QString csv = "day,hour,PUE\n";
      for (std::size_t h = 0; h < it.size(); ++h) {
        csv += QString("%1,%2,%3\n").arg(h / 24 + 1).arg(h % 24).arg(it[h] > 0 ? fac[h] / it[h] : 0.0, 0, 'f', 5);
      }
      return csv;
    };
  }
  // --- Energy by end use --------------------------------------------------------------------
  {
    const auto& e = s.energy;
    const std::vector<std::pair<QString, double>> uses = {
        {tr("Air fans"), e.air_fans},           {tr("Heat-rejection fans"), e.heat_rejection_fans},
        {tr("Compressors"), e.compressors},     {tr("Pumps"), e.pumps},
        {tr("Humidification"), e.humidification}, {tr("Lighting"), e.lighting},
        {tr("Auxiliaries"), e.auxiliaries},     {tr("UPS losses"), e.ups_losses},
        {tr("Distribution losses"), e.distribution_losses}, {tr("Transformer losses"), e.transformer_losses}};
    auto* set = new QBarSet(tr("MWh"));
    QStringList names;
    QString csv = "end_use,MWh\n";
    csv += QString("IT,%1\n").arg(e.it / 3.6e9, 0, 'f', 3);
    for (const auto& [name, J] : uses) {
      *set << J / 3.6e9;
      names << name;
      csv += QString("%1,%2\n").arg(name).arg(J / 3.6e9, 0, 'f', 3);
    }
    auto* series = new QHorizontalBarSeries;
    series->append(set);
    auto* chart = new QChart;
    chart->addSeries(series);
    chart->setTitle(tr("Energy beyond IT by end use, MWh a year (IT: %1 MWh): %2")
                        .arg(e.it / 3.6e9, 0, 'f', 0)
                        .arg(title));
    auto* y = new QBarCategoryAxis;
    y->append(names);
    chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(y);
    auto* x = new QValueAxis;
    x->setLabelFormat("%.0f");
    chart->addAxis(x, Qt::AlignBottom);
    series->attachAxis(x);
    chart->legend()->hide();
    set_chart(page("energy")->widget, chart);
    page("energy")->csv = [csv] { return csv; };
  }
  // --- Load duration ------------------------------------------------------------------------
  {
    std::vector<double> fac(s.facility_kW.begin(), s.facility_kW.begin() + 8760);
    std::vector<double> it(s.it_kW.begin(), s.it_kW.begin() + 8760);
    std::sort(fac.rbegin(), fac.rend());
    std::sort(it.rbegin(), it.rend());
    auto* f = new QLineSeries;
    f->setName(tr("facility"));
    auto* i = new QLineSeries;
    i->setName(tr("IT"));
    for (std::size_t h = 0; h < 8760; h += (h < 100 ? 1 : 10)) {
      f->append(static_cast<double>(h), fac[h] / 1e3);
      i->append(static_cast<double>(h), it[h] / 1e3);
    }
    auto* chart = new QChart;
    chart->addSeries(f);
    chart->addSeries(i);
    chart->setTitle(tr("Load duration (MW, hours a year at or above): %1").arg(title));
    chart->createDefaultAxes();
    set_chart(page("load-duration")->widget, chart);
    page("load-duration")->csv = [fac, it] {
      QString csv = "hours_exceeded,facility_kW,it_kW\n";
      for (std::size_t h = 0; h < fac.size(); ++h) {
        csv += QString("%1,%2,%3\n").arg(h).arg(fac[h], 0, 'f', 2).arg(it[h], 0, 'f', 2);
      }
      return csv;
    };
  }
  // --- Heat delivered against demand ---------------------------------------------------------
  {
    auto* del = new QBarSet(tr("delivered"));
    auto* dem = new QBarSet(tr("demand"));
    QString csv = "month,heat_delivered_MWh,heat_demand_MWh\n";
    std::size_t h0 = 0;
    for (int m = 0; m < 12; ++m) {
      const std::size_t h1 = h0 + static_cast<std::size_t>(kDaysInMonth[m]) * 24;
      double a = 0, b = 0;
      for (std::size_t h = h0; h < h1; ++h) {
        a += s.heat_delivered_kW[h];
        b += s.heat_demand_kW[h];
      }
      *del << a / 1e3;
      *dem << b / 1e3;
      csv += QString("%1,%2,%3\n").arg(m + 1).arg(a / 1e3, 0, 'f', 3).arg(b / 1e3, 0, 'f', 3);
      h0 = h1;
    }
    auto* series = new QBarSeries;
    series->append(del);
    series->append(dem);
    auto* chart = new QChart;
    chart->addSeries(series);
    chart->setTitle(tr("Heat delivered to district heating against demand, MWh a month: %1").arg(title));
    auto* x = new QBarCategoryAxis;
    x->append(months);
    chart->addAxis(x, Qt::AlignBottom);
    series->attachAxis(x);
    auto* y = new QValueAxis;
    y->setLabelFormat("%.0f");
    chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(y);
    set_chart(page("heat")->widget, chart);
    page("heat")->csv = [csv] { return csv; };
  }
  // --- Psychrometric chart ------------------------------------------------------------------
  {
    const model::Hall* hall = nullptr;
    for (const auto& w : park.wings) {
      for (const auto& b : w.buildings) {
        for (const auto& h : b.halls) {
          if (hall == nullptr && halls.count(h.id) != 0 && park.service_year(h) <= stage.year) {
            hall = &h;
          }
        }
      }
    }
    double p_mean = 0;
    for (double p : climate.pressure_Pa()) {
      p_mean += p;
    }
    p_mean /= static_cast<double>(climate.pressure_Pa().size());
    constexpr double T0 = -30, T1 = 40, W1 = 20; // C, g/kg
    constexpr int nx = 140, ny = 80;
    // The regions depend on the hall's inputs and the pressure only: computed again when they change.
    const QString key = hall != nullptr
                            ? QString::fromStdString(physics::hall_signature(park, *hall, stage)) +
                                  QString::number(p_mean, 'f', 0)
                            : QString();
    if (key != zones_key_) {
      zones_ = QImage(nx, ny, QImage::Format_RGB32);
      zones_.fill(Qt::white);
      if (hall != nullptr) {
        const physics::PlantModes modes(park, *hall, stage);
        for (int i = 0; i < nx; ++i) {
          const double T = units::celsius_to_kelvin(T0 + (T1 - T0) * (i + 0.5) / nx);
          const double Wsat = climate::psy::saturation_humidity_ratio(T, p_mean);
          for (int j = 0; j < ny; ++j) {
            const double W = W1 * (j + 0.5) / ny / 1000.0;
            if (W > Wsat) {
              continue;
            }
            zones_.setPixelColor(i, ny - 1 - j, kModeColours[static_cast<std::size_t>(modes.at(T, W, p_mean))].lighter(130));
          }
        }
      }
      zones_key_ = key;
    }
    QImage zones = zones_;
    std::vector<QPointF> pts;
    pts.reserve(hours);
    const auto& Tdb = climate.dry_bulb_K();
    const auto& W = climate.humidity_ratio();
    for (std::size_t h = 0; h < hours; ++h) {
      pts.emplace_back(units::kelvin_to_celsius(Tdb[h]), W[h] * 1000.0);
    }
    // The data, with each hour's region, when exported.
    auto modes = hall != nullptr ? std::make_shared<const physics::PlantModes>(park, *hall, stage) : nullptr;
    page("psychrometric")->csv = [modes, Tdb, W, P = climate.pressure_Pa()] {
      QString csv = "hour,dry_bulb_C,humidity_ratio_g_kg,zone\n";
      for (std::size_t h = 0; h < Tdb.size(); ++h) {
        const int zone = modes ? static_cast<int>(modes->at(Tdb[h], W[h], P[h])) : -1;
        csv += QString("%1,%2,%3,%4\n").arg(h).arg(units::kelvin_to_celsius(Tdb[h]), 0, 'f', 2).arg(W[h] * 1000.0, 0, 'f', 3).arg(zone);
      }
      return csv;
    };
    std::vector<QPointF> sat;
    for (double T = T0; T <= T1 + 1e-9; T += 1.0) {
      sat.emplace_back(T, 1000.0 * climate::psy::saturation_humidity_ratio(units::celsius_to_kelvin(T), p_mean));
    }
    static_cast<Psychro*>(page("psychrometric")->widget)
        ->set(zones, std::move(pts), std::move(sat),
              hall != nullptr ? tr("Climate hours and the cooling regions of %1 (at %2 kPa)")
                                    .arg(QString::fromStdString(hall->id))
                                    .arg(p_mean / 1000.0, 0, 'f', 1)
                              : tr("Climate hours"),
              T0, T1, W1);
  }
  show_supply(supply);
  show_dispatch(supply, dispatch);
}

void ChartsPanel::show_dispatch(const physics::SupplyYear* supply, const physics::DispatchYear* dispatch) {
  auto* w = static_cast<DispatchWeek*>(page("dispatch-week")->widget);
  page("dispatch-week")->csv = nullptr;
  if (supply == nullptr || dispatch == nullptr || dispatch->it_before_W.size() < 8760 || supply->pv_W.size() < 8760) {
    w->set({});
    return;
  }
  DispatchWeek::Data d;
  d.profiled = dispatch->it_before_W;
  d.dispatched = dispatch->it_after_W;
  d.green.resize(d.profiled.size());
  for (std::size_t i = 0; i < d.green.size(); ++i) {
    d.green[i] = supply->pv_W[i] + supply->wind_W[i] + supply->contract_W[i];
  }
  w->set(d);
  page("dispatch-week")->csv = [d, w] {
    QString csv = "hour,it_profiled_kW,it_dispatched_kW,green_supply_kW\n";
    const std::size_t h0 = static_cast<std::size_t>(w->week() - 1) * 168;
    for (std::size_t i = h0; i < h0 + 168 && i < d.profiled.size(); ++i) {
      csv += QString("%1,%2,%3,%4\n").arg(i).arg(d.profiled[i] / 1e3, 0, 'f', 3).arg(d.dispatched[i] / 1e3, 0, 'f', 3)
                 .arg(d.green[i] / 1e3, 0, 'f', 3);
    }
    return csv;
  };
}

void ChartsPanel::set_supply_week(int week) { static_cast<SupplyWeek*>(page("supply-week")->widget)->set_week(week); }

void ChartsPanel::show_supply(const physics::SupplyYear* supply) {
  for (const char* key : {"supply-week", "supply-monthly", "carpet-green"}) {
    page(key)->csv = nullptr;
  }
  if (supply == nullptr || supply->balance.hours.size() < 8760) {
    return;
  }
  const auto& hours = supply->balance.hours;
  const std::size_t n = 8760;
  // --- A week's stack ---------------------------------------------------------------------------
  {
    SupplyWeek::Data d; // W
    d.load.resize(n);
    d.pv.assign(supply->pv_W.begin(), supply->pv_W.begin() + n);
    d.wind.assign(supply->wind_W.begin(), supply->wind_W.begin() + n);
    d.contract.assign(supply->contract_W.begin(), supply->contract_W.begin() + n);
    d.discharge.resize(n);
    d.grid.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      d.load[i] = hours[i].load;
      d.discharge[i] = hours[i].discharge();
      d.grid[i] = hours[i].grid_import;
    }
    auto* w = static_cast<SupplyWeek*>(page("supply-week")->widget);
    w->set(d);
    page("supply-week")->csv = [d, w] {
      QString csv = "hour,load_kW,pv_kW,wind_kW,contract_kW,storage_discharge_kW,grid_import_kW\n";
      const std::size_t h0 = static_cast<std::size_t>(w->week() - 1) * 168;
      for (std::size_t i = h0; i < h0 + 168 && i < d.load.size(); ++i) {
        csv += QString("%1,%2,%3,%4,%5,%6,%7\n").arg(i).arg(d.load[i] / 1e3, 0, 'f', 3).arg(d.pv[i] / 1e3, 0, 'f', 3)
                   .arg(d.wind[i] / 1e3, 0, 'f', 3).arg(d.contract[i] / 1e3, 0, 'f', 3)
                   .arg(d.discharge[i] / 1e3, 0, 'f', 3).arg(d.grid[i] / 1e3, 0, 'f', 3);
      }
      return csv;
    };
  }
  // --- The monthly balance --------------------------------------------------------------------
  {
    auto* used = new QBarSet(tr("green used"));
    auto* grid = new QBarSet(tr("grid import"));
    auto* spare = new QBarSet(tr("green exported or curtailed"));
    used->setColor(QColor(120, 190, 120));
    grid->setColor(QColor(150, 150, 150));
    spare->setColor(QColor(240, 200, 80));
    QString csv = "month,load_MWh,green_used_MWh,grid_import_MWh,exported_MWh,curtailed_MWh\n";
    std::size_t h0 = 0;
    for (int m = 0; m < 12; ++m) {
      const std::size_t h1 = h0 + static_cast<std::size_t>(kDaysInMonth[m]) * 24;
      double load = 0, g = 0, imp = 0, ex = 0, cu = 0;
      for (std::size_t h = h0; h < h1; ++h) {
        load += hours[h].load;
        g += hours[h].green_used();
        imp += hours[h].grid_import;
        ex += supply->exported_W[h];
        cu += supply->curtailed_W[h];
      }
      *used << g / 1e9; // GWh (the CSV keeps MWh)
      *grid << imp / 1e9;
      *spare << (ex + cu) / 1e9;
      csv += QString("%1,%2,%3,%4,%5,%6\n").arg(m + 1).arg(load / 1e6, 0, 'f', 3).arg(g / 1e6, 0, 'f', 3)
                 .arg(imp / 1e6, 0, 'f', 3).arg(ex / 1e6, 0, 'f', 3).arg(cu / 1e6, 0, 'f', 3);
      h0 = h1;
    }
    auto* series = new QStackedBarSeries;
    series->append(used);
    series->append(grid);
    series->append(spare);
    auto* chart = new QChart;
    chart->addSeries(series);
    chart->setTitle(tr("The park's monthly balance, GWh: green supply used, grid import, green supply left over"));
    auto* x = new QBarCategoryAxis;
    x->append(month_names());
    chart->addAxis(x, Qt::AlignBottom);
    series->attachAxis(x);
    auto* y = new QValueAxis;
    y->setLabelFormat("%.0f");
    chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(y);
    y->applyNiceNumbers(); // round ticks
    set_chart(page("supply-monthly")->widget, chart);
    page("supply-monthly")->csv = [csv] { return csv; };
  }
  // --- The hourly green share -----------------------------------------------------------------
  {
    QImage cells(365, 24, QImage::Format_RGB32);
    std::vector<double> share(n, 0.0);
    for (std::size_t h = 0; h < n; ++h) {
      share[h] = hours[h].load > 0.0 ? std::clamp(hours[h].green_used() / hours[h].load, 0.0, 1.0) : 0.0;
      cells.setPixelColor(static_cast<int>(h / 24), static_cast<int>(h % 24), ramp(1.0 - share[h]));
    }
    static_cast<Carpet*>(page("carpet-green")->widget)
        ->set(cells, tr("Hourly green share of the park's load: %1 % over the year").arg(100.0 * supply->accounts.green_share, 0, 'f', 1),
              {{ramp(1.0), "0 %"}, {ramp(0.5), "50 %"}, {ramp(0.0), "100 %"}});
    page("carpet-green")->csv = [share] {
      QString csv = "day,hour,green_share\n";
      for (std::size_t h = 0; h < share.size(); ++h) {
        csv += QString("%1,%2,%3\n").arg(h / 24 + 1).arg(h % 24).arg(share[h], 0, 'f', 5);
      }
      return csv;
    };
  }
}

} // namespace parktwin::studio
