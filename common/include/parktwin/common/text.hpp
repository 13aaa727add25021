#pragma once
// Small text and file helpers shared by the readers and writers.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parktwin {

/// Whole contents of a file. Throws IoError naming the file if it cannot be read.
std::string read_file(const std::filesystem::path& path);

/// Parses a decimal number occupying the whole of `text` (leading/trailing blanks allowed).
std::optional<double> parse_double(std::string_view text) noexcept;

/// Parses an integer occupying the whole of `text` (leading/trailing blanks allowed).
std::optional<long> parse_long(std::string_view text) noexcept;

/// Splits on a single-character separator, keeping empty fields.
std::vector<std::string_view> split(std::string_view text, char sep);

/// Removes leading and trailing blanks (space, tab, CR).
std::string_view trim(std::string_view text) noexcept;

/// ASCII lower case.
std::string to_lower(std::string_view text);

/// The shortest text that reads back as exactly `x` ("0.1", "24", "1e-05"); "nan", "inf".
std::string number_text(double x);

/// `x` with `digits` decimals, as printf's %.*f ("3.94", "-0.0"): for messages.
std::string fixed_text(double x, int digits);

/// True when `text` is well-formed UTF-8 (no overlong forms, no surrogates, at most U+10FFFF).
bool is_valid_utf8(std::string_view text) noexcept;

/// `text` read as ISO 8859-1 (Latin-1), as UTF-8: each byte above 0x7F becomes two bytes.
std::string latin1_to_utf8(std::string_view text);

/// Levenshtein edit distance, for "did you mean" suggestions.
std::size_t edit_distance(std::string_view a, std::string_view b);

} // namespace parktwin
