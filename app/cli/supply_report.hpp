#pragma once
// The supply year and the carbon ledger as `run` and `ledger` print them (JSON and text).

#include "parktwin/model/park.hpp"
#include "parktwin/physics/park_supply.hpp"

#include <nlohmann/json.hpp>

#include <iosfwd>

namespace parktwin::cli {

/// `park.supply` of `run --json` (docs/results.md).
nlohmann::ordered_json supply_json(const model::Park& park, const model::Stage& stage, const physics::SupplyYear& s);
/// `tenants` of `run --json`: per company, the year's ledger.
nlohmann::ordered_json tenants_json(const physics::SupplyYear& s);
/// The year's supply in a few lines of text, after run's table.
void print_supply_text(std::ostream& out, const model::Stage& stage, const physics::SupplyYear& s);
/// The ledger, per company and month, as a table.
void print_ledger_text(std::ostream& out, const physics::SupplyYear& s);
/// The ledger as JSON: per company, its months and its year.
nlohmann::ordered_json ledger_json(const physics::SupplyYear& s);

} // namespace parktwin::cli
