#include "sweep_table.hpp"
#include "hdf5_image.hpp"
#include "hdf5_text.hpp"

#include "hdf5_lock.hpp"

#include "parktwin/common/atomic_file.hpp"
#include "parktwin/common/error.hpp"
#include "parktwin/common/sha256.hpp"
#include "parktwin/common/text.hpp"

#include <H5Cpp.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <limits>
#include <unordered_set>
#include <unistd.h>

namespace parktwin::physics::table {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

constexpr std::size_t kDigestChars = 16;

std::string digest(std::string_view text) { return sha256_hex(text).substr(0, kDigestChars); }

/// One column's values for the rows of a batch, then written into its HDF5 dataset.
struct ColumnBuffer {
  std::string name;
  std::string type; // real, integer, text
  std::string unit;
  H5::DataSet dataset;
  std::vector<double> reals;
  std::vector<long long> integers;
  std::vector<std::string> texts;
};

void text_dataset(H5::Group& g, const std::string& name, const std::string& text) {
  const hsize_t n = text.size();
  H5::DataSet d = g.createDataSet(name, H5::PredType::NATIVE_CHAR, H5::DataSpace(1, &n));
  if (n > 0) {
    d.write(text.data(), H5::PredType::NATIVE_CHAR);
  }
}

} // namespace

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) {
    return text;
  }
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') {
      out += '"';
    }
    out += c;
  }
  return out + "\"";
}

std::vector<std::string> csv_fields(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        cur += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cur += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.push_back(std::move(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  out.push_back(std::move(cur));
  return out;
}

std::string journal_line(const std::vector<std::string>& fields) {
  std::string text;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    // Journal fields never hold line breaks (a status message's are replaced).
    std::string f = fields[i];
    std::replace(f.begin(), f.end(), '\n', ' ');
    std::replace(f.begin(), f.end(), '\r', ' ');
    text += (i == 0 ? "" : ",") + csv_field(f);
  }
  return text + "," + digest(text) + "\n";
}

JournalIndex index_journal(const fs::path& file, const std::vector<std::string>& columns) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    return {};
  }
  return index_journal(in, file.string(), columns);
}

JournalIndex index_journal(std::istream& in, const std::string& name, const std::vector<std::string>& columns) {
  JournalIndex index;
  std::string line;
  std::uint64_t offset = 0;
  std::size_t line_no = 0;
  std::unordered_set<std::size_t> seen;
  while (std::getline(in, line)) {
    ++line_no;
    const bool terminated = !in.eof();
    const std::uint64_t start = offset;
    offset += line.size() + (terminated ? 1 : 0);
    index.file_bytes = offset;
    const auto comma = line.rfind(',');
    const bool intact = terminated && comma != std::string::npos &&
                        line.size() - comma - 1 == kDigestChars &&
                        digest(std::string_view(line).substr(0, comma)) == line.substr(comma + 1);
    if (!intact) {
      // A kill leaves only the last line cut short (one write() per line, and a resume cuts the
      // journal back before it appends). A bad line with others after it was changed after it
      // was written: the journal is damaged, and that is said with the line, never silently
      // dropped with everything after it (issue 12, item 12).
      if (std::getline(in, line)) {
        throw InputError(name + ":" + std::to_string(line_no),
                         "this line fails its check (it was changed after it was written) and more "
                         "lines follow: the journal is damaged; restore it, or remove the line to "
                         "run its variant again");
      }
      ++index.dropped_lines;
      index.file_bytes = offset;
      break;
    }
    auto fields = csv_fields(line.substr(0, comma));
    if (line_no == 1) {
      if (fields != columns) {
        throw InputError(name + ":1",
                         "the journal's columns differ from the sweep's (" +
                             std::to_string(fields.size()) + " vs " + std::to_string(columns.size()) +
                             "): it belongs to another sweep");
      }
      index.valid_bytes = offset;
      continue;
    }
    const auto variant = fields.size() == columns.size() ? parse_long(fields[0]) : std::nullopt;
    if (!variant || *variant < 0) {
      throw InputError(name + ":" + std::to_string(line_no),
                       "a journal line with " + std::to_string(fields.size()) + " fields (expected " +
                           std::to_string(columns.size()) + ") or no variant number");
    }
    // The variant numbers seen, in a set: a forged line numbering variant 10^15 must not size
    // an array (issue 12, item 12); the caller checks each against its sweep.
    const auto v = static_cast<std::size_t>(*variant);
    if (!seen.insert(v).second) {
      ++index.duplicate_lines;
    } else {
      index.rows.push_back({v, start, static_cast<std::uint32_t>(comma)});
    }
    index.valid_bytes = offset;
  }
  if (line_no == 0) {
    index.valid_bytes = 0;
  }
  return index;
}

