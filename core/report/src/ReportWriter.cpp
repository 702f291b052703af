#include "chexview/report/ReportWriter.h"

#include <QFile>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>

#include <algorithm>

namespace chexview {

namespace {

// Layout in device pixels at 300 dpi on A4 (2480 x 3508).
constexpr int kDpi = 300;
constexpr int kMargin = 150;

// No shaping: ligatures ("ff" in "Effusion") would reach text extraction as one glyph.
QFont reportFont()
{
    QFont f(QStringLiteral("DejaVu Sans"));
    f.setStyleStrategy(QFont::PreferNoShaping);
    return f;
}

class Pen
{
public:
    Pen(QPainter& p, int width) : m_p(p), m_width(width) {}
    int y = kMargin;

    void text(const QString& s, int points, bool bold = false, const QColor& colour = Qt::black,
              int x = kMargin)
    {
        QFont f = reportFont();
        f.setPointSizeF(points);
        f.setBold(bold);
        m_p.setFont(f);
        m_p.setPen(colour);
        const QRect box(x, y, m_width - x - kMargin, 4000);
        const QRect used = m_p.boundingRect(box, Qt::TextWordWrap, s);
        m_p.drawText(box, Qt::TextWordWrap, s);
        y += used.height() + 12;
    }
    void band(const QString& s, const QColor& bg, const QColor& fg)
    {
        QFont f = reportFont();
        f.setPointSizeF(10);
        f.setBold(true);
        m_p.setFont(f);
        const int h = m_p.fontMetrics().height() + 30;
        m_p.fillRect(QRect(kMargin, y, m_width - 2 * kMargin, h), bg);
        m_p.setPen(fg);
        m_p.drawText(QRect(kMargin, y, m_width - 2 * kMargin, h), Qt::AlignCenter, s);
        y += h + 20;
    }

private:
    QPainter& m_p;
    int m_width;
};

} // namespace

bool ReportWriter::writePdf(const Content& c, const QString& path, QString* error)
{
    {
        QFile probe(path);
        if (!probe.open(QIODevice::WriteOnly)) {
            if (error)
                *error = probe.errorString();
            return false;
        }
    }
    QPdfWriter pdf(path);
    pdf.setPageSize(QPageSize(QPageSize::A4));
    pdf.setResolution(kDpi);
    pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
    pdf.setTitle(QStringLiteral("chexview report"));
    pdf.setCreator(QStringLiteral("chexview"));
    QPainter p;
    if (!p.begin(&pdf)) {
        if (error)
            *error = QObject::tr("cannot start the PDF");
        return false;
    }
    const int width = pdf.width();
    const int height = pdf.height();
    Pen pen(p, width);
    pen.text(QObject::tr("chexview — chest X-ray analysis report"), 16, true);
    pen.text(QObject::tr("Created %1").arg(c.created.toString(Qt::ISODate)), 9, false,
             QColor(80, 80, 80));
    pen.band(QObject::tr("NOT FOR CLINICAL USE — research, teaching and demonstration only"),
             QColor(122, 31, 31), Qt::white);
    if (!c.result.isEmpty() && !c.trained)
        pen.band(QObject::tr("UNTRAINED demo weights — the scores are meaningless"),
                 QColor(242, 194, 0), Qt::black);

    if (c.anonymized || c.identity.isEmpty())
        pen.text(QObject::tr("Patient: anonymized (identifying data withheld, DICOM PS3.15 basic "
                             "profile)"),
                 10, true);
    else
        pen.text(c.identity.join(QStringLiteral("\n")), 10);
    if (!c.imageSummary.isEmpty())
        pen.text(QObject::tr("Image: %1").arg(c.imageSummary), 9);
    if (!c.result.isEmpty()) {
        pen.text(
            QObject::tr("Model: %1 — %2 — ran %3 on %4%5")
                .arg(c.modelName,
                     c.trained ? QObject::tr("trained weights") : QObject::tr("untrained weights"),
                     c.result.precision, c.result.device.toUpper(),
                     c.result.tta ? QObject::tr(" with ten-crop TTA") : QString()),
            9);
        if (!c.provenance.isEmpty())
            pen.text(QObject::tr("Provenance: %1").arg(c.provenance), 8, false, QColor(60, 60, 60));
        if (!c.gate.isEmpty()) // a refused image scored anyway says so, in red
            pen.text(QObject::tr("Input gate: %1").arg(c.gate), 9, c.gate.startsWith("refuse"),
                     c.gate.startsWith("refuse") ? QColor(170, 30, 30) : QColor(60, 60, 60));
    } else {
        pen.text(QObject::tr("No analysis: no model scores in this report."), 9);
    }

    // Image (left) and findings table (right).
    const int top = pen.y + 20;
    const int tableWidth = 820;
    const QImage img = AnnotatedImage::render(c.image);
    const QRect imageBox(kMargin, top, width - 2 * kMargin - tableWidth - 40,
                         height - top - kMargin - 120);
    if (!img.isNull()) {
        const QSize fitted = img.size().scaled(imageBox.size(), Qt::KeepAspectRatio);
        p.drawImage(QRect(imageBox.topLeft(), fitted), img);
    }
    const int tx = width - kMargin - tableWidth;
    int ty = top;
    QFont f = reportFont();
    f.setPointSizeF(9);
    f.setBold(true);
    p.setFont(f);
    p.setPen(Qt::black);
    const int row = p.fontMetrics().height() + 14;
    const int cols[] = {tx, tx + 430, tx + 590, tx + 760};
    p.drawText(cols[0], ty + row - 14, QObject::tr("Finding"));
    p.drawText(cols[1], ty + row - 14, QObject::tr("Score"));
    p.drawText(cols[2], ty + row - 14, QObject::tr("Thr."));
    p.drawText(cols[3] - 20, ty + row - 14, QObject::tr("+"));
    ty += row;
    p.drawLine(tx, ty, tx + tableWidth, ty);
    for (int k = 0; k < c.result.labels.size() && !c.result.isEmpty(); ++k) {
        const bool positive = c.result.isPositive(k);
        f.setBold(positive);
        p.setFont(f);
        ty += row;
        p.drawText(cols[0], ty - 14, c.result.labels[k]);
        p.drawText(cols[1], ty - 14,
                   QString::number(double(c.result.probabilities[size_t(k)]), 'f', 3));
        p.drawText(cols[2], ty - 14, QString::number(c.result.thresholds[size_t(k)], 'f', 3));
        p.drawText(cols[3] - 20, ty - 14, positive ? QObject::tr("yes") : QObject::tr("no"));
    }
    f.setBold(false);
    if (!c.image.heatmapLabel.isEmpty()) { // also as text, not only in the image's legend
        f.setPointSizeF(8);
        p.setFont(f);
        p.drawText(QRect(tx, ty + 30, tableWidth, 300), Qt::TextWordWrap, c.image.heatmapLabel);
        ty += 30 +
              p.boundingRect(QRect(tx, 0, tableWidth, 300), Qt::TextWordWrap, c.image.heatmapLabel)
                  .height();
    }
    if (!c.measurements.isEmpty()) {
        f.setPointSizeF(8);
        f.setBold(true);
        p.setFont(f);
        p.setPen(Qt::black);
        ty += 40;
        p.drawText(QRect(tx, ty, tableWidth, row), Qt::AlignLeft, QObject::tr("Measurements"));
        ty += row;
        f.setBold(false);
        p.setFont(f);
        for (const QString& m : c.measurements) {
            const QRect used = p.boundingRect(QRect(tx, ty, tableWidth, 600), Qt::TextWordWrap, m);
            p.drawText(QRect(tx, ty, tableWidth, 600), Qt::TextWordWrap, m);
            ty += used.height() + 6;
        }
    }
    f.setPointSizeF(7);
    p.setFont(f);
    p.setPen(QColor(70, 70, 70));
    p.drawText(QRect(tx, ty + 40, tableWidth, 900), Qt::TextWordWrap,
               QObject::tr("Positive: score at or above the model's operating threshold. The "
                           "heatmap is the class activation map of the finding named under the "
                           "image, normalized to its maximum."));
    p.drawText(QRect(kMargin, height - kMargin - 60, width - 2 * kMargin, 80), Qt::AlignLeft,
               QObject::tr("chexview — not for clinical use. %1").arg(c.credit));
    p.end();
    return true;
}

} // namespace chexview
