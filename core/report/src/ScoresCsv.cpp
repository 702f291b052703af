#include "chexview/report/ScoresCsv.h"

#include <QTextStream>

#include <algorithm>

namespace chexview {

QString ScoresCsv::format(const AnalysisResult& r, bool anonymize)
{
    QString out;
    QTextStream t(&out);
    t << "# file," << (anonymize ? QStringLiteral("(anonymized)") : r.file) << "\n# model,"
      << r.model << (r.trained ? "" : " (untrained demo weights)") << "\n# precision,"
      << r.precision << "\n# device," << r.device << '\n';
    t << "finding,probability,threshold,positive\n";
    const size_t n =
        std::min({size_t(r.labels.size()), r.probabilities.size(), r.thresholds.size()});
    for (size_t k = 0; k < n; ++k)
        t << r.labels[qsizetype(k)] << ',' << QString::number(double(r.probabilities[k]), 'g', 6)
          << ',' << r.thresholds[k] << ',' << (r.isPositive(int(k)) ? 1 : 0) << '\n';
    return out;
}

} // namespace chexview
