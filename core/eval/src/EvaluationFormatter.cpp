#include "chexview/eval/EvaluationFormatter.h"

#include "chexview/eval/ErrorRanking.h"

#include <QJsonArray>
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
    if (std::isnan(v))
        return {};
    if (std::isinf(v))
        return v > 0 ? QStringLiteral("inf") : QStringLiteral("-inf");
    return QString::number(v, 'g', 10);
}

QJsonValue jsonNumber(double v)
{
    return std::isfinite(v) ? QJsonValue(v) : QJsonValue(QJsonValue::Null);
}

// The non-empty bins of the reliability diagram: [low, high), count, mean p, fraction positive.
QJsonArray reliabilityJson(const CalibrationMetrics& c)
{
    QJsonArray out;
    for (const ReliabilityBin& b : c.bins)
        if (b.count > 0)
            out.append(QJsonObject{{QStringLiteral("bin"), QJsonArray{b.low, b.high}},
                                   {QStringLiteral("count"), qint64(b.count)},
                                   {QStringLiteral("mean_probability"), b.meanProbability},
                                   {QStringLiteral("fraction_positive"), b.fractionPositive}});
    return out;
}

QJsonArray names(const QStringList& l)
{
    return QJsonArray::fromStringList(l);
}

} // namespace

QStringList EvaluationFormatter::matchLines(const MatchReport& m)
{
    QStringList out;
    auto examples = [](const QStringList& l, int n) {
        return l.isEmpty()
                   ? QString()
                   : QStringLiteral(": %1%2").arg(l.join(QStringLiteral(", ")),
                                                  n > l.size() ? QStringLiteral(", …") : QString());
    };
    if (m.predictionsWithoutLabels)
        out << QStringLiteral("%1 predicted images have no label%2")
                   .arg(m.predictionsWithoutLabels)
                   .arg(examples(m.predictionsWithoutLabelsExamples, m.predictionsWithoutLabels));
    if (m.labelsWithoutPredictions)
        out << QStringLiteral("%1 labelled images have no prediction%2")
                   .arg(m.labelsWithoutPredictions)
                   .arg(examples(m.labelsWithoutPredictionsExamples, m.labelsWithoutPredictions));
    if (m.duplicates)
        out << QStringLiteral("%1 duplicate prediction rows left out").arg(m.duplicates);
    if (!m.unknownColumns.isEmpty())
        out << QStringLiteral("unknown prediction columns ignored: %1")
                   .arg(m.unknownColumns.join(QStringLiteral(", ")));
    if (!m.missingFindings.isEmpty())
        out << QStringLiteral("no prediction column for: %1")
                   .arg(m.missingFindings.join(QStringLiteral(", ")));
    for (const QString& p : m.problems)
        out << p;
    return out;
}

