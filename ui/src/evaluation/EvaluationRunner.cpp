#include "chexview/ui/evaluation/EvaluationRunner.h"

#include "chexview/dataset/LabelSource.h"
#include "chexview/eval/BatchScorer.h"
#include "chexview/eval/PredictionCsvReader.h"
#include "chexview/model/EngineError.h"
#include "chexview/model/InferenceEngine.h"

#include <QDir>
#include <QFileInfo>
#include <QPointer>
#include <QThread>

namespace chexview {

namespace {

using Progress = std::function<void(int, int, double, const QString&)>;

// Scores the folder at one precision; false when cancelled (error set on failure).
bool scoreFolder(const EvaluationRequest& q, const QString& precision, bool keepCams,
                 const ExpertBoxes& boxes, BatchScorer::Result& result,
                 const std::atomic<bool>& cancel, const Progress& progress, QString& error)
{
    progress(0, 0, 0.0, QObject::tr("loading %1 (%2)…").arg(q.modelDir, precision));
    InferenceEnginePtr engine;
    InferenceEngine::Options o;
    o.precision = precision;
    try {
        engine = InferenceEngine::load(ModelManifest::load(q.modelDir), o);
    } catch (const EngineError& e) {
        error = e.message();
        return false;
    }
    const QStringList files = BatchScorer::imageFiles(q.imagesDir);
    if (files.isEmpty()) {
        error = QObject::tr("no images in %1").arg(q.imagesDir);
        return false;
    }
    BatchScorer::Options so;
    so.batch = q.batch;
    so.cacheFile = q.cacheFile;
    if (keepCams)
        so.keepCams = [&boxes](const QString& name) { return !boxes.boxesFor(name).isEmpty(); };
    const QString stage = QObject::tr("scoring (%1)").arg(precision);
    result = BatchScorer::score(
        *engine, files, so,
        [&](const BatchScorer::Progress& p) {
            progress(p.done, p.total, p.imagesPerSecond, stage);
        },
        &cancel);
    return !result.cancelled;
}

std::shared_ptr<EvaluationOutcome>
compute(const EvaluationRequest& q, const std::atomic<bool>& cancel, const Progress& progress)
{
    auto s = std::make_shared<EvaluationOutcome>();
    s->imagesDir = q.imagesDir;
    try {
        if (!q.boxesFile.isEmpty())
            s->boxes = ExpertBoxes::read(q.boxesFile);
        const LabeledDataset labels = LabelSource::read(q.labels);
        BatchScorer::Result a, b;
        const bool engine = q.predictions.isEmpty();
        if (engine) {
            if (!scoreFolder(q, q.precision, !q.boxesFile.isEmpty(), s->boxes, a, cancel, progress,
                             s->error))
                return s->error.isEmpty() ? nullptr : s;
            s->summary = QObject::tr("%1 at %2: %3 images in %4 s (%5 from the cache)")
                             .arg(QFileInfo(q.modelDir).fileName(), q.precision)
                             .arg(a.table.size())
                             .arg(a.seconds, 0, 'f', 1)
                             .arg(a.cached);
        }
        s->set = EvaluationSet::fromPredictions(
            labels, engine ? a.table : PredictionCsvReader::read(q.predictions));
        progress(0, 0, 0.0, QObject::tr("computing metrics…"));
        s->report = Evaluator::evaluate(s->set, q.options);
        for (const BatchScorer::ImageCams& c : a.cams) {
            const auto one = Localization::evaluateImage(c.image, c.cams, c.camWidth, c.camHeight,
                                                         c.geometry, s->boxes.boxesFor(c.image),
                                                         Localization::kDefaultThreshold);
            s->localizationCases.insert(s->localizationCases.end(), one.begin(), one.end());
        }
        s->localization = Localization::summarize(s->localizationCases);
        if (!q.comparePrecision.isEmpty() && engine) {
            if (!scoreFolder(q, q.comparePrecision, false, s->boxes, b, cancel, progress, s->error))
                return s->error.isEmpty() ? nullptr : s;
            s->comparison = SourceComparison::compare(
                s->set, EvaluationSet::fromPredictions(labels, b.table), q.options);
            s->comparison.nameB = q.comparePrecision;
            s->compared = true;
        } else if (!q.comparePredictions.isEmpty()) {
            s->comparison = SourceComparison::compare(
                s->set,
                EvaluationSet::fromPredictions(labels,
                                               PredictionCsvReader::read(q.comparePredictions)),
                q.options);
            s->comparison.nameB = QFileInfo(q.comparePredictions).fileName();
            s->compared = true;
        } else if (!q.comparePrecision.isEmpty()) {
            s->compareNote =
                QObject::tr(
                    "No comparison with %1: a precision is compared by running the model over the "
                    "images twice, and this evaluation read its scores from %2. Leave Predictions "
                    "empty to run the model, or compare with a second predictions CSV.")
                    .arg(q.comparePrecision, QFileInfo(q.predictions).fileName());
        }
        s->comparison.nameA = engine ? q.precision : QFileInfo(q.predictions).fileName();
    } catch (const std::exception& e) {
        s->error = QString::fromUtf8(e.what());
    }
    return s;
}

} // namespace

EvaluationRunner::EvaluationRunner(QObject* parent) : QObject(parent) {}

EvaluationRunner::~EvaluationRunner()
{
    cancel();
    join();
}

bool EvaluationRunner::isRunning() const
{
    return m_thread && m_thread->isRunning();
}

void EvaluationRunner::cancel()
{
    if (m_cancel)
        m_cancel->store(true);
}

void EvaluationRunner::join()
{
    if (m_thread) {
        m_thread->wait();
        delete m_thread;
        m_thread = nullptr;
    }
}

void EvaluationRunner::start(const EvaluationRequest& request)
{
    cancel();
    join();
    auto flag = std::make_shared<std::atomic<bool>>(false);
    m_cancel = flag;
    QPointer<EvaluationRunner> self(this);
    // Results cross to the GUI thread as queued calls; a runner destroyed meanwhile joined the
    // thread first, so `self` is only read while it is alive.
    m_thread = QThread::create([request, flag, self] {
        const Progress report = [flag, self](int done, int total, double rate,
                                             const QString& stage) {
            if (!flag->load())
                QMetaObject::invokeMethod(
                    self,
                    [self, done, total, rate, stage] {
                        if (self)
                            Q_EMIT self->progress(done, total, rate, stage);
                    },
                    Qt::QueuedConnection);
        };
        std::shared_ptr<const EvaluationOutcome> out = compute(request, *flag, report);
        const bool wasCancelled = flag->load() || !out;
        QMetaObject::invokeMethod(
            self,
            [self, out, wasCancelled, flag] {
                if (!self || self->m_cancel != flag)
                    return; // superseded by a newer run
                if (wasCancelled)
                    Q_EMIT self->cancelled();
                else
                    Q_EMIT self->finished(out);
            },
            Qt::QueuedConnection);
    });
    m_thread->setObjectName(QStringLiteral("chexview-evaluation"));
    m_thread->start();
}

} // namespace chexview
