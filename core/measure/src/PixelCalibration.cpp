#include "chexview/measure/PixelCalibration.h"

#include <QObject>

#include <cmath>
#include <optional>

namespace chexview {

namespace {

struct Pair
{
    double row;
    double col;
};

const DicomTagEntry* findTag(const ImageMetadata& meta, const char* tag)
{
    for (const DicomTagEntry& e : meta.tags)
        if (e.depth == 0 && e.tag == QLatin1String(tag))
            return &e;
    return nullptr;
}

bool plausibleSpacing(double v)
{
    return std::isfinite(v) && v > 1e-4 && v < 100.0; // mm per pixel
}

std::optional<Pair> spacing(const ImageMetadata& meta, const char* tag)
{
    const DicomTagEntry* e = findTag(meta, tag);
    if (!e)
        return std::nullopt;
    const QStringList parts = e->value.split(QLatin1Char('\\'));
    if (parts.size() != 2)
        return std::nullopt;
    bool okR = false, okC = false;
    const double r = parts[0].trimmed().toDouble(&okR);
    const double c = parts[1].trimmed().toDouble(&okC);
    if (!okR || !okC || !plausibleSpacing(r) || !plausibleSpacing(c))
        return std::nullopt;
    return Pair{r, c};
}

std::optional<double> magnificationFactor(const ImageMetadata& meta)
{
    const DicomTagEntry* e = findTag(meta, "(0018,1114)");
    if (!e)
        return std::nullopt;
    bool ok = false;
    const double m = e->value.trimmed().toDouble(&ok);
    if (!ok || !std::isfinite(m) || m < 0.5 || m > 5.0)
        return std::nullopt;
    return m;
}

bool close(const Pair& a, const Pair& b)
{
    auto near = [](double x, double y) { return std::abs(x - y) <= 1e-3 * std::max(x, y); };
    return near(a.row, b.row) && near(a.col, b.col);
}

QString text(const Pair& p)
{
    return QStringLiteral("%1\\%2").arg(p.row, 0, 'g', 6).arg(p.col, 0, 'g', 6);
}

} // namespace

PixelCalibration PixelCalibration::fromMetadata(const ImageMetadata& meta)
{
    PixelCalibration c;
    const std::optional<Pair> ps = spacing(meta, "(0028,0030)");
    const std::optional<Pair> ips = spacing(meta, "(0018,1164)");
    const std::optional<double> ermf = magnificationFactor(meta);
    if (ips && ermf && (!ps || close(*ps, *ips))) {
        c.source = Source::MagnificationCorrected;
        c.rowMm = ips->row / *ermf;
        c.colMm = ips->col / *ermf;
        c.magnification = *ermf;
    } else if (ps && (!ips || !close(*ps, *ips))) {
        c.source = Source::PixelSpacing;
        c.rowMm = ps->row;
        c.colMm = ps->col;
        if (ips) {
            const bool corrected = ermf && close(*ps, Pair{ips->row / *ermf, ips->col / *ermf});
            if (!corrected)
                c.notes << QObject::tr("Pixel Spacing %1 and Imager Pixel Spacing %2 disagree%3; "
                                       "Pixel Spacing is used")
                               .arg(text(*ps), text(*ips),
                                    ermf ? QObject::tr(" (also with the magnification factor "
                                                       "%1)")
                                               .arg(*ermf, 0, 'f', 3)
                                         : QString());
        }
    } else if (ips) {
        c.source = Source::ImagerPixelSpacing;
        c.rowMm = ips->row;
        c.colMm = ips->col;
    }
    if (!c.calibrated() && (findTag(meta, "(0028,0030)") || findTag(meta, "(0018,1164)")))
        c.notes << QObject::tr("the pixel spacing in the file is not usable: lengths in pixels");
    return c;
}

PixelCalibration PixelCalibration::fromOriginalSpacing(double xMm, double yMm, QSize original, QSize stored)
{
    PixelCalibration c;
    if (!plausibleSpacing(xMm) || !plausibleSpacing(yMm) || original.isEmpty() || stored.isEmpty())
        return c;
    c.source = Source::DataEntry;
    c.colMm = xMm * double(original.width()) / double(stored.width());
    c.rowMm = yMm * double(original.height()) / double(stored.height());
    c.notes << QObject::tr("Data_Entry OriginalImagePixelSpacing %1×%2 mm of the %3×%4 original, "
                           "scaled to the stored %5×%6")
                   .arg(xMm, 0, 'g', 4)
                   .arg(yMm, 0, 'g', 4)
                   .arg(original.width())
                   .arg(original.height())
                   .arg(stored.width())
                   .arg(stored.height());
    return c;
}

QString PixelCalibration::lengthUnit() const
{
    switch (source) {
    case Source::None:
        return QStringLiteral("px");
    case Source::PixelSpacing:
        return QStringLiteral("mm");
    case Source::ImagerPixelSpacing:
        return QObject::tr("mm at detector");
    case Source::MagnificationCorrected:
        return QObject::tr("mm (magnification %1 corrected)").arg(magnification, 0, 'f', 2);
    case Source::DataEntry:
        return QObject::tr("mm (Data_Entry)");
    }
    return QStringLiteral("px");
}

QString PixelCalibration::description() const
{
    switch (source) {
    case Source::None:
        return QObject::tr("No pixel spacing: lengths in pixels");
    case Source::PixelSpacing:
        return QObject::tr("Pixel Spacing (0028,0030)");
    case Source::ImagerPixelSpacing:
        return QObject::tr("Imager Pixel Spacing (0018,1164): at the detector, magnification "
                           "not corrected");
    case Source::MagnificationCorrected:
        return QObject::tr("Imager Pixel Spacing (0018,1164) divided by the Estimated "
                           "Radiographic Magnification Factor (0018,1114) %1")
            .arg(magnification, 0, 'f', 3);
    case Source::DataEntry:
        return QObject::tr("ChestX-ray14 Data_Entry OriginalImagePixelSpacing, scaled to the "
                           "stored size");
    }
    return {};
}

double PixelCalibration::length(QPointF a, QPointF b) const
{
    const QPointF d = physical(b) - physical(a);
    return std::hypot(d.x(), d.y());
}

} // namespace chexview