QString EvaluationFormatter::table(const EvaluationReport& r)
{
    QString s;
    QTextStream t(&s);
    t << QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8 %9")
             .arg(QStringLiteral("Finding"), -19)
             .arg(QStringLiteral("AUROC"), 6)
             .arg(QStringLiteral("95% CI"), -16)
             .arg(QStringLiteral("AP"), 6)
             .arg(QStringLiteral("Pos"), 5)
             .arg(QStringLiteral("Neg"), 5)
             .arg(QStringLiteral("Thresh"), 6)
             .arg(QStringLiteral("Sens"), 6)
             .arg(QStringLiteral("Spec"), 6)
      << QStringLiteral(" %1 %2 %3 %4 %5 %6 %7\n")
             .arg(QStringLiteral("PPV"), 6)
             .arg(QStringLiteral("NPV"), 6)
             .arg(QStringLiteral("F1"), 6)
             .arg(QStringLiteral("TP"), 5)
             .arg(QStringLiteral("FP"), 5)
             .arg(QStringLiteral("TN"), 5)
             .arg(QStringLiteral("FN"), 5);
    for (const FindingMetrics& m : r.findings) {
        const QString ci = std::isnan(m.ciLow)
                               ? QString()
                               : QStringLiteral("[%1, %2]").arg(fixed(m.ciLow), fixed(m.ciHigh));
        t << QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8 %9")
                 .arg(m.finding, -19)
                 .arg(m.computable ? fixed(m.auroc) : QStringLiteral("n/a"), 6)
                 .arg(ci, -16)
                 .arg(fixed(m.averagePrecision), 6)
                 .arg(m.positives, 5)
                 .arg(m.negatives, 5)
                 .arg(fixed(m.threshold), 6)
                 .arg(fixed(m.counts.sensitivity(), 3), 6)
                 .arg(fixed(m.counts.specificity(), 3), 6)
          << QStringLiteral(" %1 %2 %3 %4 %5 %6 %7")
                 .arg(fixed(m.counts.ppv(), 3), 6)
                 .arg(fixed(m.counts.npv(), 3), 6)
                 .arg(fixed(m.counts.f1(), 3), 6)
                 .arg(m.counts.tp, 5)
                 .arg(m.counts.fp, 5)
                 .arg(m.counts.tn, 5)
                 .arg(m.counts.fn, 5);
        if (!m.computable)
            t << "  (not computable: " << m.reason << ')';
        t << '\n';
    }
    t << "Mean AUROC over " << r.meanOver << " computable findings: " << fixed(r.meanAuroc) << '\n';
    t << r.images << " images, " << r.patients << " patients; threshold "
      << r.options.threshold.describe();
    if (r.options.bootstrap > 0)
        t << "; 95% CI from " << r.options.bootstrap << " patient resamples, seed "
          << r.options.seed;
    t << '\n';
    return s;
}

QString EvaluationFormatter::csv(const EvaluationReport& r)
{
    QString s = QStringLiteral("finding,auroc,auroc_ci_low,auroc_ci_high,average_precision,"
                               "positives,negatives,threshold,sensitivity,specificity,ppv,npv,"
                               "f1,tp,fp,tn,fn,computable,ece,brier\n");
    for (const FindingMetrics& m : r.findings) {
        QStringList f{m.finding,
                      csvNumber(m.auroc),
                      csvNumber(m.ciLow),
                      csvNumber(m.ciHigh),
                      csvNumber(m.averagePrecision),
                      QString::number(m.positives),
                      QString::number(m.negatives),
                      csvNumber(m.threshold),
                      csvNumber(m.counts.sensitivity()),
                      csvNumber(m.counts.specificity()),
                      csvNumber(m.counts.ppv()),
                      csvNumber(m.counts.npv()),
                      csvNumber(m.counts.f1()),
                      QString::number(m.counts.tp),
                      QString::number(m.counts.fp),
                      QString::number(m.counts.tn),
                      QString::number(m.counts.fn),
                      m.computable ? QStringLiteral("yes") : QStringLiteral("no"),
                      csvNumber(m.calibration.ece),
                      csvNumber(m.calibration.brier)};
        s += f.join(QLatin1Char(',')) + QLatin1Char('\n');
    }
    s +=
        QStringLiteral("mean,%1,,,,,,,,,,,,,,,,%2,,\n").arg(csvNumber(r.meanAuroc)).arg(r.meanOver);
    return s;
}

