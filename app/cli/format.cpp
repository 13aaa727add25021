#include "commands.hpp"

#include "parktwin/common/error.hpp"

#include <cstdio>

namespace parktwin::cli {

std::string fixed(double x, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, x);
  std::string s = buf;
  // Avoid printing "-0.0".
  if (s.size() > 1 && s[0] == '-' && s.find_first_not_of("-0.") == std::string::npos) {
    s.erase(0, 1);
  }
  return s;
}

std::string signed_fixed(double x, int digits) {
  std::string s = fixed(x, digits);
  return (s[0] == '-' ? "" : "+") + s;
}

std::string pad_right(std::string s, std::size_t width) {
  std::size_t cols = 0;
  for (unsigned char ch : s) {
    cols += (ch & 0xC0U) != 0x80U ? 1 : 0; // count lead bytes only
  }
  if (cols < width) {
    s.append(width - cols, ' ');
  }
  return s;
}

std::string pad_left(const std::string& s, std::size_t width) {
  return s.size() >= width ? s : std::string(width - s.size(), ' ') + s;
}

const model::Stage& choose_stage(const model::Park& park, const std::optional<std::string>& wanted,
                                 int horizon_year) {
  if (!wanted) {
    const model::Stage* chosen = &park.stages.back();
    for (const auto& s : park.stages) {
      if (s.year <= horizon_year) {
        chosen = &s;
      }
    }
    return *chosen;
  }
  for (const auto& s : park.stages) {
    if (s.id == *wanted || std::to_string(s.year) == *wanted) {
      return s;
    }
  }
  std::string list;
  for (const auto& s : park.stages) {
    list += (list.empty() ? "" : ", ") + s.id;
  }
  throw UsageError("--stage", "no stage '" + *wanted + "' in this scenario (stages: " + list + ")");
}

} // namespace parktwin::cli
