// libFuzzer harness: the sweep journal reader (resume and merge read it; a kill, a disk fault or
// a hand edit may leave anything in it).
#include "../../physics/src/sweep_table.hpp"

#include "parktwin/common/error.hpp"

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  try {
    const auto index = parktwin::physics::table::index_journal(in, "journal.csv", {"variant", "valid", "PUE"});
    (void)index.rows.size();
  } catch (const parktwin::Error&) {
  }
  return 0;
}
