#include "report.hpp"

#include "parktwin/common/atomic_file.hpp"

#include "charts.hpp"

#include "parktwin/common/error.hpp"
#include "parktwin/common/units.hpp"
#include "parktwin/physics/comparison.hpp"
#include "parktwin/physics/metrics.hpp"
#include "parktwin/physics/park_supply.hpp"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QFile>
#include <QGraphicsScene>
#include <QFileInfo>
#include <QImage>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QBuffer>
#include <QPdfWriter>
#include <QTextDocument>
#include <QValueAxis>

#include <map>
#include <unistd.h>

namespace parktwin::studio {
namespace {

QString esc(const std::string& s) { return QString::fromStdString(s).toHtmlEscaped(); }
QString num(double x, int digits) { return QString::number(x, 'f', digits); }

/// Pages drawn top to bottom; a block that does not fit starts a new page.
class Pages {
public:
  explicit Pages(QPdfWriter& pdf) : pdf_(pdf), painter_(&pdf) {
    width_ = pdf.width();
    height_ = pdf.height();
  }
  QPainter& painter() { return painter_; }
  /// Ends the painting; false when the PDF engine failed.
  bool finish() { return painter_.end(); }
  int width() const { return width_; }
  void new_page() {
    pdf_.newPage();
    y_ = 0;
  }
  void ensure(int h) {
    if (y_ > 0 && y_ + h > height_) {
      new_page();
    }
  }
  /// Rich text across the page (tables and paragraphs).
  void html(const QString& html, int font_px = 13) {
    QTextDocument doc;
    QFont f = doc.defaultFont();
    f.setPixelSize(font_px);
    doc.setDefaultFont(f);
    doc.setDocumentMargin(0);
    doc.setHtml(html);
    doc.setTextWidth(width_);
    const int h = static_cast<int>(doc.size().height()) + 8;
    ensure(std::min(h, height_));
    painter_.save();
    painter_.translate(0, y_);
    doc.drawContents(&painter_, QRectF(0, 0, width_, height_ - y_));
    painter_.restore();
    y_ += h;
  }
  /// A widget drawn as vectors at the full width.
  void widget(QWidget* w, int h) {
    ensure(h);
    w->resize(width_, h);
    if (auto* view = qobject_cast<QChartView*>(w)) {
      // A chart not on screen: lay it out at the page's size and draw its scene (vectors).
      view->chart()->resize(QSizeF(width_, h));
      view->scene()->setSceneRect(QRectF(0, 0, width_, h));
      view->scene()->render(&painter_, QRectF(0, y_, width_, h), QRectF(0, 0, width_, h));
    } else {
      w->render(&painter_, QPoint(0, y_), QRegion(), QWidget::DrawChildren);
    }
    y_ += h + 12;
  }
  void image(const QImage& img) {
    const int h = img.isNull() ? 0 : width_ * img.height() / img.width();
    ensure(h);
    painter_.drawImage(QRect(0, y_, width_, h), img);
    y_ += h + 12;
  }

private:
  QPdfWriter& pdf_;
  QPainter painter_;
  int width_ = 0, height_ = 0, y_ = 0;
};

/// The plan's targets for the built-in Haidong park (Haidong park plan, 2.(4) and Table 1;
/// ../shared/PARK_FACTS.md "Targets"), by year.
struct Target {
  double pue, green_share, standard_racks, ai_compute_PFLOPS;
};
std::optional<Target> plan_target(const model::Scenario& s, int year) {
  if (s.source().find("haidong") == std::string::npos && s.park().name.find("Haidong") == std::string::npos) {
    return std::nullopt;
  }
  if (year <= 2027) {
    return Target{1.15, 0.80, 100000, 30000};
  }
  return Target{1.15, 1.00, 200000, 60000};
}

double ai_compute_PFLOPS(const model::Park& park, const model::Stage& stage) {
  double flops = 0.0;
  for (const auto& w : park.wings) {
    for (const auto& b : w.buildings) {
      for (const auto& h : b.halls) {
        if (park.service_year(h) > stage.year) {
          continue;
        }
        for (const auto& g : h.rack_groups) {
          const double f = park.compute_FLOPS(g);
          flops += f * model::Park::occupancy(g, stage);
        }
      }
    }
  }
  return flops / 1e15;
}

double standard_racks(const model::Park& park, const model::Stage& stage) {
  double n = 0.0;
  for (const auto& w : park.wings) {
    for (const auto& b : w.buildings) {
      for (const auto& h : b.halls) {
        n += park.service_year(h) <= stage.year ? h.standard_racks() : 0.0;
      }
    }
  }
  return n;
}

double water_supply_m3_s(const model::Wing& w, int year) {
  double v = 0.0;
  for (const auto& y : w.water_supply_m3_s) {
    v = y.year <= year ? y.value : v;
  }
  return v;
}

QChartView* bar_chart(const QString& title, const QStringList& categories,
                      const std::vector<std::pair<QString, std::vector<double>>>& sets, const QString& unit) {
  auto* series = new QBarSeries;
  for (const auto& [name, values] : sets) {
    auto* s = new QBarSet(name);
    for (double v : values) {
      *s << v;
    }
    series->append(s);
  }
  auto* chart = new QChart;
  chart->setAnimationOptions(QChart::NoAnimation);
  chart->addSeries(series);
  chart->setTitle(title);
  auto* x = new QBarCategoryAxis;
  x->append(categories);
  chart->addAxis(x, Qt::AlignBottom);
  series->attachAxis(x);
  auto* y = new QValueAxis;
  y->setLabelFormat("%.0f");
  y->setTitleText(unit);
  chart->addAxis(y, Qt::AlignLeft);
  series->attachAxis(y);
  auto* view = new QChartView(chart);
  view->setRenderHint(QPainter::Antialiasing);
  return view;
}

/// Every field set to something else than its schema default, with the source of the object
/// that holds it.
void assumptions(const model::Json& v, const std::string& pattern, const std::string& path,
                 const std::string& source, std::vector<std::array<std::string, 4>>& out) {
  if (!v.is_object()) {
    return;
  }
  const std::string here_source = v.contains("source") && v["source"].is_string() ? v["source"].get<std::string>() : source;
  for (const auto& [key, value] : v.items()) {
    const std::string p = pattern.empty() ? key : pattern + "." + key;
    const std::string d = path.empty() ? key : path + "." + key;
    if (value.is_object()) {
      assumptions(value, p, d, here_source, out);
    } else if (value.is_array() && !value.empty() && value[0].is_object()) {
      for (std::size_t i = 0; i < value.size(); ++i) {
        assumptions(value[i], p + "[*]", d + "[" + std::to_string(i) + "]", here_source, out);
      }
    } else if (const model::Json* node = model::scenario_schema().node_at(p)) {
      const auto def = node->find("default");
      if (def != node->end() && *def != value) {
        out.push_back({d, value.is_string() ? value.get<std::string>() : value.dump(),
                       def->is_string() ? def->get<std::string>() : def->dump(), here_source});
      }
    }
  }
}

} // namespace

void ReportWriter::write(const ReportInput& in, const std::filesystem::path& file, physics::HallResultCache* cache) {
  const model::Park& park = in.scenario->park();
  const model::Stage& stage = *in.stage;
  const auto& R = *in.result;
  // The target is checked first (folder, permissions); the PDF is made in memory and written by
  // the safe writer (common/atomic_file.hpp), so a full disk leaves the old file as it was.
  AtomicFile out(file);
  QBuffer bytes;
  bytes.open(QIODevice::WriteOnly);
  bool painted = false;
  {
    QPdfWriter pdf(&bytes);
    pdf.setResolution(96);
    pdf.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait, QMarginsF(16, 16, 16, 16), QPageLayout::Millimeter));
    pdf.setTitle(tr("ParkTwin report: %1").arg(QString::fromStdString(park.name)));
    pdf.setCreator("ParkTwin");
    Pages pages(pdf);
    const QString park_name = QString::fromStdString(in.chinese && !park.name_zh.empty() ? park.name_zh : park.name);

