#pragma once

#include "args.hpp"

#include "parktwin/model/park.hpp"

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <iosfwd>
#include <vector>

namespace parktwin::cli {

struct Command {
  CommandSpec spec;
  std::function<int(const ParsedArgs&, std::ostream&)> run;
};

/// Every command of the program, in the order --help lists them.
std::vector<Command> all_commands();

/// The options every command that simulates a park's year takes: --stage, --climate,
/// --climate-dir, followed by `more`.
std::vector<OptionSpec> park_year_options(std::vector<OptionSpec> more);

// The commands (each in its own file).
Command climate_list_command();
Command climate_stats_command();
Command climate_adapt_command();
Command psychro_command();
Command validate_command();
Command run_command();
Command calibrate_command();
Command ridethrough_command();
Command ledger_command();
Command sweep_command();
Command merge_command();
Command render_command();
Command report_command();
Command scenario_summary_command();
Command scenario_layout_command();
Command scenario_reference_command();
Command scenario_schema_command();

/// Fixed-point text of a number.
std::string fixed(double x, int digits);
/// Signed fixed-point text, "+1.66".
std::string signed_fixed(double x, int digits);
/// The stage named by --stage (id or year); without it the scenario's default_stage (the last
/// stage if it names none). Throws UsageError naming the stages for an unknown one.
const model::Stage& choose_stage(const model::Park& park, const std::optional<std::string>& wanted);

/// The --out file of a command that writes one file: required, with this extension, in a folder
/// that exists. Throws UsageError or IoError naming the option and the file.
std::filesystem::path output_file(const ParsedArgs& a, const std::string& extension, const std::string& command);
/// Today's date (UTC, YYYY-MM-DD), or the date of $SOURCE_DATE_EPOCH when set (reproducible
/// pictures and reports).
std::string reproducible_date();

/// The climate a command runs a park on: --climate (default: the scenario's site climate) in
/// --climate-dir; the built-in park year at the site's elevation.
struct ResolvedClimate;
ResolvedClimate resolve_park_climate(const ParsedArgs& a, const model::Park& park);

/// Pads on the right to a width in display columns (UTF-8 aware, for Chinese names).
std::string pad_right(std::string s, std::size_t width);
/// Pads on the left to a width in characters (for numbers).
std::string pad_left(const std::string& s, std::size_t width);

} // namespace parktwin::cli
