#include "chexview/ui/viewer/OrientationMarkers.h"

#include <QObject>
#include <QPointF>
#include <QStringList>
#include <QTransform>

#include <cmath>

namespace chexview {

namespace {

/// Patient Orientation's two values (row direction, column direction), or empty.
QStringList patientOrientation(const ImageMetadata& meta)
{
    for (const DicomTagEntry& e : meta.tags) {
        if (e.depth != 0 || (e.tag != QLatin1String("(0020,0020)") &&
                             e.keyword != QLatin1String("PatientOrientation")))
            continue;
        const QStringList parts = e.value.trimmed().split(QLatin1Char('\\'));
        if (parts.size() != 2)
            return {};
        QStringList out;
        for (const QString& p : parts) {
            const QString code = p.trimmed().toUpper();
            if (code.isEmpty() || code.size() > 3)
                return {};
            for (const QChar c : code)
                if (!QStringLiteral("LRAPHF").contains(c))
                    return {};
            out << code;
        }
        return out;
    }
    return {};
}

QPoint screenDirection(const QTransform& t, QPointF v)
{
    const QPointF s = t.map(v);
    return {int(std::lround(s.x())), int(std::lround(s.y()))};
}

} // namespace

QString OrientationMarkers::opposite(const QString& direction)
{
    QString out;
    for (const QChar c : direction) {
        switch (c.toLatin1()) {
        case 'L':
            out += QLatin1Char('R');
            break;
        case 'R':
            out += QLatin1Char('L');
            break;
        case 'A':
            out += QLatin1Char('P');
            break;
        case 'P':
            out += QLatin1Char('A');
            break;
        case 'H':
            out += QLatin1Char('F');
            break;
        case 'F':
            out += QLatin1Char('H');
            break;
        default:
            out += c;
        }
    }
    return out;
}

OrientationMarkers OrientationMarkers::compute(const ImageMetadata& meta, int quarterTurns,
                                               bool flipped)
{
    OrientationMarkers m;
    m.quarterTurns = ((quarterTurns % 4) + 4) % 4;
    m.flipped = flipped;
    QStringList rowCol = patientOrientation(meta);
    if (rowCol.isEmpty()) {
        rowCol = {QStringLiteral("L"), QStringLiteral("F")};
        m.assumed = true;
    }
    // The same linear part as ViewTransform::imageToWidget: flip first, then rotate.
    QTransform t;
    t.rotate(90.0 * m.quarterTurns);
    if (flipped)
        t.scale(-1.0, 1.0);
    const QPoint ex = screenDirection(t, {1.0, 0.0}); // where the image's +x (row) points
    const QPoint ey = screenDirection(t, {0.0, 1.0}); // where the image's +y (column) points
    auto towards = [&](QPoint d) {
        if (ex == d)
            return rowCol[0];
        if (ex == -d)
            return opposite(rowCol[0]);
        if (ey == d)
            return rowCol[1];
        return opposite(rowCol[1]);
    };
    m.right = towards({1, 0});
    m.left = towards({-1, 0});
    m.bottom = towards({0, 1});
    m.top = towards({0, -1});
    return m;
}

QString OrientationMarkers::statusText() const
{
    QString text = QStringLiteral("%1 ◂▸ %2 · %3 ▴▾ %4").arg(left, right, top, bottom);
    QStringList notes;
    if (flipped)
        notes << QObject::tr("flipped");
    if (quarterTurns != 0)
        notes << QObject::tr("rotated %1°").arg(90 * quarterTurns);
    if (assumed)
        notes << QObject::tr("assumed");
    if (!notes.isEmpty())
        text += QStringLiteral(" (%1)").arg(notes.join(QStringLiteral(", ")));
    return text;
}

} // namespace chexview
