// Compares a picture with its baseline by a perceptual score: the mean structural similarity
// (SSIM, Wang et al. 2004) of the luminance over 8 x 8 windows, 1 for identical pictures.
//
//   image_compare <new.png> <baseline.png> <threshold>
//
// Prints the score; exits 0 if it reaches the threshold, 1 if not, 2 on bad input.

#include <QGuiApplication>
#include <QImage>

#include <cmath>
#include <cstdio>
#include <vector>

namespace {

std::vector<double> luminance(const QImage& img) {
  std::vector<double> y(static_cast<std::size_t>(img.width()) * img.height());
  for (int j = 0; j < img.height(); ++j) {
    for (int i = 0; i < img.width(); ++i) {
      const QRgb c = img.pixel(i, j);
      y[static_cast<std::size_t>(j) * img.width() + i] = 0.299 * qRed(c) + 0.587 * qGreen(c) + 0.114 * qBlue(c);
    }
  }
  return y;
}

} // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: image_compare <new.png> <baseline.png> <threshold>\n");
    return 2;
  }
  const QImage a(QString::fromLocal8Bit(argv[1])), b(QString::fromLocal8Bit(argv[2]));
  if (a.isNull() || b.isNull()) {
    std::fprintf(stderr, "image_compare: cannot read %s\n", a.isNull() ? argv[1] : argv[2]);
    return 2;
  }
  if (a.size() != b.size()) {
    std::printf("sizes differ: %dx%d vs %dx%d\n", a.width(), a.height(), b.width(), b.height());
    return 1;
  }
  const auto ya = luminance(a), yb = luminance(b);
  constexpr int kWin = 8;
  constexpr double c1 = (0.01 * 255) * (0.01 * 255), c2 = (0.03 * 255) * (0.03 * 255);
  double total = 0.0;
  int windows = 0;
  for (int j = 0; j + kWin <= a.height(); j += kWin) {
    for (int i = 0; i + kWin <= a.width(); i += kWin) {
      double ma = 0, mb = 0;
      for (int y = j; y < j + kWin; ++y) {
        for (int x = i; x < i + kWin; ++x) {
          ma += ya[static_cast<std::size_t>(y) * a.width() + x];
          mb += yb[static_cast<std::size_t>(y) * a.width() + x];
        }
      }
      const double n = kWin * kWin;
      ma /= n;
      mb /= n;
      double va = 0, vb = 0, cov = 0;
      for (int y = j; y < j + kWin; ++y) {
        for (int x = i; x < i + kWin; ++x) {
          const double da = ya[static_cast<std::size_t>(y) * a.width() + x] - ma;
          const double db = yb[static_cast<std::size_t>(y) * a.width() + x] - mb;
          va += da * da;
          vb += db * db;
          cov += da * db;
        }
      }
      va /= n - 1;
      vb /= n - 1;
      cov /= n - 1;
      total += ((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma * ma + mb * mb + c1) * (va + vb + c2));
      ++windows;
    }
  }
  const double score = windows > 0 ? total / windows : 1.0;
  const double threshold = std::atof(argv[3]);
  std::printf("SSIM %.5f (threshold %.5f)\n", score, threshold);
  return score >= threshold ? 0 : 1;
}
