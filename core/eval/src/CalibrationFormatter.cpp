#include "chexview/eval/CalibrationFormatter.h"

#include <QTextStream>

#include <cmath>

namespace chexview {

namespace {

QString fixed(double v, int decimals = 4)
{
    return std::isnan(v) ? QStringLiteral("n/a") : QString::number(v, 'f', decimals);
}

QString csvNumber(double v)
{
    return std::isnan(v) ? QString() : QString::number(v, 'g', 10);
}

} // namespace

QString CalibrationFormatter::table(const EvaluationReport& r)
{
    QString s;
    QTextStream t(&s);
    t << QStringLiteral("\nCalibration on %1 images (ECE: %2 equal-width bins, L1)\n")
             .arg(r.images)
             .arg(Calibration::kBins);
    t << QStringLiteral("%1 %2 %3 %4 %5\n")
             .arg(QStringLiteral("Finding"), -19)
             .arg(QStringLiteral("ECE"), 7)
             .arg(QStringLiteral("Brier"), 7)
             .arg(QStringLiteral("Mean p"), 7)
             .arg(QStringLiteral("Prev."), 7);
    for (const FindingMetrics& m : r.findings) {
        if (m.calibration.bins.empty())
            continue;
        double sumP = 0.0;
        int64_t n = 0;
        for (const ReliabilityBin& b : m.calibration.bins) {
            if (b.count == 0)
                continue;
            sumP += b.meanProbability * double(b.count);
            n += b.count;
        }
        const int64_t all = int64_t(m.positives) + m.negatives;
        t << QStringLiteral("%1 %2 %3 %4 %5\n")
                 .arg(m.finding, -19)
                 .arg(fixed(m.calibration.ece), 7)
                 .arg(fixed(m.calibration.brier), 7)
                 .arg(fixed(n ? sumP / double(n) : std::nan("")), 7)
                 .arg(fixed(all ? double(m.positives) / double(all) : std::nan("")), 7);
    }
    return s;
}

QString CalibrationFormatter::reliabilityCsv(const EvaluationReport& r)
{
    QString s = QStringLiteral("finding,bin_low,bin_high,count,mean_probability,"
                               "fraction_positive\n");
    for (const FindingMetrics& m : r.findings)
        for (const ReliabilityBin& b : m.calibration.bins)
            s += QStringLiteral("%1,%2,%3,%4,%5,%6\n")
                     .arg(m.finding, csvNumber(b.low), csvNumber(b.high))
                     .arg(b.count)
                     .arg(csvNumber(b.meanProbability), csvNumber(b.fractionPositive));
    return s;
}

} // namespace chexview
