// libFuzzer harness: the EPW reader (docs/dev/02-testing.md, "Fuzzing"). Any input must end in a
// value or a parktwin::Error; anything else (a crash, a sanitizer report, another exception)
// is a finding.
#include "parktwin/climate/epw.hpp"
#include "parktwin/common/error.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const auto year = parktwin::climate::parse_epw(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.epw");
    (void)year.hours();
  } catch (const parktwin::Error&) {
  }
  return 0;
}
