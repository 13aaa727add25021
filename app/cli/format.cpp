#include "commands.hpp"

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

} // namespace parktwin::cli
