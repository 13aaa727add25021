// libFuzzer harness: the scenario-path parser of --vary and --set ("halls[*].air.supply_air_C").
#include "parktwin/common/error.hpp"
#include "parktwin/model/scenario_path.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    (void)parktwin::model::ScenarioPath::parse(text, "fuzz");
  } catch (const parktwin::Error&) {
  }
  return 0;
}
