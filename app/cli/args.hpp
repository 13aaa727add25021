#pragma once
// A small command-line parser for `parktwin <command> [<subcommand>] [options] [arguments]`.
// Options are declared once per command; the same declarations produce --help.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parktwin::cli {

struct OptionSpec {
  std::string name;       ///< long name without dashes, e.g. "tdb"
  std::string value_name; ///< empty for a flag, e.g. "C"
  std::string help;
  bool repeatable = false; ///< may be given several times (values()).
};

struct CommandSpec {
  std::string path;                 ///< e.g. "climate stats"
  std::string usage;                ///< arguments part of the usage line
  std::string summary;              ///< one line
  std::string details;              ///< paragraphs after the options
  std::vector<OptionSpec> options;  ///< --help is added automatically
  std::size_t min_positionals = 0;
  std::size_t max_positionals = 0;
};

class ParsedArgs {
public:
  bool flag(const std::string& name) const { return values_.count(name) != 0; }
  std::optional<std::string> value(const std::string& name) const;
  /// A number option, or nullopt if absent. Throws UsageError naming the option if not a number.
  std::optional<double> number(const std::string& name) const;
  /// A whole-number option from `lo` to `hi`, or nullopt if absent. Throws UsageError naming the
  /// option and the range otherwise.
  std::optional<long long> whole_number(const std::string& name, double lo, double hi) const;
  /// A comma-separated list of numbers.
  std::optional<std::vector<double>> numbers(const std::string& name) const;
  /// Every value of a repeatable option, in the order given.
  std::vector<std::string> values(const std::string& name) const;
  const std::vector<std::string>& positionals() const noexcept { return positionals_; }
  bool help() const { return flag("help"); }

private:
  friend ParsedArgs parse(const CommandSpec&, const std::vector<std::string>&);
  std::map<std::string, std::string> values_;
  std::map<std::string, std::vector<std::string>> repeated_;
  std::vector<std::string> positionals_;
};

/// Parses arguments (those after the command path). Throws UsageError for unknown options (with
/// the closest known one suggested), missing values, repeated options or a wrong number of
/// arguments. --help short-circuits the positional count check.
ParsedArgs parse(const CommandSpec& spec, const std::vector<std::string>& args);

/// The --help text of a command.
std::string help_text(const CommandSpec& spec);

} // namespace parktwin::cli
