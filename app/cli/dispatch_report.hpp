#pragma once
// The power-compute dispatch as `run` prints it (JSON and text), docs/results.md.

#include "parktwin/physics/park_dispatch.hpp"

#include <nlohmann/json.hpp>

#include <iosfwd>

namespace parktwin::cli {

/// `park.dispatch` of `run --json`.
nlohmann::ordered_json dispatch_json(const physics::DispatchYear& d);
/// The dispatch in a few lines of text, after the supply's.
void print_dispatch_text(std::ostream& out, const physics::DispatchYear& d);

} // namespace parktwin::cli