QJsonObject EvaluationFormatter::json(const EvaluationReport& r)
{
    QJsonArray findings;
    for (const FindingMetrics& m : r.findings) {
        QJsonObject o{{QStringLiteral("finding"), m.finding},
                      {QStringLiteral("auroc"), jsonNumber(m.auroc)},
                      {QStringLiteral("auroc_ci"),
                       std::isnan(m.ciLow)
                           ? QJsonValue(QJsonValue::Null)
                           : QJsonValue(QJsonArray{jsonNumber(m.ciLow), jsonNumber(m.ciHigh)})},
                      {QStringLiteral("average_precision"), jsonNumber(m.averagePrecision)},
                      {QStringLiteral("positives"), m.positives},
                      {QStringLiteral("negatives"), m.negatives},
                      {QStringLiteral("threshold"), jsonNumber(m.threshold)},
                      {QStringLiteral("sensitivity"), jsonNumber(m.counts.sensitivity())},
                      {QStringLiteral("specificity"), jsonNumber(m.counts.specificity())},
                      {QStringLiteral("ppv"), jsonNumber(m.counts.ppv())},
                      {QStringLiteral("npv"), jsonNumber(m.counts.npv())},
                      {QStringLiteral("f1"), jsonNumber(m.counts.f1())},
                      {QStringLiteral("tp"), qint64(m.counts.tp)},
                      {QStringLiteral("fp"), qint64(m.counts.fp)},
                      {QStringLiteral("tn"), qint64(m.counts.tn)},
                      {QStringLiteral("fn"), qint64(m.counts.fn)},
                      {QStringLiteral("computable"), m.computable},
                      {QStringLiteral("ece"), jsonNumber(m.calibration.ece)},
                      {QStringLiteral("brier"), jsonNumber(m.calibration.brier)},
                      {QStringLiteral("reliability"), reliabilityJson(m.calibration)}};
        if (!m.computable)
            o.insert(QStringLiteral("reason"), m.reason);
        findings.append(o);
    }
    const MatchReport& mr = r.match;
    const QJsonObject unmatched{
        {QStringLiteral("predictions_without_labels"), mr.predictionsWithoutLabels},
        {QStringLiteral("predictions_without_labels_examples"),
         names(mr.predictionsWithoutLabelsExamples)},
        {QStringLiteral("labels_without_predictions"), mr.labelsWithoutPredictions},
        {QStringLiteral("labels_without_predictions_examples"),
         names(mr.labelsWithoutPredictionsExamples)},
        {QStringLiteral("duplicates"), mr.duplicates},
        {QStringLiteral("unknown_columns"), names(mr.unknownColumns)},
        {QStringLiteral("missing_findings"), names(mr.missingFindings)},
        {QStringLiteral("problems"), names(mr.problems)}};
    return QJsonObject{{QStringLiteral("images"), r.images},
                       {QStringLiteral("patients"), r.patients},
                       {QStringLiteral("findings"), findings},
                       {QStringLiteral("mean_auroc"), jsonNumber(r.meanAuroc)},
                       {QStringLiteral("mean_auroc_findings"), r.meanOver},
                       {QStringLiteral("threshold_rule"), r.options.threshold.describe()},
                       {QStringLiteral("bootstrap"), r.options.bootstrap},
                       {QStringLiteral("seed"), QString::number(r.options.seed)},
                       {QStringLiteral("unmatched"), unmatched}};
}

QString EvaluationFormatter::rocCsv(const EvaluationSet& set, int finding)
{
    QString s = QStringLiteral("fpr,tpr,threshold\n");
    if (!set.hasScores(finding))
        return s;
    for (const RocPoint& p :
         BinaryMetrics::rocCurve(set.scores[size_t(finding)], Evaluator::truths(set, finding)))
        s += QStringLiteral("%1,%2,%3\n")
                 .arg(csvNumber(p.fpr), csvNumber(p.tpr), csvNumber(p.threshold));
    return s;
}

QString EvaluationFormatter::errorsCsv(const EvaluationSet& set, const EvaluationReport& r)
{
    QString s = QStringLiteral("finding,kind,rank,image,probability,threshold,labels\n");
    for (int k = 0; k < kFindingCount; ++k) {
        const double t = r.findings[size_t(k)].threshold;
        if (std::isnan(t))
            continue;
        for (const bool fp : {true, false}) {
            const std::vector<ErrorCase> errors = fp ? ErrorRanking::falsePositives(set, k, t)
                                                     : ErrorRanking::falseNegatives(set, k, t);
            int rank = 0;
            for (const ErrorCase& e : errors)
                s += QStringLiteral("%1,%2,%3,%4,%5,%6,%7\n")
                         .arg(chestXray14Findings()[k], fp ? QStringLiteral("false_positive")
                                                           : QStringLiteral("false_negative"))
                         .arg(++rank)
                         .arg(set.images[e.index], csvNumber(e.probability), csvNumber(t),
                              ErrorRanking::labelText(set, e.index));
        }
    }
    return s;
}

} // namespace chexview
