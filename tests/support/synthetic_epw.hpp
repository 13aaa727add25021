#pragma once
// Synthetic EPW text for tests: a smooth, valid year of a made-up station (no third-party data),
// with hooks to break it in precise ways.

#include <functional>
#include <string>
#include <vector>

namespace parktwin::test {

struct SyntheticRow {
  int month, day, hour;
  std::vector<std::string> fields; ///< all 35 fields as text
};

/// Eight header lines of a made-up station at 2150 m.
std::string synthetic_header();

/// Rows of a full year (8760, or 8784 with leap = true), each a valid EPW data row.
std::vector<SyntheticRow> synthetic_rows(bool leap = false);

/// Joins header and rows into EPW text.
std::string to_epw_text(const std::vector<SyntheticRow>& rows, const std::string& header = synthetic_header());

/// Mean dry bulb of the synthetic rows, C (computed from the text of the rows).
double synthetic_mean_db_C(const std::vector<SyntheticRow>& rows);

} // namespace parktwin::test
