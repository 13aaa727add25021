#pragma once
// The sweep's table on disk (private to the physics library): journal lines with their check
// digests, the index of a journal, and the summary written from journals (CSV and HDF5).

#include "parktwin/physics/sweep.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <istream>
#include <string>
#include <vector>

namespace parktwin::physics::table {

/// CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180).
std::string csv_field(const std::string& text);
/// Splits one CSV line (without its line break) into fields.
std::vector<std::string> csv_fields(const std::string& line);

/// A journal line: the fields, then a 16-hex-digit digest of the text before it, then "\n".
std::string journal_line(const std::vector<std::string>& fields);

struct JournalRow {
  std::size_t variant = 0;
  std::uint64_t offset = 0; ///< of the line in the file
  std::uint32_t length = 0; ///< without the digest field and line break
};

struct JournalIndex {
  std::vector<JournalRow> rows; ///< in file order, each variant once
  std::uint64_t valid_bytes = 0; ///< the file up to the end of the last good line
  std::uint64_t file_bytes = 0;
  std::size_t dropped_lines = 0; ///< cut short or corrupt (only at the end after a kill)
  std::size_t duplicate_lines = 0;
};

/// Reads a journal: the header must list `columns` (by name); every line's digest and field
/// count are checked. Lines after the first bad one are not trusted. Throws InputError naming
/// the file and line for a wrong header. A missing file gives an empty index.
JournalIndex index_journal(const std::filesystem::path& file, const std::vector<std::string>& columns);
/// The same from a stream; `name` names it in messages (the fuzz harness reads from memory).
JournalIndex index_journal(std::istream& in, const std::string& name, const std::vector<std::string>& columns);

/// Reads the fields of one indexed row.
std::vector<std::string> read_row(std::ifstream& in, const JournalRow& row);

struct Source {
  std::filesystem::path journal;
  JournalIndex index;
};

/// Writes summary.csv and summary.h5 into `dir` (each atomically) from the rows of `sources`,
/// sorted by variant, reading one row at a time. `manifest` gives the columns and metadata.
/// Returns the number of rows.
std::size_t write_summary(const std::filesystem::path& dir, const nlohmann::ordered_json& manifest,
                          const std::vector<Source>& sources);

} // namespace parktwin::physics::table
