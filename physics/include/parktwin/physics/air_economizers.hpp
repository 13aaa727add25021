#pragma once
// The air side's economizers (docs/physics/indirect-evaporative.md,
// docs/physics/direct-air-economizer.md): what each gives at one instant, for the hall model to
// assemble with its fans and DX trim (compressor_plant.hpp).

#include "parktwin/model/park.hpp"

namespace parktwin::physics {

/// Indirect evaporative units: the primary (hall) air crosses a plate exchanger cooled by
/// outdoor scavenger air, dry or wetted.
struct IecDesign {
  double dry_effectiveness = 0.6;      ///< of T_return - T_db
  double wet_bulb_effectiveness = 0.7; ///< of T_return - T_wb
  double scavenger_fan_design_W = 0.0; ///< at design primary flow, standard air density
};

/// Lowest primary-air outlet temperature, dry (T_r - eps_dry (T_r - T_db)) and wet
/// (T_r - eps_wb (T_r - T_wb)); never below the outdoor temperature it works toward.
struct IecLimits {
  double dry_K = 0.0;
  double wet_K = 0.0;
};
IecLimits iec_limits(const IecDesign& d, double T_return_K, double T_db_K, double T_wb_K) noexcept;

struct IecPoint {
  double scavenger_fan_W = 0.0;
  double water_kg_s = 0.0; ///< evaporation and bleed-off (wet only)
};

/// The units removing Q_econ_W from the primary air (mass flow ratio `flow_ratio` of design,
/// `m_air_kg_s`, return T_return_K, lowest economizer outlet T_econ_min_K): the scavenger fans run
/// with the economizer's share of its capacity (at least their minimum speed when it works at
/// all), at the outdoor density; wet, the heat leaves as evaporation, with bleed-off.
IecPoint run_iec(const IecDesign& d, double Q_econ_W, double m_air_kg_s, double flow_ratio,
                 double T_return_K, double T_econ_min_K, bool wet, double rho_outdoor_kg_m3) noexcept;

/// Outdoor air within the direct-air envelope: dew point at most the maximum, relative humidity
/// at the supply set point T_set_K at most the maximum.
bool direct_air_usable(const model::DirectAirEconomizer& d, double T_set_K, double W_kg_kg, double p_Pa);

/// Energy of an electric steam humidifier per kg of water.
inline constexpr double kSteamEnergy_J_kg = 2.6e6;

struct DirectAirPoint {
  double water_kg_s = 0.0;     ///< humidifier water holding the minimum dew point
  double humidifier_W = 0.0;   ///< electric (steam humidifier only)
};

/// The economizer admitting outdoor air at T_outdoor_K (humidity W_kg_kg) to remove Q_econ_W from
/// a supply of m_air_kg_s returning at T_return_K: the outdoor share x = Q / (m c_p (T_r - T_o))
/// is humidified to the minimum dew point (x m (W_min - W)); no humidifier: nothing.
DirectAirPoint run_direct_air(const model::DirectAirEconomizer& d, double Q_econ_W, double m_air_kg_s,
                              double T_return_K, double T_outdoor_K, double W_kg_kg, double p_Pa);

} // namespace parktwin::physics
