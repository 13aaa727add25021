#pragma once
// HDF5 files built in memory (the core driver, no backing store) and written by the project's
// one safe writer (common/atomic_file.hpp): HDF5 itself never touches the disk, so a full disk,
// a kill or a planted link cannot leave a half-written file, and every write's error is checked
// in one place (issue 12).

#include "parktwin/common/atomic_file.hpp"
#include "parktwin/common/error.hpp"

#include <H5Cpp.h>

#include <filesystem>
#include <string>

namespace parktwin::physics {

/// A new, empty HDF5 file held in memory (grows in 4 MiB steps). `name` only labels it.
inline H5::H5File memory_hdf5_file(const std::string& name) {
  H5::FileAccPropList fapl;
  fapl.setCore(std::size_t{4} << 20, false);
  return H5::H5File(name, H5F_ACC_TRUNC, H5::FileCreatPropList::DEFAULT, fapl);
}

/// The file's bytes, after a flush; the file stays open.
inline std::string hdf5_image(H5::H5File& file, const std::filesystem::path& target) {
  file.flush(H5F_SCOPE_GLOBAL);
  const ssize_t n = H5Fget_file_image(file.getId(), nullptr, 0);
  if (n <= 0) {
    throw IoError(target.string(), "HDF5 could not give the file's image");
  }
  std::string image(static_cast<std::size_t>(n), '\0');
  if (H5Fget_file_image(file.getId(), image.data(), image.size()) != n) {
    throw IoError(target.string(), "HDF5 could not give the file's image");
  }
  return image;
}

} // namespace parktwin::physics