    // --- Cover ------------------------------------------------------------------------------
    pages.html(QString("<h1 style='font-size:30px'>%1</h1><p style='font-size:17px'>%2</p>")
                   .arg(park_name.toHtmlEscaped(), tr("Energy and thermal assessment of the data-centre park")));
    pages.html(tr("Scenario: %1 &middot; stage %2 (%3) &middot; climate: %4 &middot; %5")
                   .arg(esc(in.scenario->source()), esc(stage.id), QString::number(stage.year), esc(in.climate.name), in.date));
    if (!in.cover_png.isEmpty()) {
      pages.image(QImage(in.cover_png));
      pages.html(tr("<i>Buildings coloured by their annual PUE (green: lowest, red: highest); pale: not yet in service.</i>"), 11);
    }

    // --- Summary against the plan's targets --------------------------------------------------
    pages.new_page();
    physics::HallTotals total;
    std::map<std::string, physics::HallTotals> wings;
    for (const auto& r : R.halls) {
      total.add(r);
      wings[r.wing_id].add(r);
    }
    const physics::SupplyYear S = physics::simulate_supply(park, stage, R, *in.climate.input);
    const auto m = physics::key_metrics(total.energy, total.water_kg, total.recovered_J, S.carbon());
    const auto target = plan_target(*in.scenario, stage.year);
    const double racks = standard_racks(park, stage);
    const double compute = ai_compute_PFLOPS(park, stage);
    QString h = "<h2>" + tr("Key figures against the plan's targets") + "</h2><table border=1 cellspacing=0 cellpadding=4 width=100%>";
    h += "<tr><th align=left>" + tr("Figure") + "</th><th align=right>" + tr("This scenario") + "</th><th align=right>" +
         tr("Plan target (%1)").arg(stage.year <= 2027 ? 2027 : 2030) + "</th></tr>";
    const auto row = [&](const QString& k, const QString& v, const QString& t) {
      h += QString("<tr><td>%1</td><td align=right>%2</td><td align=right>%3</td></tr>").arg(k, v, t);
    };
    const QString none = QString::fromUtf8("\u2014");
    row(tr("Annual PUE"), num(m.pue, 3), target ? QString("&lt; %1").arg(num(target->pue, 2)) : none);
    // Computed from the supply year (PV, wind, contracts, storage against the halls' load), against
    // the stage's own target, else the plan's.
    const std::optional<double> green_target = stage.green_share_target ? stage.green_share_target
                                               : target                 ? std::optional<double>(target->green_share)
                                                                        : std::nullopt;
    row(tr("Green-energy share (computed; with certificates)"),
        num(100.0 * S.accounts.green_share, 1) + " % (" + num(100.0 * S.accounts.green_share_with_certificates, 1) + " %)",
        green_target ? num(100.0 * *green_target, 0) + " %" : none);
    row(tr("24/7 carbon-free energy (hourly CFE score)"), num(100.0 * S.accounts.cfe_score, 1) + " %", none);
    row(tr("CO2, location-based / market-based"),
        num(S.accounts.CO2_location_kg / 1e3, 0) + " t / " + num(S.accounts.CO2_market_kg / 1e3, 0) + " t", none);
    row(tr("CUE (market-based)"), num(m.cue_kg_per_kWh, 3) + " kg/kWh", none);
    row(tr("Standard racks (2.5 kW) in service"), num(racks, 0), target ? num(target->standard_racks, 0) : none);
    row(tr("AI compute in service (FP16 dense)"), num(compute, 0) + " PFLOPS", target ? num(target->ai_compute_PFLOPS, 0) + " PFLOPS" : none);
    row(tr("ERE"), num(m.ere, 3), none);
    row(tr("WUE"), num(m.wue_L_per_kWh, 2) + " L/kWh", none);
    row(tr("IT energy"), num(total.energy.it / 3.6e9, 0) + " MWh", none);
    row(tr("Facility energy"), num(total.energy.facility() / 3.6e9, 0) + " MWh", none);
    row(tr("Heat delivered to district heating"), num(total.delivered_J / 3.6e9, 0) + " MWh", none);
    row(tr("Coincident peak demand"), num(total.coincident_peak_VA() / 1e6, 1) + " MVA", none);
    row(tr("Energy cost"), num(total.cost_CNY / 1e6, 1) + tr(" M CNY"), none);
    h += "</table><p style='font-size:11px'>" +
         (target ? tr("Targets: Haidong park plan, section 2.(4) and Table 1.") : tr("No plan targets are known for this scenario.")) + "</p>";
    pages.html(h);

