#include "chexview/study/ScoreComparison.h"

#include <QCryptographicHash>
#include <QFile>

namespace chexview {

QString ScoreDelta::text() const
{
    return QStringLiteral("%1 %2 \u2192 %3")
        .arg(finding, QString::number(prior, 'f', 2), QString::number(current, 'f', 2));
}

ScoreComparison::Result ScoreComparison::compare(const ScoredStudy& current,
                                                 const ScoredStudy& prior)
{
    Result r;
    auto shortSha = [](const QString& s) { return s.left(12); };
    if (current.scores.empty())
        r.reason = QStringLiteral("the current study has not been analyzed");
    else if (prior.scores.empty())
        r.reason = QStringLiteral("the prior study has not been analyzed");
    else if (current.packageSha256.isEmpty() || prior.packageSha256.isEmpty())
        r.reason = QStringLiteral("the model package of one study is unknown");
    else if (current.packageSha256 != prior.packageSha256)
        r.reason = QStringLiteral("scored by different model packages (%1 %2… vs %3 %4…): their "
                                  "scores are not on one scale")
                       .arg(current.modelName, shortSha(current.packageSha256), prior.modelName,
                            shortSha(prior.packageSha256));
    else if (current.precision != prior.precision)
        r.reason = QStringLiteral("scored at different precisions (%1 vs %2)")
                       .arg(current.precision, prior.precision);
    else if (current.findings != prior.findings || current.scores.size() != prior.scores.size() ||
             current.scores.size() != size_t(current.findings.size()))
        r.reason = QStringLiteral("the two studies were scored on different findings");
    if (!r.reason.isEmpty())
        return r;
    r.comparable = true;
    for (int k = 0; k < current.findings.size(); ++k)
        r.deltas.push_back(
            {current.findings[k], prior.scores[size_t(k)], current.scores[size_t(k)]});
    return r;
}

QString ScoreComparison::packageSha256(const QString& modelDir)
{
    QFile f(modelDir + QStringLiteral("/manifest.json"));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash h(QCryptographicHash::Sha256);
    if (!h.addData(&f))
        return {};
    return QString::fromLatin1(h.result().toHex());
}

} // namespace chexview
