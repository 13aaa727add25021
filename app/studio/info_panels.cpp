#include "info_panels.hpp"

#include "parktwin/common/units.hpp"
#include "parktwin/physics/metrics.hpp"

namespace parktwin::studio {
namespace {

QString number(double x, int digits) { return QString::number(x, 'f', digits); }

void set_up(QLabel* l) {
  l->setTextFormat(Qt::RichText);
  l->setAlignment(Qt::AlignTop | Qt::AlignLeft);
  l->setMargin(8);
  l->setTextInteractionFlags(Qt::TextSelectableByMouse);
}

} // namespace

FiguresPanel::FiguresPanel(QWidget* parent) : QLabel(parent) { set_up(this); }

void FiguresPanel::show_simulating() { setText(tr("<i>Simulating...</i>")); }

void FiguresPanel::show_figures(const model::Park& /*park*/, const model::Stage& stage, const physics::ParkResult& result,
                                const physics::SupplyYear* supply, const std::set<std::string>& halls, const QString& what,
                                bool whole_park) {
  physics::HallTotals t;
  const physics::HallResult* only = nullptr;
  for (const auto& r : result.halls) {
    if (halls.count(r.hall_id) != 0) {
      t.add(r);
      only = halls.size() == 1 ? &r : nullptr;
    }
  }
  if (t.halls == 0) {
    setText(tr("<b>%1</b><br>No hall in service at stage %2.")
                          .arg(what, QString::fromStdString(stage.id)));
    return;
  }
  const auto m = physics::key_metrics(t.energy, t.water_kg, t.recovered_J, physics::Carbon{}); // no CO2 shown here
  QString html = QString("<b>%1</b> &nbsp; %2<table cellspacing=4>").arg(what, tr("stage %1").arg(QString::fromStdString(stage.id)));
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
  if (supply != nullptr) {
    const auto co2 = supply->carbon_of_halls(std::vector<std::string>(halls.begin(), halls.end()));
    row(tr("CO2, location / market-based"), number(co2.location_kg / 1e3, 0) + " / " + number(co2.market_kg / 1e3, 0) + " t");
    if (whole_park) {
      const auto& a = supply->accounts;
      row(tr("Green share (with certificates)"),
          number(100.0 * a.green_share, 1) + " % (" + number(100.0 * a.green_share_with_certificates, 1) + " %)");
      row(tr("24/7 carbon-free energy"), number(100.0 * a.cfe_score, 1) + " %");
      if (supply->target && supply->measure == model::SizingMeasure::GreenShare) {
        const double gap = *supply->target - a.green_share;
        row(tr("Green-share target"), number(100.0 * *supply->target, 0) + " %: " +
                                          (gap <= 0.0 ? tr("met") : tr("missed by %1 points").arg(number(100.0 * gap, 1))));
      }
    }
  }
  html += "</table>";
  setText(html);
}

ClimatePanel::ClimatePanel(QWidget* parent) : QLabel(parent) {
  set_up(this);
  setWordWrap(true);
}

void ClimatePanel::show_year(const Year& y) {
  if (!y.statistics) {
    setText(tr("<i>No climate year loaded.</i>"));
    return;
  }
  const auto& st = *y.statistics;
  const auto C = [](double K) { return QString::number(units::kelvin_to_celsius(K), 'f', 1); };
  QString html = QString("<b>%1</b><br>%2").arg(QString::fromStdString(y.name).toHtmlEscaped(),
                                                 QString::fromStdString(y.description).toHtmlEscaped());
  if (!y.stands_in_for.empty()) {
    html += "<br>" + tr("Stands in for: %1").arg(QString::fromStdString(y.stands_in_for).toHtmlEscaped());
  }
  html += "<br><small>" + QString::fromStdString(y.verification).toHtmlEscaped() + "</small>";
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
  setText(html);
}

} // namespace parktwin::studio
