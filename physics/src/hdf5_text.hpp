#pragma once
// Text in ParkTwin's HDF5 files: variable-length UTF-8 strings, which h5py reads as str (not
// bytes) and which keep non-ASCII names (Chinese) intact (docs/results.md).

#include <H5Cpp.h>

#include <string>

namespace parktwin::physics {

/// A scalar attribute holding `value` as a variable-length UTF-8 string.
inline void string_attribute(H5::H5Object& obj, const std::string& name, const std::string& value) {
  H5::StrType type(H5::PredType::C_S1, H5T_VARIABLE);
  type.setCset(H5T_CSET_UTF8);
  H5::Attribute a = obj.createAttribute(name, type, H5::DataSpace(H5S_SCALAR));
  a.write(type, value);
}

} // namespace parktwin::physics
