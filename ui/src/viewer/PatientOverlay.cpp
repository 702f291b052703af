#include "chexview/ui/viewer/PatientOverlay.h"

#include "chexview/privacy/Anonymizer.h"

#include <QFontMetrics>
#include <QPainter>

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

void PatientOverlay::paint(QPainter& p, const QRect& area, const Corners& c)
{
    p.save();
    QFont font = p.font();
    font.setPointSizeF(std::max(8.0, font.pointSizeF()));
    p.setFont(font);
    const QFontMetrics fm(font);
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
