#include "chexview/study/StudyScoring.h"

#include "chexview/dataset/ChestXray14.h"
#include "chexview/eval/BatchScorer.h"
#include "chexview/model/InferenceEngine.h"

#include <QFileInfo>
#include <QHash>
#include <QSet>

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
                                         const std::atomic<bool>* cancel)
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
            result.studies.push_back({p.patientId, s.studyUid, {}, 0});
        }
    // BatchScorer names results by file name: runs of files with distinct names.
    QStringList pending;
    for (const QStringList& files : perStudy)
        pending << files;
    pending.removeDuplicates();
    const QStringList& findings = chestXray14Findings();
    const QStringList& labels = engine.manifest().labels;
    QHash<QString, std::vector<double>> byPath;
    BatchScorer::Options so;
    so.batch = std::max(1, options.batch);
    so.cacheFile = options.cacheFile;
    const int total = int(pending.size());
    int doneBefore = 0;
    while (!pending.isEmpty()) {
        QStringList chunk, rest;
        QSet<QString> names;
        for (const QString& f : pending) {
            const QString n = QFileInfo(f).fileName();
            if (names.contains(n)) {
                rest << f;
            } else {
                names.insert(n);
                chunk << f;
            }
        }
        pending = rest;
        const BatchScorer::Result r = BatchScorer::score(
            engine, chunk, so,
            [&](const BatchScorer::Progress& p) {
                if (progress)
                    progress({doneBefore + p.done, total});
            },
            cancel);
        doneBefore += int(chunk.size());
        result.failures << r.failures;
        result.cached += r.cached;
        result.computed += r.computed;
        QHash<QString, QString> pathOf;
        for (const QString& f : chunk)
            pathOf.insert(QFileInfo(f).fileName(), f);
        for (int i = 0; i < r.table.size(); ++i) {
            std::vector<double> v(size_t(labels.size()), 0.0);
            for (int k = 0; k < labels.size(); ++k) {
                const int col = int(findings.indexOf(labels[k]));
                if (col >= 0 && r.table.hasFinding(col))
                    v[size_t(k)] = r.table.columns[size_t(col)][size_t(i)];
            }
            byPath.insert(pathOf.value(r.table.images[size_t(i)]), std::move(v));
        }
        if (r.cancelled) {
            result.cancelled = true;
            break;
        }
    }
    for (size_t s = 0; s < perStudy.size(); ++s) {
        StudyScores& out = result.studies[s];
        for (const QString& f : perStudy[s]) {
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

std::vector<AnalysisResult> StudyScoring::analyze(const InferenceEngine& engine,
                                                  const std::vector<const XrayImage*>& images)
{
    return Analyzer::analyzeBatch(engine, images);
}

} // namespace chexview
