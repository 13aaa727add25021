#pragma once
// Debian's HDF5 is built without thread safety: every use of the library in this process takes
// this lock (results files of parallel sweep variants, sweep summaries).

#include <mutex>

namespace parktwin::physics {
std::mutex& hdf5_mutex();
} // namespace parktwin::physics