    // --- Wings and halls ------------------------------------------------------------------
    h = "<h2>" + tr("Wings") + "</h2><table border=1 cellspacing=0 cellpadding=3 width=100%><tr><th align=left>" + tr("Wing") +
        "</th><th>" + tr("Halls") + "</th><th>" + tr("IT MWh") + "</th><th>PUE</th><th>ERE</th><th>" + tr("WUE L/kWh") +
        "</th><th>" + tr("Peak MVA") + "</th><th>" + tr("Open capacity MVA") + "</th></tr>";
    for (const auto& w : park.wings) {
      const auto it = wings.find(w.id);
      if (it == wings.end()) {
        continue;
      }
      const auto& t = it->second;
      const auto wm = physics::key_metrics(t.energy, t.water_kg, t.recovered_J, physics::Carbon{}); // no CO2 in this table
      h += QString("<tr><td>%1</td><td align=right>%2</td><td align=right>%3</td><td align=right>%4</td><td align=right>%5</td>"
                   "<td align=right>%6</td><td align=right>%7</td><td align=right>%8</td></tr>")
               .arg(esc(in.chinese && !w.name_zh.empty() ? w.name_zh : w.name))
               .arg(t.halls)
               .arg(num(t.energy.it / 3.6e9, 0), num(wm.pue, 3), num(wm.ere, 3), num(wm.wue_L_per_kWh, 2),
                    num(t.coincident_peak_VA() / 1e6, 1), num(w.open_capacity_in_VA(stage.year) / 1e6, 0));
    }
    h += "</table>";
    pages.html(h, 12);
    std::map<std::string, const model::Hall*> halls;
    for (const auto& w : park.wings) {
      for (const auto& b : w.buildings) {
        for (const auto& hl : b.halls) {
          halls[hl.id] = &hl;
        }
      }
    }
    const QString head = "<tr><th align=left>" + tr("Hall") + "</th><th align=left>" + tr("Name") + "</th><th>" + tr("IT MWh") +
                         "</th><th>PUE</th><th>ERE</th><th>" + tr("WUE L/kWh") + "</th><th>" + tr("Free h") + "</th><th>" +
                         tr("CF days") + "</th><th>" + tr("Heat MWh") + "</th><th>" + tr("Peak kVA") + "</th></tr>";
    h = "<h2>" + tr("Halls") + "</h2><table border=1 cellspacing=0 cellpadding=2 width=100%>" + head;
    int rows = 0;
    for (const auto& r : R.halls) {
      const model::Hall* hall = halls.count(r.hall_id) != 0 ? halls.at(r.hall_id) : nullptr;
      const std::string name = hall == nullptr ? "" : (in.chinese && !hall->name_zh.empty() ? hall->name_zh : hall->name);
      if (!r.ok) {
        h += QString("<tr><td>%1</td><td>%2</td><td colspan=8>%3</td></tr>").arg(esc(r.hall_id), esc(name), esc(r.error));
      } else {
        h += QString("<tr><td>%1</td><td>%2</td><td align=right>%3</td><td align=right>%4</td><td align=right>%5</td>"
                     "<td align=right>%6</td><td align=right>%7</td><td align=right>%8</td><td align=right>%9</td>"
                     "<td align=right>%10</td></tr>")
                 .arg(esc(r.hall_id), esc(name), num(r.energy.it / 3.6e9, 0), num(r.pue(), 3), num(r.ere(), 3),
                      num(r.water_kg / units::j_to_kwh(r.energy.it), 2), num(r.free_cooling_hours, 0))
                 .arg(r.compressor_free_days)
                 .arg(num(r.heat_delivered_J / 3.6e9, 0), num(r.peak_apparent_power_VA / 1e3, 0));
      }
      if (++rows % 26 == 0) { // a page's worth
        pages.html(h + "</table>", 10);
        pages.new_page();
        h = "<table border=1 cellspacing=0 cellpadding=2 width=100%>" + head;
      }
    }
    pages.html(h + "</table>", 10);

