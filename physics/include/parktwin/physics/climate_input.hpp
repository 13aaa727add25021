#pragma once
// Climate as a continuous function of time for the right-hand side (docs/physics/climate-input.md).

#include "parktwin/climate/design_days.hpp"
#include "parktwin/climate/epw.hpp"

#include <cstdint>
#include <vector>

namespace parktwin::physics {

/// Hourly climate made continuous: temperatures are EPW instantaneous values at the end of each
/// hour, irradiance is the hour's mean placed at mid-hour; linear interpolation between them,
/// periodic over the year (t = 0 is January 1, 00:00 local standard time).
class ClimateInput {
public:
  explicit ClimateInput(const climate::ClimateYear& year);

  struct Sample {
    double T_db_K;
    double T_wb_K;
    double W_kg_kg;
    double p_Pa;
    double ghi_W_m2;
    double T_db_daily_mean_K; ///< mean dry bulb of the calendar day containing t
  };

  Sample at(double t_s) const noexcept;
  /// Unique in the process (never reused, unlike an address): identifies the climate in caches.
  std::uint64_t serial() const noexcept { return serial_; }
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
  /// The climate year it was made from (irradiance, wind and calendar for the supply side).
  const climate::ClimateYear& year() const noexcept { return year_; }

private:
  std::uint64_t serial_;
  std::size_t n_;
  std::vector<double> T_db_, T_wb_, W_, p_, ghi_, daily_mean_;
  std::vector<climate::DesignDay> design_days_;
  climate::ClimateYear year_;
};

} // namespace parktwin::physics
