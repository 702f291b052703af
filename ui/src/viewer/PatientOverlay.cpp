#include "chexview/ui/viewer/PatientOverlay.h"

#include "chexview/privacy/Anonymizer.h"

#include <QFontMetrics>
#include <QPainter>

#include <algorithm>

namespace chexview {

namespace {

void addIf(QStringList& list, const QString& value, const QString& prefix = {})
{
    if (!value.isEmpty())
        list << prefix + value;
}

} // namespace

PatientOverlay::Corners PatientOverlay::compose(const ImageMetadata& meta, bool anonymize,
                                                const QString& windowText, const QString& zoomText,
                                                int frames)
{
    // Anonymized, everything below reads the de-identified copy (sex and age are retained).
    const ImageMetadata m = anonymize ? Anonymizer::anonymize(meta) : meta;
    Corners c;
    if (anonymize)
        c.topLeft << QStringLiteral("Anonymized");
    addIf(c.topLeft, m.patientName);
    addIf(c.topLeft, m.patientId, QStringLiteral("ID: "));
    QStringList sexAge;
    addIf(sexAge, m.patientSex);
    addIf(sexAge, m.patientAge);
    if (!sexAge.isEmpty())
        c.topLeft << sexAge.join(QStringLiteral(" / "));
    addIf(c.topRight, m.studyDate);
    addIf(c.topRight, m.studyDescription);
    QStringList acq;
    addIf(acq, m.modality);
    addIf(acq, m.viewPosition);
    addIf(acq, m.bodyPart);
    if (!acq.isEmpty())
        c.topRight << acq.join(QLatin1Char(' '));
    if (c.topRight.isEmpty())
        c.topRight << m.format;
    if (frames > 1)
        c.topRight << QStringLiteral("Frame 1 of %1").arg(frames);
    c.bottomLeft << windowText;
    c.bottomRight << zoomText;
    return c;
}

PatientOverlay::Corners PatientOverlay::elided(const Corners& c, const QFontMetrics& fm, int width)
{
    constexpr int margin = 8;
    auto widest = [&fm](const QStringList& lines) {
        int w = 0;
        for (const QString& l : lines)
            w = std::max(w, fm.horizontalAdvance(l));
        return w;
    };
    auto fit = [&fm](const QStringList& lines, int room) {
        QStringList out;
        for (const QString& l : lines)
            out << fm.elidedText(l, Qt::ElideRight, std::max(room, 20));
        return out;
    };
    // A line longer than its room is elided with "…" instead of running under the opposite
    // corner or off the edge: a right corner keeps up to half the width (zoom, modality), the
    // left one gets the rest.
    const int full = width - 2 * margin;
    // (+2: elidedText measures a little wider than horizontalAdvance at some sizes.)
    const int topRight = std::min(widest(c.topRight) + 2, full / 2);
    const int bottomRight = std::min(widest(c.bottomRight) + 2, full / 2);
    Corners out;
    out.topLeft = fit(c.topLeft, full - topRight - 3 * margin);
    out.topRight = fit(c.topRight, topRight);
    out.bottomLeft = fit(c.bottomLeft, full - bottomRight - 3 * margin);
    out.bottomRight = fit(c.bottomRight, bottomRight);
    return out;
}

void PatientOverlay::paint(QPainter& p, const QRect& area, const Corners& corners)
{
    p.save();
    QFont font = p.font();
    if (font.pointSizeF() > 0) // a pixel-sized font (presentation mode) keeps its size
        font.setPointSizeF(std::max(8.0, font.pointSizeF()));
    p.setFont(font);
    const QFontMetrics fm(font);
    const Corners c = elided(corners, fm, area.width());
    const int lh = fm.height();
    const int margin = 8;
    auto draw = [&](const QStringList& lines, bool right, bool bottom) {
        for (int i = 0; i < lines.size(); ++i) {
            const int row = bottom ? lines.size() - 1 - i : i;
            const int y = bottom ? area.bottom() - margin - (row + 1) * lh + fm.ascent()
                                 : area.top() + margin + row * lh + fm.ascent();
            const int w = fm.horizontalAdvance(lines[i]);
            const int x = right ? area.right() - margin - w : area.left() + margin;
            p.setPen(QColor(0, 0, 0, 200));
            p.drawText(x + 1, y + 1, lines[i]);
            p.setPen(QColor(235, 235, 160));
            p.drawText(x, y, lines[i]);
        }
    };
    draw(c.topLeft, false, false);
    draw(c.topRight, true, false);
    draw(c.bottomLeft, false, true);
    draw(c.bottomRight, true, true);
    p.restore();
}

} // namespace chexview