    // --- Charts of the park ------------------------------------------------------------------
    pages.new_page();
    pages.html("<h2>" + tr("The park through the year") + "</h2>");
    ChartsPanel charts;
    std::set<std::string> all;
    for (const auto& r : R.halls) {
      all.insert(r.hall_id);
    }
    charts.show_results(park, stage, R, *in.climate.input, all, tr("the park"), &S, in.dispatch);
    for (const char* key : {"monthly-pue", "carpet-mode", "energy", "heat"}) {
      pages.widget(charts.chart(key), 330);
    }

    // --- Green supply and carbon (docs/physics/park-supply.md) --------------------------------
    if (!S.sources.empty() || S.target) {
      pages.new_page();
      QString g = "<h2>" + tr("Green supply and carbon") + "</h2><table border=1 cellspacing=0 cellpadding=3 width=100%><tr><th align=left>" +
                  tr("Source") + "</th><th>" + tr("Kind") + "</th><th>" + tr("Owner") + "</th><th>" + tr("Capacity MW") +
                  "</th><th>" + tr("Energy MWh") + "</th></tr>";
      for (const auto& src : S.sources) {
        g += QString("<tr><td>%1</td><td>%2</td><td>%3</td><td align=right>%4</td><td align=right>%5</td></tr>")
                 .arg(esc(src.id), esc(physics::kind_name(src.kind)), esc(src.owner.empty() ? std::string("-") : src.owner),
                      num(src.capacity_W / 1e6, 1), num(src.energy_J / 3.6e9, 0));
      }
      g += "</table>";
      if (S.sizing && S.target) {
        g += "<p>" + tr("To reach a green share of %1 % (now %2 %), added ground PV outside the park for each size of added storage:")
                         .arg(num(100.0 * *S.target, 0), num(100.0 * S.accounts.green_share, 1)) +
             "</p><table border=1 cellspacing=0 cellpadding=3><tr><th>" + tr("Storage MWh") + "</th><th>" + tr("PV MW") + "</th></tr>";
        for (const auto& pt : S.sizing->frontier) {
          g += QString("<tr><td align=right>%1</td><td align=right>%2</td></tr>")
                   .arg(num(pt.storage_J / 3.6e9, 0), pt.reached ? num(pt.pv_W / 1e6, 1) : tr("not within %1").arg(num(pt.pv_W / 1e6, 0)));
        }
        g += "</table>";
      }
      g += "<h3>" + tr("Carbon ledger by company") + "</h3><table border=1 cellspacing=0 cellpadding=3 width=100%><tr><th align=left>" +
           tr("Company") + "</th><th>" + tr("Facility MWh") + "</th><th>" + tr("Green share") + "</th><th>CFE</th><th>" +
           tr("CO2 t (location / market)") + "</th></tr>";
      for (const auto& tn : S.tenants) {
        if (tn.year.facility_J <= 0.0) {
          continue;
        }
        g += QString("<tr><td>%1</td><td align=right>%2</td><td align=right>%3 %</td><td align=right>%4 %</td><td align=right>%5 / %6</td></tr>")
                 .arg(esc(in.chinese && !tn.name_zh.empty() ? tn.name_zh : tn.name.empty() ? tn.id : tn.name),
                      num(tn.year.facility_J / 3.6e9, 0), num(100.0 * tn.green_share(), 1), num(100.0 * tn.cfe_score(), 1),
                      num(tn.year.CO2_location_kg / 1e3, 0), num(tn.year.CO2_market_kg / 1e3, 0));
      }
      pages.html(g + "</table>", 10);
      for (const char* key : {"supply-monthly", "carpet-green", "supply-week"}) {
        pages.widget(charts.chart(key), 330);
      }
    }