std::vector<std::string> read_row(std::ifstream& in, const JournalRow& row) {
  std::string text(row.length, '\0');
  in.seekg(static_cast<std::streamoff>(row.offset));
  in.read(text.data(), row.length);
  if (!in) {
    throw IoError("journal", "cannot read a row at byte " + std::to_string(row.offset));
  }
  return csv_fields(text);
}

std::size_t write_summary(const fs::path& dir, const Json& manifest, const std::vector<Source>& sources) {
  struct Ref {
    std::size_t variant;
    std::size_t source;
    const JournalRow* row;
  };
  std::vector<Ref> refs;
  for (std::size_t s = 0; s < sources.size(); ++s) {
    for (const auto& r : sources[s].index.rows) {
      refs.push_back({r.variant, s, &r});
    }
  }
  std::sort(refs.begin(), refs.end(), [](const Ref& a, const Ref& b) { return a.variant < b.variant; });
  for (std::size_t i = 1; i < refs.size(); ++i) {
    if (refs[i].variant == refs[i - 1].variant) {
      throw InputError(sources[refs[i].source].journal.string(),
                       "variant " + std::to_string(refs[i].variant) + " appears in two journals");
    }
  }
  std::vector<std::ifstream> files;
  for (const auto& s : sources) {
    files.emplace_back(s.journal, std::ios::binary);
    if (!files.back()) {
      throw IoError(s.journal.string(), "cannot read");
    }
  }
  const auto& cols = manifest.at("columns");
  const std::size_t width = cols.size();
  const auto rows = static_cast<hsize_t>(refs.size());

  // CSV: streamed row by row into the safe writer (64 kB at a time).
  AtomicFile csv(dir / "summary.csv");
  std::string pending;
  constexpr std::size_t kCsvChunk = 1 << 16;
  std::string header;
  for (std::size_t c = 0; c < width; ++c) {
    header += (c == 0 ? "" : ",") + csv_field(cols[c].at("name").get<std::string>());
  }
  header += "\n";
  pending = header;

  // HDF5: one dataset per column, written in batches, in memory (hdf5_image.hpp).
  const std::lock_guard<std::mutex> lock(hdf5_mutex());
  AtomicFile h5_file(dir / "summary.h5");
  std::string image;
  constexpr std::size_t kBatch = 1024;
  try {
    H5::Exception::dontPrint();
    H5::H5File h5 = memory_hdf5_file((dir / "summary.h5").string());
    H5::Group meta = h5.createGroup("/meta");
    string_attribute(meta, "sweep_id", manifest.at("sweep_id").get<std::string>());
    string_attribute(meta, "program", "parktwin " + manifest.at("identity").value("program_version", std::string()));
    text_dataset(meta, "manifest_json", manifest.dump(2));
    H5::Group summary = h5.createGroup("/summary");
    string_attribute(summary, "description",
                     "One row per variant, sorted by variant; a dataset per column (see /meta/columns "
                     "for their order). Empty text or NaN: no value (variant invalid or failed, hall "
                     "not in service).");
    H5::StrType vlen(H5::PredType::C_S1, H5T_VARIABLE);
    vlen.setCset(H5T_CSET_UTF8);
    {
      // The column order.
      const hsize_t n = width;
      H5::DataSet order = meta.createDataSet("columns", vlen, H5::DataSpace(1, &n));
      std::vector<const char*> names;
      std::vector<std::string> keep;
      for (const auto& c : cols) {
        keep.push_back(c.at("name").get<std::string>());
      }
      for (const auto& k : keep) {
        names.push_back(k.c_str());
      }
      if (n > 0) {
        order.write(names.data(), vlen);
      }
    }
    std::vector<ColumnBuffer> buf(width);
    for (std::size_t c = 0; c < width; ++c) {
      auto& b = buf[c];
      b.name = cols[c].at("name").get<std::string>();
      b.type = cols[c].at("type").get<std::string>();
      b.unit = cols[c].at("unit").get<std::string>();
      H5::DSetCreatPropList props;
      if (rows > 0 && rows <= kBatch) {
        // A column of up to 1024 rows (8 KiB) is stored in the dataset's own header (compact
        // layout): a chunked one costs a chunk index and a chunk per column, 2.9 KiB a column
        // for a 4-variant park sweep of 1,375 columns (4.0 MB; compact: 1.1 MB).
        props.setLayout(H5D_COMPACT);
      } else if (rows > 0) {
        const hsize_t chunk = kBatch;
        props.setChunk(1, &chunk);
        props.setShuffle();
        props.setDeflate(1);
      }
      // Whole numbers that may be missing are stored as doubles (NaN when missing); the variant
      // number, always there, as a 64-bit integer.
      if (b.type == "integer" && c != 0) {
        b.type = "real";
      }
      const H5::DataType& type = b.type == "real"      ? static_cast<const H5::DataType&>(H5::PredType::NATIVE_DOUBLE)
                                 : b.type == "integer" ? static_cast<const H5::DataType&>(H5::PredType::NATIVE_LLONG)
                                                       : static_cast<const H5::DataType&>(vlen);
      b.dataset = summary.createDataSet(b.name, type, H5::DataSpace(1, &rows), props);
      string_attribute(b.dataset, "unit", b.unit);
    }
    hsize_t written = 0;
    const auto flush = [&] {
      if (buf.empty() || (buf[0].reals.empty() && buf[0].integers.empty() && buf[0].texts.empty())) {
        return;
      }
      const hsize_t count = buf[0].type == "real"      ? buf[0].reals.size()
                            : buf[0].type == "integer" ? buf[0].integers.size()
                                                       : buf[0].texts.size();
      H5::DataSpace mem(1, &count);
      for (auto& b : buf) {
        H5::DataSpace file_space = b.dataset.getSpace();
        file_space.selectHyperslab(H5S_SELECT_SET, &count, &written);
        if (b.type == "real") {
          b.dataset.write(b.reals.data(), H5::PredType::NATIVE_DOUBLE, mem, file_space);
          b.reals.clear();
        } else if (b.type == "integer") {
          b.dataset.write(b.integers.data(), H5::PredType::NATIVE_LLONG, mem, file_space);
          b.integers.clear();
        } else {
          std::vector<const char*> p;
          for (const auto& t : b.texts) {
            p.push_back(t.c_str());
          }
          b.dataset.write(p.data(), vlen, mem, file_space);
          b.texts.clear();
        }
      }
      written += count;
    };
    std::string line;
    for (const auto& ref : refs) {
      const auto fields = read_row(files[ref.source], *ref.row);
      if (fields.size() != width) {
        throw InputError(sources[ref.source].journal.string(),
                         "variant " + std::to_string(ref.variant) + " has " +
                             std::to_string(fields.size()) + " fields, not " + std::to_string(width));
      }
      line.clear();
      for (std::size_t c = 0; c < width; ++c) {
        line += (c == 0 ? "" : ",") + csv_field(fields[c]);
        auto& b = buf[c];
        if (b.type == "real") {
          const auto x = fields[c].empty() ? std::nullopt : parse_double(fields[c]);
          b.reals.push_back(x ? *x : std::numeric_limits<double>::quiet_NaN());
        } else if (b.type == "integer") {
          const auto x = fields[c].empty() ? std::nullopt : parse_long(fields[c]);
          b.integers.push_back(x ? *x : std::numeric_limits<long long>::min());
        } else {
          b.texts.push_back(fields[c]);
        }
      }
      line += "\n";
      pending += line;
      if (pending.size() >= kCsvChunk) {
        csv.write(pending);
        pending.clear();
      }
      if ((buf[0].reals.size() + buf[0].integers.size() + buf[0].texts.size()) >= kBatch) {
        flush();
      }
    }
    flush();
    image = hdf5_image(h5, dir / "summary.h5");
    h5.close();
  } catch (const H5::Exception& e) {
    throw IoError((dir / "summary.h5").string(), "HDF5 error: " + e.getDetailMsg());
  }
  csv.write(pending);
  h5_file.write(image);
  csv.commit();
  h5_file.commit();
  return refs.size();
}

} // namespace parktwin::physics::table
