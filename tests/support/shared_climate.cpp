#include "shared_climate.hpp"

#include "parktwin/climate/catalog.hpp"

#include <cstdlib>
#include <cstring>

namespace parktwin::test {

std::optional<std::filesystem::path> shared_climate_dir() {
  const auto dir = climate::resolve_climate_dir(std::nullopt);
  std::error_code ec;
  if (std::filesystem::exists(dir / "CHN_Qinghai.Xining.528660_CSWD.epw", ec)) {
    return dir;
  }
  return std::nullopt;
}

bool in_ci() {
  const char* ci = std::getenv("CI");
  return ci != nullptr && std::strcmp(ci, "true") == 0;
}

} // namespace parktwin::test