    // --- Power-compute dispatch (docs/physics/dispatch.md) ------------------------------------
    if (in.dispatch != nullptr) {
      const physics::DispatchYear& d = *in.dispatch;
      pages.new_page();
      QString g = "<h2>" + tr("Power-compute dispatch") + "</h2><p>" +
                  tr("%1 MWh of flexible compute (%2 rack groups), %3 MWh of it run in another hour of its window "
                     "(%4 MWh later than profiled), objective: %5; %6 round(s) of dispatch and simulation%7. "
                     "Every other figure of this report is the dispatched year's.")
                      .arg(num(d.flexible_J / 3.6e9, 0)).arg(d.flexible_groups).arg(num(d.shifted_J / 3.6e9, 0))
                      .arg(num(d.deferred_J / 3.6e9, 0))
                      .arg(d.objective == model::DispatchObjective::Cost ? tr("least cost") : tr("most carbon-free supply"))
                      .arg(d.rounds.size())
                      .arg(d.converged ? QString() : tr(", not converged")) +
                  "</p><table border=1 cellspacing=0 cellpadding=3 width=100%><tr><th align=left>" + tr("Figure") +
                  "</th><th align=right>" + tr("As profiled") + "</th><th align=right>" + tr("As dispatched") + "</th></tr>";
      const auto line = [&](const QString& k, const QString& a, const QString& b) {
        g += QString("<tr><td>%1</td><td align=right>%2</td><td align=right>%3</td></tr>").arg(k, a, b);
      };
      line(tr("24/7 carbon-free energy (CFE)"), num(100.0 * d.cfe_score.before, 2) + " %", num(100.0 * d.cfe_score.after, 2) + " %");
      line(tr("Green-energy share"), num(100.0 * d.green_share.before, 2) + " %", num(100.0 * d.green_share.after, 2) + " %");
      line(tr("CO2, location-based, t"), num(d.CO2_location_kg.before / 1e3, 0), num(d.CO2_location_kg.after / 1e3, 0));
      line(tr("CO2, market-based, t"), num(d.CO2_market_kg.before / 1e3, 0), num(d.CO2_market_kg.after / 1e3, 0));
      line(tr("Energy cost, CNY"), num(d.cost_CNY.before, 0), num(d.cost_CNY.after, 0));
      line(tr("Grid purchases, CNY"), num(d.grid_cost_CNY.before, 0), num(d.grid_cost_CNY.after, 0));
      line(tr("Cooling energy, MWh"), num(d.cooling_J.before / 3.6e9, 0), num(d.cooling_J.after / 3.6e9, 0));
      line(tr("Annual PUE"), num(d.pue.before, 4), num(d.pue.after, 4));
      line(tr("Green supply exported or curtailed, MWh"), num(d.unused_green_J.before / 3.6e9, 0), num(d.unused_green_J.after / 3.6e9, 0));
      line(tr("Peak grid import, MW"), num(d.peak_grid_import_W.before / 1e6, 1), num(d.peak_grid_import_W.after / 1e6, 1));
      g += "</table><h3>" + tr("By company") + "</h3><table border=1 cellspacing=0 cellpadding=3 width=100%><tr><th align=left>" +
           tr("Company") + "</th><th>" + tr("Moved MWh") + "</th><th>" + tr("CFE before / after") + "</th><th>" +
           tr("CO2 avoided t (location)") + "</th></tr>";
      for (const auto& c : d.companies) {
        if (c.flexible_J <= 0.0) {
          continue;
        }
        g += QString("<tr><td>%1</td><td align=right>%2</td><td align=right>%3 % / %4 %</td><td align=right>%5</td></tr>")
                 .arg(esc(in.chinese && !c.name_zh.empty() ? c.name_zh : c.name.empty() ? c.id : c.name),
                      num(c.shifted_J / 3.6e9, 0), num(100.0 * c.cfe_score.before, 1), num(100.0 * c.cfe_score.after, 1),
                      num(c.CO2_location_kg.saved() / 1e3, 0));
      }
      g += "</table>";
      for (const auto& n : d.notes) {
        g += "<p><i>" + esc(n) + "</i></p>";
      }
      pages.html(g, 10);
      pages.widget(charts.chart("dispatch-week"), 330);
    }

