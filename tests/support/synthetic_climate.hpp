#pragma once
// Climate years made in memory for tests (no third-party data).

#include "parktwin/climate/epw.hpp"

namespace parktwin::test {

/// 8760 hours of constant weather, no sun.
climate::ClimateYear constant_year(double T_db_C, double rh, double p_Pa);

/// A smooth year: seasonal and daily sines around 5 C, RH 50 %, 78 kPa, sun from 8 to 18 h.
climate::ClimateYear seasonal_year();

/// The smooth year with its sun all diffuse (the synthetic year has no beam): light for PV.
climate::ClimateYear diffuse_sun_year();

} // namespace parktwin::test
