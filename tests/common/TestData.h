#pragma once

#include <QJsonArray>
#include <QString>

#include <cstdint>
#include <vector>

namespace chexview::test {

/// tests/data of the checkout (real NIH images, DICOM files; see its README for provenance).
QString sharedData(const QString& relative = {});
/// The generated fixture folder (tests/tools/make_fixtures.py output).
QString fixture(const QString& relative = {});
/// Entries of fixture("manifest.json").
QJsonArray fixtureManifest();

struct RawImage
{
    int width = 0;
    int height = 0;
    std::vector<int32_t> values;
};
/// Reads a reference dump NAME.raw / NAME.json from the fixture folder.
RawImage loadReference(const QString& name);

/// Peak signal-to-noise ratio in dB for the given peak value; +inf when identical.
double psnr(const std::vector<int32_t>& a, const std::vector<int32_t>& b, double peak);
/// Largest absolute difference.
int32_t maxAbsDiff(const std::vector<int32_t>& a, const std::vector<int32_t>& b);

/// Whole file contents; throws std::runtime_error when it cannot be read (a test failure).
QByteArray readFile(const QString& path);
/// Creates or replaces a file; throws std::runtime_error when it cannot be written.
void writeFile(const QString& path, const QByteArray& bytes);

/// Writes small hand-made split lists into `dir` (train, val with 3 malformed lines, test as
/// .gz, alpha, zeta) whose statistics are worked out by hand in the tests.
void writeHandmadeLists(const QString& dir);

} // namespace chexview::test
