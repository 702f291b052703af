#pragma once

#include <QStringList>

#include <vector>

namespace chexview {

/// A study's model scores with what produced them: the model package (its SHA-256, see
/// ScoreComparison::packageSha256) and the precision it ran at.
struct ScoredStudy
{
    QString studyUid;
    QString modelName;
    QString packageSha256; ///< empty: unknown
    QString precision;     ///< int8, fp32, ...
    QStringList findings;
    std::vector<double> scores; ///< empty: not analyzed
};

/// One finding's change from the prior to the current study.
struct ScoreDelta
{
    QString finding;
    double prior = 0.0;
    double current = 0.0;
    double delta() const { return current - prior; }
    /// "Effusion 0.31 → 0.62"
    QString text() const;
};

/// Whether two studies' scores can be compared, and their per-finding deltas: only scores of
/// the same model package (SHA-256 of its manifest, which names the SHA-256 of every weight
/// file) at the same precision over the same findings are comparable; otherwise `reason` says
/// why not and there are no deltas. Pure; any thread.
class ScoreComparison
{
public:
    struct Result
    {
        bool comparable = false;
        QString reason;                 ///< empty when comparable
        std::vector<ScoreDelta> deltas; ///< in the current study's finding order
    };
    static Result compare(const ScoredStudy& current, const ScoredStudy& prior);
    /// SHA-256 (hex) of DIR/manifest.json, the identity of a model package; empty when it
    /// cannot be read.
    static QString packageSha256(const QString& modelDir);
};

} // namespace chexview