    // --- Uncertainty bands (docs/uncertainty.md) -----------------------------------------------
    if (in.bands != nullptr) {
      const physics::BandsResult& b = *in.bands;
      pages.new_page();
      QString g = "<h2>" + tr("Uncertainty bands") + "</h2><p>" +
                  tr("%1 samples of %2 uncertain parameters (Latin hypercube, seed %3), each uniform over its "
                     "plausible range around the scenario's value; the figures of the other pages are the "
                     "scenario as written.")
                      .arg(b.samples).arg(b.parameters.parameters.size()).arg(b.seed) +
                  "</p><table border=1 cellspacing=0 cellpadding=3 width=100%><tr><th align=left>" + tr("Park figure") +
                  "</th><th align=right>P10</th><th align=right>P50</th><th align=right>P90</th><th align=left>" +
                  tr("Strongest parameter (Spearman rho)") + "</th></tr>";
      const QString names[] = {tr("Annual PUE"), tr("WUE, L/kWh"), tr("Free-cooling hours"), tr("Compressor-free days"),
                               tr("Energy cost, CNY"), tr("Peak demand, kW"), tr("Green-energy share, %")};
      const int digits[] = {4, 3, 0, 0, 0, 0, 1};
      const auto& park_bands = b.bands.at("");
      for (std::size_t f = 0; f < park_bands.size() && f < std::size(names); ++f) {
        const double scale = f == 6 ? 100.0 : 1.0;
        QString strongest;
        if (const auto best = b.strongest_parameter(f); best && b.park_sensitivity[f][*best] != 0.0) {
          const auto& p = b.parameters.parameters[*best];
          strongest = esc(in.chinese ? p.title_zh : p.title_en) + " (" + num(b.park_sensitivity[f][*best], 2) + ")";
        }
        g += QString("<tr><td>%1</td><td align=right>%2</td><td align=right>%3</td><td align=right>%4</td><td>%5</td></tr>")
                 .arg(names[f], num(scale * park_bands[f].p10, digits[f]), num(scale * park_bands[f].p50, digits[f]),
                      num(scale * park_bands[f].p90, digits[f]), strongest);
      }
      g += "</table><h3>" + tr("By hall") + "</h3><table border=1 cellspacing=0 cellpadding=2 width=100%><tr><th align=left>" +
           tr("Hall") + "</th><th align=right>" + tr("PUE P10 - P90") + "</th><th align=right>" +
           tr("Compressor-free days P10 - P90") + "</th></tr>";
      for (const auto& r : R.halls) {
        const auto it = b.bands.find(r.hall_id);
        if (it == b.bands.end()) {
          continue;
        }
        g += QString("<tr><td>%1</td><td align=right>%2 - %3</td><td align=right>%4 - %5</td></tr>")
                 .arg(esc(r.hall_id), num(it->second[0].p10, 3), num(it->second[0].p90, 3), num(it->second[3].p10, 0),
                      num(it->second[3].p90, 0));
      }
      g += "</table>";
      pages.html(g, 10);
    }

