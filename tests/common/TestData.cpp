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

} // namespace chexview::test
