// parktwin: the command line of ParkTwin. One program, subcommands, --help on each.
// Exit codes: 0 success, 1 bad input data, 2 bad usage, 3 I/O failure, 4 solver failure,
// 70 internal error.

#include "commands.hpp"

#include "parktwin/common/error.hpp"
#include "parktwin/config.hpp"
#include "parktwin/physics/ode.hpp"

#include <cctype>
#include <iostream>
#include <string>
#include <vector>

namespace parktwin::cli {

std::vector<Command> all_commands() {
  return {run_command(), calibrate_command(), ridethrough_command(), ledger_command(), sweep_command(), merge_command(),
#if PARKTWIN_WITH_RENDER
          render_command(), report_command(),
#endif
          validate_command(), scenario_summary_command(), scenario_layout_command(), scenario_reference_command(),
          scenario_schema_command(), climate_list_command(),
          climate_stats_command(), climate_adapt_command(), psychro_command()};
}

namespace {

constexpr int kExitInput = 1;
constexpr int kExitUsage = 2;
constexpr int kExitIo = 3;
constexpr int kExitSolver = 4;
constexpr int kExitInternal = 70;

/// The first sentence of a summary: up to a ". " followed by a capital letter (so "ch. 1" does not
/// end it), else the whole text.
std::string first_sentence(const std::string& text) {
  for (std::size_t pos = text.find(". "); pos != std::string::npos; pos = text.find(". ", pos + 1)) {
    if (pos + 2 < text.size() && std::isupper(static_cast<unsigned char>(text[pos + 2])) != 0) {
      return text.substr(0, pos + 1);
    }
  }
  return text;
}

std::string overview(const std::vector<Command>& commands, const std::string& prefix) {
  std::string out;
  if (prefix.empty()) {
    out = "ParkTwin " PARKTWIN_VERSION
          " - energy and thermal digital twin of data-centre parks\n\n"
          "Usage: parktwin <command> [options]\n       parktwin <command> --help\n\n"
          "Commands:\n";
  } else {
    out = "Usage: parktwin " + prefix + " <subcommand> [options]\n\nSubcommands:\n";
  }
  for (const auto& c : commands) {
    if (!prefix.empty() && c.spec.path.rfind(prefix + " ", 0) != 0) {
      continue;
    }
    std::string name = c.spec.path;
    name.resize(std::max<std::size_t>(name.size(), 18), ' ');
    out += "  " + name + "  " + first_sentence(c.spec.summary) + "\n";
  }
  if (prefix.empty()) {
    out += "\nOptions:\n  --version         print the version and exit\n"
           "  --help            show this help and exit\n"
           "\nClimate files are read from ../shared/climate beside the source tree, or from the "
           "folder in $PARKTWIN_CLIMATE_DIR or --climate-dir (see README).\n";
  }
  return out;
}

int run(const std::vector<std::string>& argv) {
  const auto commands = all_commands();
  if (argv.empty() || argv[0] == "--help" || argv[0] == "-h" || argv[0] == "help") {
    std::cout << overview(commands, "");
    return argv.empty() ? kExitUsage : 0;
  }
  if (argv[0] == "--version") {
    std::cout << "parktwin " PARKTWIN_VERSION "\n" << physics::linked_sundials().describe() << "\n";
    return 0;
  }
  // Longest command path that prefixes the arguments.
  const Command* best = nullptr;
  std::size_t best_words = 0;
  for (const auto& c : commands) {
    std::vector<std::string> words;
    std::size_t start = 0;
    while (start <= c.spec.path.size()) {
      const std::size_t sp = c.spec.path.find(' ', start);
      words.push_back(c.spec.path.substr(start, sp - start));
      if (sp == std::string::npos) {
        break;
      }
      start = sp + 1;
    }
    if (words.size() <= argv.size() && std::equal(words.begin(), words.end(), argv.begin()) &&
        words.size() > best_words) {
      best = &c;
      best_words = words.size();
    }
  }
  if (best == nullptr) {
    // A group name alone ("parktwin climate") or with --help lists its subcommands.
    bool is_group = false;
    for (const auto& c : commands) {
      is_group = is_group || c.spec.path.rfind(argv[0] + " ", 0) == 0;
    }
    if (is_group) {
      const bool asked = argv.size() > 1 && (argv[1] == "--help" || argv[1] == "-h");
      if (argv.size() > 1 && !asked) {
        throw UsageError("parktwin " + argv[0],
                         "unknown subcommand '" + argv[1] + "'\n\n" + overview(commands, argv[0]));
      }
      std::cout << overview(commands, argv[0]);
      return asked ? 0 : kExitUsage;
    }
    throw UsageError("parktwin", "unknown command '" + argv[0] + "' (see parktwin --help)");
  }
  const std::vector<std::string> rest(argv.begin() + static_cast<std::ptrdiff_t>(best_words),
                                      argv.end());
  const ParsedArgs args = parse(best->spec, rest);
  if (args.help()) {
    std::cout << help_text(best->spec);
    return 0;
  }
  return best->run(args, std::cout);
}

} // namespace
} // namespace parktwin::cli

namespace {

/// The exit code and message prefix of an error kind (only main() maps errors to codes).
std::pair<int, const char*> classify(const std::exception& e) {
  using namespace parktwin;
  if (dynamic_cast<const UsageError*>(&e) != nullptr) {
    return {cli::kExitUsage, "usage error"};
  }
  if (dynamic_cast<const InputError*>(&e) != nullptr) {
    return {cli::kExitInput, "error"};
  }
  if (dynamic_cast<const IoError*>(&e) != nullptr) {
    return {cli::kExitIo, "I/O error"};
  }
  if (dynamic_cast<const SolverError*>(&e) != nullptr) {
    return {cli::kExitSolver, "solver error"};
  }
  return {cli::kExitInternal, "internal error"};
}

} // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  const std::vector<std::string> args(argv + 1, argv + argc);
  try {
    const int code = parktwin::cli::run(args);
    std::cout.flush();
    return code;
  } catch (const std::exception& e) {
    std::cout.flush();
    const auto [code, kind] = classify(e);
    std::cerr << "parktwin: " << kind << ": " << e.what() << "\n";
    return code;
  }
}