    // --- Failure ride-through (docs/physics/ride-through.md) -----------------------------------
    if (in.ride_through != nullptr && !in.ride_through->empty()) {
      const auto& rt = *in.ride_through;
      pages.new_page();
      const auto seconds = [](const std::optional<double>& t) {
        return t ? num(*t, 0) + " s" : tr("never");
      };
      const model::Hall* first = park.find_hall(rt.front().hall_id);
      const auto& el = first->electrical;
      QStringList on_ups;
      if (el.air_units_on_ups) {
        on_ups << tr("air units");
      }
      if (el.pumps_on_ups) {
        on_ups << tr("pumps");
      }
      if (el.heat_rejection_on_ups) {
        on_ups << tr("heat rejection");
      }
      QString g = "<h2>" + tr("Failure ride-through") + "</h2><p>" +
                  tr("Each hall from its state at the start of hour %1 of the year (the hottest), followed for %2 "
                     "min at 1 s: its whole cooling plant tripped (the other units as they were, the controls acting as in the year), "
                     "and a utility outage in which only the IT and the cooling loads on the UPS run until the "
                     "generators carry the hall. Inlet limits: ASHRAE A1 recommends up to 27 C and allows up to "
                     "32 C.")
                      .arg(rt.front().tripped.hour)
                      .arg(num(rt.front().tripped.t_s.back() / 60.0, 0)) +
                  "</p><p>" +
                  tr("Outage assumptions (the first hall's; every hall's in the scenario): cooling loads on the "
                     "UPS: %1; generators %2; compressors cool again %3 s after the power returns.")
                      .arg(on_ups.isEmpty() ? tr("none (only the IT)") : on_ups.join(", "),
                           el.generators ? tr("carry the hall after %1 s").arg(num(el.generator_start_s + el.load_transfer_s, 0))
                                         : tr("none"),
                           num(first->cooling.plant.compressor_restart_s, 0)) +
                  "</p><table border=1 cellspacing=0 cellpadding=2 width=100%><tr><th align=left>" + tr("Hall") +
                  "</th><th align=left>" + tr("Plant tripped") + "</th><th align=right>" + tr("Inlet at start, C") +
                  "</th><th align=right>" + tr("To 32 C after the trip") + "</th><th align=right>" +
                  tr("Peak after the trip, C") + "</th><th align=right>" + tr("To 32 C after an outage") +
                  "</th><th align=right>" + tr("Peak after an outage, C") + "</th><th align=right>" +
                  tr("IT at risk in the outage") + "</th></tr>";
      for (const auto& r : rt) {
        g += QString("<tr><td>%1</td><td>%2</td><td align=right>%3</td><td align=right>%4</td><td align=right>%5</td>"
                     "<td align=right>%6</td><td align=right>%7</td><td align=right>%8</td></tr>")
                 .arg(esc(r.hall_id),
                      r.trip.plant == physics::FailedPlant::Iec       ? tr("all IEC units")
                      : r.trip.plant == physics::FailedPlant::Chiller ? tr("all chillers")
                                                                      : tr("all air units"),
                      num(r.tripped.start_inlet_C, 1), seconds(r.tripped.time_to_32C_s), num(r.tripped.peak_inlet_C, 1),
                      seconds(r.outage.time_to_32C_s), num(r.outage.peak_inlet_C, 1),
                      r.outage.it_at_risk_s > 0.0
                          ? tr("%1 % for %2 s").arg(num(100.0 * r.outage.peak_it_at_risk_share, 0), num(r.outage.it_at_risk_s, 0))
                          : tr("none"));
      }
      g += "</table><p><i>" +
           tr("IT at risk: racks with an air inlet above 32 C or, for liquid-cooled racks, coolant above its ASHRAE "
              "W-class limit or not flowing, by the hall's lumped temperatures. The plant's controls act as in the "
              "year (a mode steps up after its 15-min dwell).") +
           "</i></p>";
      pages.html(g, 10);
    }

    // --- Substations and water by year: the park at each stage --------------------------------
    QStringList years;
    std::vector<std::pair<QString, std::vector<double>>> peak, capacity, water, supply;
    std::map<std::string, std::vector<double>> wing_peak, wing_cap, wing_water, wing_supply;
    for (const auto& s : park.stages) {
      years << QString::fromStdString(s.id);
      physics::ParkRunOptions o;
      o.simulation.keep_hourly = true;
      o.cache = cache;
      // The report's own stage is already simulated: no copy of its hourly results.
      std::optional<physics::ParkResult> simulated;
      if (s.id != stage.id) {
        physics::SupplyOptions no_sizing;
        no_sizing.sizing = false;
        simulated = physics::simulate_operated_year(park, s, *in.climate.input, o, no_sizing).halls;
      }
      const physics::ParkResult& run = simulated ? *simulated : R;
      std::map<std::string, physics::HallTotals> by_wing;
      for (const auto& r : run.halls) {
        by_wing[r.wing_id].add(r);
      }
      for (const auto& w : park.wings) {
        const auto& t = by_wing[w.id];
        wing_peak[w.id].push_back(t.coincident_peak_VA() / 1e6);
        wing_cap[w.id].push_back(w.open_capacity_in_VA(s.year) / 1e6);
        wing_water[w.id].push_back(t.water_kg / 1000.0 / 365.0);
        wing_supply[w.id].push_back(water_supply_m3_s(w, s.year) * 86400.0);
      }
    }
    pages.new_page();
    pages.html("<h2>" + tr("Power and water by build-out stage") + "</h2>");
    for (const auto& w : park.wings) {
      const QString wn = QString::fromStdString(in.chinese && !w.name_zh.empty() ? w.name_zh : w.name);
      auto* a = bar_chart(tr("%1: coincident peak against substations' open capacity").arg(wn), years,
                          {{tr("peak"), wing_peak[w.id]}, {tr("open capacity"), wing_cap[w.id]}}, "MVA");
      pages.widget(a, 250);
      delete a;
      auto* b = bar_chart(tr("%1: water use against supply (mean day)").arg(wn), years,
                          {{tr("use"), wing_water[w.id]}, {tr("supply"), wing_supply[w.id]}}, tr("m3/day"));
      pages.widget(b, 250);
      delete b;
    }

