#include "parktwin/common/error.hpp"

#include <utility>

namespace parktwin {
namespace {
std::string compose(const std::string& where, const std::string& what) {
  return where.empty() ? what : where + ": " + what;
}

std::string join_problems(const std::vector<std::string>& problems, std::size_t total) {
  std::string out;
  for (const auto& p : problems) {
    if (!out.empty()) {
      out += '\n';
    }
    out += p;
  }
  if (total > problems.size()) {
    out += "\n... and " + std::to_string(total - problems.size()) + " more problem(s)";
  }
  return out;
}
} // namespace

Error::Error(std::string where, const std::string& what)
    : std::runtime_error(compose(where, what)), where_(std::move(where)), detail_(what) {}

Error::Error(std::string where, const std::string& what, Preformatted)
    : std::runtime_error(what), where_(std::move(where)), detail_(what) {}

InputErrors::InputErrors(std::string where, std::vector<std::string> problems, std::size_t total)
    : InputError(std::move(where), join_problems(problems, total), Preformatted{}),
      problems_(std::move(problems)), total_(total) {}

} // namespace parktwin
