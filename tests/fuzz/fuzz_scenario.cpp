// libFuzzer harness: the scenario reader and validator (JSON text -> schema -> rules -> Park).
#include "parktwin/common/error.hpp"
#include "parktwin/model/scenario.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const auto s = parktwin::model::Scenario::parse(text, "fuzz.json");
    (void)s.to_text();
  } catch (const parktwin::Error&) {
  }
  return 0;
}
