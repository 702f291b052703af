#include "chexview/workflow/StudyScoring.h"

#include "chexview/dataset/ChestXray14.h"
#include "chexview/gate/InputGate.h"
#include "chexview/model/InferenceEngine.h"
#include "chexview/workflow/BatchInference.h"

#include <QFileInfo>
#include <QHash>

#include <algorithm>

namespace chexview {

bool StudyScoring::isFrontal(const QString& viewPosition)
{
    const QString v = viewPosition.trimmed().toUpper();
    return v.isEmpty() || v == QLatin1String("PA") || v == QLatin1String("AP");
}

StudyScoring::Result StudyScoring::score(const InferenceEngine& engine,
                                         const QList<PatientStudies>& patients,
                                         const Options& options,
                                         const std::function<void(const Progress&)>& progress,
                                         const CancelToken* cancel)
{
    Result result;
    // The images of each study that are scored: the frontal ones, else all.
    std::vector<QStringList> perStudy;
    for (const PatientStudies& p : patients)
        for (const Study& s : p.studies) {
            QStringList frontal, all;
            for (const StudySeries& se : s.series)
                for (const StudyInstance& i : se.instances) {
                    all << i.path;
                    if (isFrontal(i.viewPosition.isEmpty() ? se.viewPosition : i.viewPosition))
                        frontal << i.path;
                }
            perStudy.push_back(frontal.isEmpty() ? all : frontal);
            result.studies.push_back({p.patientId, s.studyUid, {}, 0, {}});
        }
    QStringList pending;
    for (const QStringList& files : perStudy)
        pending << files;
    pending.removeDuplicates();
    const QStringList& findings = chestXray14Findings();
    const QStringList& labels = engine.manifest().labels;
    QHash<QString, std::vector<double>> byPath;
    BatchInference::Options so;
    so.batch = options.batch;
    so.purpose = BatchInference::Purpose::Throughput;
    so.cacheFile = options.cacheFile;
    if (options.gate)
        so.gate = [](const XrayImage& image) { return InputGate::check(image); };
    so.forceGated = options.forceGated;
    QHash<QString, QString> refusedBy; // path -> the gate's reasons
    const int total = int(pending.size());
    // The sink sees each file by its path, so studies from folders with equal file names
    // never mix their scores.
    const BatchInference::Result r = BatchInference::run(
        engine, pending, so,
        [&](const BatchInference::Item& item) {
            if (item.gated)
                refusedBy.insert(item.file, item.gate.reasons.join(QStringLiteral("; ")));
            if (!item.error.isEmpty() || item.gated)
                return;
            std::vector<double> v(size_t(labels.size()), 0.0);
            for (int k = 0; k < labels.size(); ++k) {
                const int col = int(findings.indexOf(labels[k]));
                if (col >= 0)
                    v[size_t(k)] = item.scores[size_t(col)];
            }
            byPath.insert(item.file, std::move(v));
        },
        [&](const BatchInference::Progress& p) {
            if (progress)
                progress({p.done, total});
        },
        cancel);
    result.failures << r.failures;
    result.cached += r.cached;
    result.computed += r.computed;
    result.cancelled = r.cancelled;
    for (size_t s = 0; s < perStudy.size(); ++s) {
        StudyScores& out = result.studies[s];
        for (const QString& f : perStudy[s]) {
            if (const auto r = refusedBy.constFind(f); r != refusedBy.constEnd())
                out.refused << QStringLiteral("%1: %2").arg(QFileInfo(f).fileName(), *r);
            const auto it = byPath.constFind(f);
            if (it == byPath.constEnd())
                continue;
            if (out.scores.empty())
                out.scores = *it;
            else
                for (size_t k = 0; k < out.scores.size(); ++k)
                    out.scores[k] = std::max(out.scores[k], (*it)[k]);
            ++out.images;
        }
    }
    return result;
}

} // namespace chexview
