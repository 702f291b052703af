#pragma once

#include <QJsonObject>
#include <QStringList>

#include <optional>

namespace chexview {

/// What the input gate decided about one image before any analysis: `ok` (score it), `warn`
/// (score it, show the reasons beside the scores), `refuse` (no scores unless forced).
/// Plain value type; any thread.
struct GateVerdict
{
    enum class Verdict
    {
        Ok,
        Warn,
        Refuse
    };

    Verdict verdict = Verdict::Ok;
    QStringList reasons; ///< why it is warn or refuse, e.g. "lateral view (ViewPosition LL)"
    QStringList notes;   ///< said beside an ok, never change the verdict ("AP view ...")
    std::optional<double> oodScore; ///< learned out-of-distribution score, 0 (chest film)..1

    /// Adds a reason and raises the verdict to at least `atLeast`.
    void add(Verdict atLeast, const QString& reason);
    bool isRefused() const { return verdict == Verdict::Refuse; }
    /// "ok", "warn", "refuse".
    static QString name(Verdict v);
    /// {"verdict", "reasons", "ood_score"} plus "notes" when there are any.
    QJsonObject toJson() const;
    /// One line for a status bar or a log: "refuse: not analyzable: 1×65000 px".
    QString summary() const;
    /// What a result records about the gate: summary(), plus " (scores forced)" when a refused
    /// image was scored because the user asked.
    QString recordedSummary(bool forced) const;
};

} // namespace chexview
