#include "chexview/ui/evaluation/EvaluationReportPdf.h"

#include "chexview/ui/evaluation/PaintedChart.h"

#include <QDateTime>
#include <QFile>
#include <QPainter>
#include <QPdfWriter>
#include <QWidget>

#include <cmath>

namespace chexview {

namespace {

constexpr int kDpi = 300;
constexpr int kMargin = 150;

QString num(double v, int d = 3)
{
    return std::isnan(v) ? QStringLiteral("n/a") : QString::number(v, 'f', d);
}

// Rows of text in columns, one line each, advancing y.
void tableRows(QPainter& p, int& y, int left, const std::vector<int>& widths,
               const std::vector<QStringList>& rows, int pointSize)
{
    QFont f = p.font();
    f.setPointSize(pointSize);
    for (size_t r = 0; r < rows.size(); ++r) {
        f.setBold(r == 0);
        p.setFont(f);
        const int h = QFontMetrics(f, p.device()).height();
        int x = left;
        for (int c = 0; c < rows[r].size() && size_t(c) < widths.size(); ++c) {
            p.drawText(QRect(x, y, widths[size_t(c)], h), Qt::AlignLeft | Qt::AlignVCenter,
                       rows[r][c]);
            x += widths[size_t(c)];
        }
        y += h + 4;
    }
}

void heading(QPainter& p, int& y, int width, const QString& text, int pointSize, bool bold)
{
    QFont f = p.font();
    f.setPointSize(pointSize);
    f.setBold(bold);
    p.setFont(f);
    const QRect r =
        p.boundingRect(QRect(kMargin, y, width - 2 * kMargin, 10000), Qt::TextWordWrap, text);
    p.drawText(r, Qt::TextWordWrap, text);
    y += r.height() + 20;
}

} // namespace

bool EvaluationReportPdf::write(const Content& c, const QString& path, QString* error)
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
    pdf.setTitle(c.title);
    pdf.setCreator(QStringLiteral("chexview"));
    QPainter p;
    if (!p.begin(&pdf)) {
        if (error)
            *error = QObject::tr("cannot start the PDF");
        return false;
    }
    const int width = pdf.width(), height = pdf.height();
    int y = kMargin;
    heading(p, y, width, c.title, 16, true);
    heading(p, y, width,
            QObject::tr("%1 — created %2")
                .arg(c.source, QDateTime::currentDateTimeUtc().toString(Qt::ISODate)),
            9, false);
    if (c.report) {
        const EvaluationReport& r = *c.report;
        heading(p, y, width,
                QObject::tr("%1 images, %2 patients; threshold %3; 95% CIs from %4 patient "
                            "resamples (seed %5); mean AUROC %6 over %7 findings. ECE: %8 "
                            "equal-width bins, L1; Brier: mean (p − y)².")
                    .arg(r.images)
                    .arg(r.patients)
                    .arg(r.options.threshold.describe())
                    .arg(r.options.bootstrap)
                    .arg(r.options.seed)
                    .arg(num(r.meanAuroc, 4))
                    .arg(r.meanOver)
                    .arg(Calibration::kBins),
                9, false);
        std::vector<QStringList> rows{{QObject::tr("Finding"), QObject::tr("AUROC [95% CI]"),
                                       QObject::tr("AP"), QObject::tr("Pos"), QObject::tr("Sens"),
                                       QObject::tr("Spec"), QObject::tr("ECE"),
                                       QObject::tr("Brier")}};
        for (const FindingMetrics& m : r.findings)
            rows.push_back({m.finding,
                            m.computable
                                ? QStringLiteral("%1 [%2, %3]")
                                      .arg(num(m.auroc, 4), num(m.ciLow, 4), num(m.ciHigh, 4))
                                : QObject::tr("n/a (%1)").arg(m.reason),
                            num(m.averagePrecision), QString::number(m.positives),
                            num(m.counts.sensitivity()), num(m.counts.specificity()),
                            num(m.calibration.ece, 4), num(m.calibration.brier, 4)});
        tableRows(p, y, kMargin, {460, 620, 170, 140, 180, 180, 200, 200}, rows, 9);
    }
    if (c.expert) {
        y += 40;
        heading(p, y, width,
                QObject::tr("Against the radiologists' labels: %1 images (%2 patients)")
                    .arg(c.expert->images)
                    .arg(c.expert->patients),
                11, true);
        std::vector<QStringList> rows{{QObject::tr("Finding"), QObject::tr("Model score"),
                                       QObject::tr("N"), QObject::tr("AUROC [95% CI]"),
                                       QObject::tr("vs NIH"), QObject::tr("NIH agr."),
                                       QObject::tr("kappa")}};
        for (const ExpertFinding& f : c.expert->findings)
            rows.push_back({f.finding, f.mapping, QString::number(f.images),
                            f.computable
                                ? QStringLiteral("%1 [%2, %3]")
                                      .arg(num(f.auroc, 4), num(f.ciLow, 4), num(f.ciHigh, 4))
                                : QObject::tr("n/a"),
                            num(f.aurocNih, 4), num(f.percentAgreement), num(f.kappa)});
        tableRows(p, y, kMargin, {380, 620, 120, 560, 180, 180, 140}, rows, 8);
    }
    // Page 2: the charts, two per row.
    pdf.newPage();
    const int w = (width - 3 * kMargin) / 2, h = w * 2 / 3;
    auto chart = [&](const PaintedChart* chart, QWidget* widget, int col, int row) {
        const QRect box(kMargin + col * (w + kMargin), kMargin + row * (h + kMargin), w, h);
        if (box.bottom() > height - kMargin)
            return;
        if (chart) {
            // Draw at screen-like logical size, scaled into the box: fonts stay in proportion.
            p.save();
            p.translate(box.topLeft());
            const double s = double(w) / 900.0;
            p.scale(s, s);
            QFont f = p.font();
            f.setPixelSize(14);
            p.setFont(f);
            chart->paintChart(p, QRectF(0, 0, 900, 600));
            p.restore();
        } else if (widget) {
            const QSize size(900, 600);
            QImage img(size * 2, QImage::Format_ARGB32);
            img.setDevicePixelRatio(2.0);
            img.fill(Qt::white);
            const QSize old = widget->size();
            widget->resize(size);
            widget->render(&img);
            widget->resize(old);
            p.drawImage(box, img);
        }
    };
    chart(nullptr, c.roc, 0, 0);
    chart(c.reliability, nullptr, 1, 0);
    if (c.forest)
        chart(c.forest, nullptr, 0, 1);
    p.end();
    return true;
}

} // namespace chexview