    // --- Climate -------------------------------------------------------------------------------
    pages.new_page();
    const auto& st = in.climate.statistics;
    const auto C = [](double K) { return num(units::kelvin_to_celsius(K), 1); };
    h = "<h2>" + tr("Climate") + "</h2><p><b>" + esc(in.climate.name) + "</b>: " + esc(in.climate.description) + "<br>";
    if (!in.climate.stands_in_for.empty()) {
      h += tr("Stands in for: %1").arg(esc(in.climate.stands_in_for)) + "<br>";
    }
    h += "<small>" + esc(in.climate.verification) + "</small></p><table border=1 cellspacing=0 cellpadding=3>";
    const auto crow = [&](const QString& k, const QString& v) { h += QString("<tr><td>%1</td><td align=right>%2</td></tr>").arg(k, v); };
    crow(tr("Annual mean dry bulb"), C(st.mean_db_K) + " C");
    crow(tr("Extremes"), C(st.max_db_K.value) + " / " + C(st.min_db_K.value) + " C");
    crow(tr("Mean / highest wet bulb"), C(st.mean_wb_K) + " / " + C(st.max_wb_K.value) + " C");
    crow(tr("Mean relative humidity"), num(100.0 * st.mean_rh, 0) + " %");
    crow(tr("Mean station pressure"), num(st.mean_p_Pa / 1000.0, 1) + " kPa");
    for (const auto& c : st.days_max_wb_below) {
      crow(tr("Days with daily max wet bulb below %1 C").arg(C(c.threshold_K)), QString::number(c.count));
    }
    crow(tr("Global horizontal irradiation"), num(st.ghi_J_m2 / 3.6e6, 0) + " kWh/m2");
    h += "</table>";
    pages.html(h);
    pages.widget(charts.chart("psychrometric"), 360);

    // --- Assumptions ---------------------------------------------------------------------------
    pages.new_page();
    std::vector<std::array<std::string, 4>> a;
    assumptions(in.scenario->document(), "", "", in.scenario->document().value("source", std::string()), a);
    h = "<h2>" + tr("Assumptions: every parameter that differs from its default") + "</h2><table border=1 cellspacing=0 cellpadding=2 width=100%>"
        "<tr><th align=left>" + tr("Parameter") + "</th><th>" + tr("Value") + "</th><th>" + tr("Default") + "</th><th align=left>" +
        tr("Source") + "</th></tr>";
    for (const auto& [path, value, def, source] : a) {
      h += QString("<tr><td>%1</td><td align=right>%2</td><td align=right>%3</td><td>%4</td></tr>")
               .arg(esc(path), esc(value), esc(def), esc(source));
    }
    if (a.empty()) {
      h += "<tr><td colspan=4>" + tr("Every parameter has its default value.") + "</td></tr>";
    }
    pages.html(h + "</table>", 9);

    // --- Comparison ----------------------------------------------------------------------------
    if (in.other != nullptr) {
      pages.new_page();
      const auto diffs = physics::input_differences(in.scenario->document(), in.other->document());
      h = "<h2>" + tr("Compared with %1").arg(esc(in.other->source())) + "</h2><h3>" + tr("Inputs that differ (%1)").arg(diffs.size()) +
          "</h3><table border=1 cellspacing=0 cellpadding=2 width=100%><tr><th align=left>" + tr("Field") + "</th><th>" +
          tr("This scenario") + "</th><th>" + tr("Other") + "</th></tr>";
      for (const auto& d : diffs) {
        h += QString("<tr><td>%1</td><td>%2</td><td>%3</td></tr>").arg(esc(d.path), esc(d.a), esc(d.b));
      }
      h += "</table>";
      pages.html(h, 9);
      const auto rowsf = physics::figure_rows(park, stage, R, in.other->park(), *in.other_stage, *in.other_result);
      h = "<h3>" + tr("Key figures that differ") + "</h3><table border=1 cellspacing=0 cellpadding=2 width=100%><tr><th align=left>" +
          tr("Where") + "</th><th align=left>" + tr("Figure") + "</th><th>" + tr("This scenario") + "</th><th>" + tr("Other") +
          "</th><th>" + tr("Difference") + "</th></tr>";
      for (const auto& r : rowsf) {
        if (r.differs()) {
          h += QString("<tr><td>%1</td><td>%2</td><td align=right>%3</td><td align=right>%4</td><td align=right>%5</td></tr>")
                   .arg(esc(r.scope), esc(r.figure), r.in_a ? QString::number(r.a, 'g', 6) : none,
                        r.in_b ? QString::number(r.b, 'g', 6) : none,
                        r.in_a && r.in_b ? QString::number(r.b - r.a, 'g', 4) : QString());
        }
      }
      pages.html(h + "</table>", 9);
    }
    painted = pages.finish();
  }
  const QByteArray& pdf_bytes = bytes.data();
  if (!painted || pdf_bytes.isEmpty() || !pdf_bytes.startsWith("%PDF")) {
    throw IoError(file.string(), "cannot make the PDF (the PDF engine failed)");
  }
  out.write(std::string_view(pdf_bytes.constData(), static_cast<std::size_t>(pdf_bytes.size())));
  out.commit();
}

} // namespace parktwin::studio
