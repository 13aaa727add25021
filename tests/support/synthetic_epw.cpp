#include "synthetic_epw.hpp"

#include <cmath>
#include <cstdio>
#include <numbers>

namespace parktwin::test {

std::string synthetic_header() {
  return "LOCATION,Testville,Nowhere,XXX,Synthetic,999990,36.50,102.00,8.0,2150.0\n"
         "DESIGN CONDITIONS,0\n"
         "TYPICAL/EXTREME PERIODS,0\n"
         "GROUND TEMPERATURES,0\n"
         "HOLIDAYS/DAYLIGHT SAVINGS,No,0,0,0\n"
         "COMMENTS 1,Synthetic year made by the ParkTwin test suite\n"
         "COMMENTS 2,Not real weather\n"
         "DATA PERIODS,1,1,Data,Sunday, 1/ 1,12/31\n";
}

std::vector<SyntheticRow> synthetic_rows(bool leap) {
  static const int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  std::vector<SyntheticRow> rows;
  int doy = 0;
  for (int m = 1; m <= 12; ++m) {
    const int days = kDays[m - 1] + ((leap && m == 2) ? 1 : 0);
    for (int d = 1; d <= days; ++d, ++doy) {
      for (int h = 1; h <= 24; ++h) {
        const double pi = std::numbers::pi;
        const double T = 7.0 + 12.0 * std::sin(2 * pi * (doy - 110) / 365.0) +
                         5.0 * std::sin(2 * pi * (h - 9) / 24.0);
        const double ghi = std::max(0.0, 700.0 * std::sin(pi * (h - 6) / 13.0));
        char buf[512];
        std::snprintf(buf, sizeof buf,
                      "2005,%d,%d,%d,0,?9?9?9?9E0?9?9?9*9*9?9*9*9?9*9*9?9?9*9*_*9*9*9*9*9,%.1f,%.1f,"
                      "45,78500,9999,9999,250,%.0f,%.0f,%.0f,999900,999900,999900,99990,180,1.5,5,"
                      "5,999.0,99999,9,999999999,0,0.0000,0,88,999.000,999.0,99.0",
                      m, d, h, T, T - 9.0, ghi, ghi * 0.8, ghi * 0.3);
        SyntheticRow row{m, d, h, {}};
        std::string text = buf;
        std::size_t start = 0;
        while (true) {
          const std::size_t comma = text.find(',', start);
          row.fields.push_back(text.substr(start, comma - start));
          if (comma == std::string::npos) {
            break;
          }
          start = comma + 1;
        }
        rows.push_back(std::move(row));
      }
    }
  }
  return rows;
}

std::string to_epw_text(const std::vector<SyntheticRow>& rows, const std::string& header) {
  std::string out = header;
  for (const auto& r : rows) {
    for (std::size_t i = 0; i < r.fields.size(); ++i) {
      out += (i == 0 ? "" : ",") + r.fields[i];
    }
    out += '\n';
  }
  return out;
}

double synthetic_mean_db_C(const std::vector<SyntheticRow>& rows) {
  double sum = 0.0;
  for (const auto& r : rows) {
    sum += std::stod(r.fields[6]);
  }
  return sum / static_cast<double>(rows.size());
}

} // namespace parktwin::test
