#include "TestData.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <stdexcept>

namespace chexview::test {

QString sharedData(const QString& relative)
{
    return QDir::cleanPath(QDir(QStringLiteral(CHEXVIEW_SHARED_DATA)).filePath(relative));
}

QString fixture(const QString& relative)
{
    return QDir(QStringLiteral(CHEXVIEW_FIXTURES)).filePath(relative);
}

QJsonArray fixtureManifest()
{
    QFile f(fixture(QStringLiteral("manifest.json")));
    if (!f.open(QIODevice::ReadOnly))
        throw std::runtime_error("fixture manifest missing: run the fixture step (ctest does)");
    return QJsonDocument::fromJson(f.readAll()).array();
}

RawImage loadReference(const QString& name)
{
    QFile meta(fixture(name + QStringLiteral(".json")));
    QFile raw(fixture(name + QStringLiteral(".raw")));
    if (!meta.open(QIODevice::ReadOnly) || !raw.open(QIODevice::ReadOnly))
        throw std::runtime_error("reference missing: " + name.toStdString());
    const QJsonObject o = QJsonDocument::fromJson(meta.readAll()).object();
    RawImage r;
    r.width = o.value(QStringLiteral("width")).toInt();
    r.height = o.value(QStringLiteral("height")).toInt();
    const QByteArray bytes = raw.readAll();
    r.values.resize(size_t(bytes.size()) / 4);
    std::memcpy(r.values.data(), bytes.constData(), r.values.size() * 4); // little-endian host
    return r;
}

double psnr(const std::vector<int32_t>& a, const std::vector<int32_t>& b, double peak)
{
    if (a.size() != b.size() || a.empty())
        return 0.0;
    double sse = 0.0;
    for (size_t i = 0; i < a.size(); ++i) {
        const double d = double(a[i]) - double(b[i]);
        sse += d * d;
    }
    if (sse == 0.0)
        return std::numeric_limits<double>::infinity();
    return 10.0 * std::log10(peak * peak / (sse / double(a.size())));
}

int32_t maxAbsDiff(const std::vector<int32_t>& a, const std::vector<int32_t>& b)
{
    if (a.size() != b.size())
        return std::numeric_limits<int32_t>::max();
    int32_t m = 0;
    for (size_t i = 0; i < a.size(); ++i)
        m = std::max(m, std::abs(a[i] - b[i]));
    return m;
}

QByteArray readFile(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        throw std::runtime_error("cannot read " + path.toStdString());
    return f.readAll();
}

void writeFile(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(bytes) != bytes.size())
        throw std::runtime_error("cannot write " + path.toStdString());
}

void writeHandmadeLists(const QString& dir)
{
    auto write = [&](const QString& name, const QByteArray& text) {
        writeFile(QDir(dir).filePath(name), text);
    };
    write(QStringLiteral("train_list.txt"),
          "00000001_000.png 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n"
          "00000001_001.png 1 1 0 0 0 0 0 0 0 0 0 0 0 0\n"
          "00000002_000.png 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n"
          "00000003_000.png 0 0 1 0 0 0 0 0 0 0 0 0 0 1"); // no final newline
    write(QStringLiteral("val_list.txt"), "00000004_000.png 0 1 0 0 0 0 0 0 0 0 0 0 0 0\n"
                                          "00000004_001.png 0 1 0 0 0 0 0 0 0 0 0 0 0\n"
                                          "00000005_000.png 0 0 0 0 0 0 0 0 0 0 0 0 0 2\n"
                                          "00000004_000.png 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n"
                                          "00000006_000.png 0 0 0 0 0 0 1 0 0 0 0 0 0 0\n"
                                          "00000003_001.png 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n");
    write(QStringLiteral("zeta_list.txt"), "00000008_000.png 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n");
    write(QStringLiteral("alpha_list.txt"), "00000009_000.png 0 0 0 0 1 0 0 0 0 0 0 0 0 0\n");
    // test split gzip-compressed, produced by the gzip tool
    const QString plain = QDir(dir).filePath(QStringLiteral("test_list.txt"));
    write(QStringLiteral("test_list.txt"), "00000007_000.png 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n");
    if (std::system(("gzip -f " + plain.toStdString()).c_str()) != 0)
        throw std::runtime_error("gzip failed");
}

} // namespace chexview::test
