#pragma once
// Where the tests find the real climate files (../shared/climate beside the checkout, or
// $PARKTWIN_CLIMATE_DIR). Outside CI a missing folder skips the test that needs it; in CI
// (CI=true) it fails, so that a missing data folder can never pass silently.

#include <QString>
#include <filesystem>
#include <optional>

namespace parktwin::test {

/// The climate folder if it holds the Xining file, else nullopt.
std::optional<std::filesystem::path> shared_climate_dir();

/// True when running in CI (the CI environment variable is "true").
bool in_ci();

} // namespace parktwin::test

/// Use at the top of a test function that needs the real climate files.
#define PARKTWIN_REQUIRE_SHARED_CLIMATE(dir_var)                                                   \
  const auto dir_var##_opt = parktwin::test::shared_climate_dir();                                 \
  if (!dir_var##_opt) {                                                                            \
    if (parktwin::test::in_ci())                                                                   \
      QFAIL("the climate folder ../shared/climate is missing in CI");                              \
    QSKIP("the climate folder ../shared/climate is not present on this machine");                  \
  }                                                                                                \
  const std::filesystem::path dir_var = *dir_var##_opt
