#pragma once
// Climate as a continuous function of time for the right-hand side (docs/physics/climate-input.md).

#include "parktwin/climate/design_days.hpp"
#include "parktwin/climate/epw.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace parktwin::physics {

/// Hourly climate made continuous: temperatures are EPW instantaneous values at the end of each
/// hour, irradiance is the hour's mean placed at mid-hour; linear interpolation between them,
/// periodic over the year (t = 0 is January 1, 00:00 local standard time). Made from a year
/// as it is, or from that year's hot year (climate::hot_year, a scenario's site.hot_year_K): the
/// design days, to which plants are sized, are always the year's as it is (a hot year is the
/// weather a plant meets, not a different plant).
class ClimateInput {
public:
  explicit ClimateInput(const climate::ClimateYear& year, double hot_year_K = 0.0);

  struct Sample {
    double T_db_K;
    double T_wb_K;
    double W_kg_kg;
    double p_Pa;
    double ghi_W_m2;
    double T_db_daily_mean_K; ///< mean dry bulb of the calendar day containing t
  };

  Sample at(double t_s) const noexcept;
  /// Unique in the process (never reused, unlike an address).
  std::uint64_t serial() const noexcept { return serial_; }
  /// The serial of the input made from the year as it is, shared by every hot year made from it
  /// (for_hot_year): with hot_year_K(), what identifies the climate in caches.
  std::uint64_t base_serial() const noexcept { return base_serial_; }
  /// The shift of the annual maximum this input was made with (0: the year as it is).
  double hot_year_K() const noexcept { return hot_year_K_; }
  /// The same year with another hot-year shift (from the year as it is, not compounded).
  ClimateInput for_hot_year(double hot_year_K) const;
  double duration_s() const noexcept { return static_cast<double>(n_) * 3600.0; }
  std::size_t hours() const noexcept { return n_; }
  /// The hourly values (EPW order): dry bulb K, humidity ratio kg/kg, pressure Pa, wet bulb K.
  const std::vector<double>& dry_bulb_K() const noexcept { return T_db_; }
  const std::vector<double>& humidity_ratio() const noexcept { return W_; }
  const std::vector<double>& pressure_Pa() const noexcept { return p_; }
  const std::vector<double>& wet_bulb_K() const noexcept { return T_wb_; }
  /// Its cooling design days (climate::climate_design_days): the .ddy file's, else the year's
  /// own; the first is the 0.4 % dry-bulb day the plants are sized for.
  const std::vector<climate::DesignDay>& design_days() const noexcept { return design_days_; }
  /// The climate year simulated (irradiance, wind and calendar for the supply side): the hot
  /// year when hot_year_K() is not 0.
  const climate::ClimateYear& year() const noexcept { return *year_; }
  /// The year as it is, before any hot-year shift.
  const climate::ClimateYear& base_year() const noexcept { return *base_; }

private:
  ClimateInput(const ClimateInput& from, double hot_year_K); // the hot year of from's base year
  void fill(const climate::ClimateYear& year, const std::vector<double>& wb, const std::vector<double>& W);

  std::uint64_t serial_;
  std::uint64_t base_serial_;
  double hot_year_K_;
  std::size_t n_;
  std::vector<double> T_db_, T_wb_, W_, p_, ghi_, daily_mean_;
  std::vector<climate::DesignDay> design_days_;
  std::shared_ptr<const climate::ClimateYear> base_, year_;
  std::shared_ptr<const std::vector<double>> base_wb_, base_W_; ///< the base year's wet bulb and humidity ratio
};

/// The climate a site simulates: `climate` itself when its hot-year shift is the site's
/// (site.hot_year_K), else the same year with the site's shift, made in `storage`. What every
/// simulation entry point given a park calls first, so that no caller can leave the field unread.
const ClimateInput& climate_for_site(const ClimateInput& climate, double site_hot_year_K,
                                     std::optional<ClimateInput>& storage);

} // namespace parktwin::physics
