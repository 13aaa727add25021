#pragma once
// Numbers for people (issue 13): about four significant digits, thousands grouped, never
// e-notation ("815,790,000" rather than 8.1579e+08, "1.092", "0.0031").

#include <QLocale>
#include <QString>

#include <cmath>

namespace parktwin::studio {

inline QString human_number(double x, const QLocale& locale = QLocale(QLocale::English)) {
  if (!std::isfinite(x)) {
    return QStringLiteral("-");
  }
  if (x == 0.0) {
    return QStringLiteral("0");
  }
  const int magnitude = static_cast<int>(std::floor(std::log10(std::abs(x))));
  const int decimals = std::clamp(3 - magnitude, 0, 6);
  QString s = locale.toString(x, 'f', decimals);
  if (decimals > 0) {
    // No trailing zeros after the point ("1.500" -> "1.5"), and no lone point.
    const QChar point = locale.decimalPoint().front();
    while (s.endsWith('0')) {
      s.chop(1);
    }
    if (s.endsWith(point)) {
      s.chop(1);
    }
  }
  return s;
}

/// A difference with its sign: "+73", "-0.004", "0".
inline QString signed_number(double x, const QLocale& locale = QLocale(QLocale::English)) {
  const QString s = human_number(x, locale);
  return x > 0.0 ? QStringLiteral("+") + s : s;
}

} // namespace parktwin::studio
