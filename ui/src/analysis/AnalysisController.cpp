#include "chexview/ui/analysis/AnalysisController.h"

#include "chexview/error/Error.h"
#include "chexview/error/FaultInjection.h"
#include "chexview/image/XrayImage.h"
#include "chexview/model/EngineError.h"

#include <QElapsedTimer>

namespace chexview {

/// Lives on the controller's worker thread; owns the loaded engine.
class AnalysisWorker : public QObject
{
    Q_OBJECT
public:
    explicit AnalysisWorker(std::shared_ptr<std::atomic<quint64>> cancelBelow)
        : m_cancelBelow(std::move(cancelBelow))
    {
    }

    void load(const QString& dir, const InferenceEngine::Options& options)
    {
        try {
            const ModelManifest manifest = ModelManifest::load(dir);
            m_engine = InferenceEngine::load(manifest, options);
            QElapsedTimer t;
            t.start();
            warmUp();
            Q_EMIT loaded(m_engine->manifest(), m_engine->options(), m_engine->loadMilliseconds(),
                          t.nsecsElapsed() / 1e6);
        } catch (const EngineError& e) {
            m_engine.reset();
            Q_EMIT loadFailed(e.message());
        } catch (const std::exception& e) {
            m_engine.reset();
            Q_EMIT loadFailed(describeFailure(e));
        }
    }

    /// One pass on a synthetic film right after the load: LibTorch's first run allocates and
    /// (oneDNN) picks kernels, which would otherwise land on the first real image.
    void warmUp()
    {
        StoredImage st;
        st.width = st.height = 256;
        st.bitsStored = 8;
        st.values.resize(size_t(st.width) * size_t(st.height));
        for (int y = 0; y < st.height; ++y)
            for (int x = 0; x < st.width; ++x)
                st.values[size_t(y) * size_t(st.width) + size_t(x)] = (x + y) / 2;
        const XrayImage film(std::move(st), ModalityLut(), XrayImage::Polarity::Monochrome2, {});
        Analyzer::analyze(*m_engine, film);
    }

    void checkDevices()
    {
        QMap<QString, QString> unavailable;
        for (Device d : allDevices()) {
            const QString why = InferenceEngine::unavailableReason(d);
            if (!why.isEmpty())
                unavailable.insert(toString(d), why);
        }
        Q_EMIT devicesChecked(unavailable);
    }

    void checkWorkerDevices(const QString& python)
    {
        InferenceEngine::Options o;
        o.engine = Engine::Worker;
        o.python = python;
        QMap<QString, QString> unavailable;
        for (Device d : allDevices()) {
            const QString why = InferenceEngine::unavailableReason(d, o);
            if (!why.isEmpty())
                unavailable.insert(toString(d), why);
        }
        Q_EMIT workerDevicesChecked(python, unavailable);
    }

    void analyze(quint64 id, XrayImagePtr image, const QString& file, bool tta)
    {
        if (id < m_cancelBelow->load())
            return Q_EMIT dropped(id);
        if (!m_engine)
            return Q_EMIT failed(id, tr("no model loaded"));
        Q_EMIT progress(id, tr("running %1 on %2 (%3)…")
                                .arg(toString(m_engine->precision()), toString(m_engine->device()),
                                     m_engine->description()));
        try {
            FaultInjection::point("analysis");
            AnalysisResult r = Analyzer::analyze(*m_engine, *image, tta);
            r.file = file;
            if (id < m_cancelBelow->load())
                return Q_EMIT dropped(id);
            Q_EMIT done(id, r);
        } catch (const EngineError& e) {
            Q_EMIT failed(id, e.message());
        } catch (const std::exception& e) {
            // cv::Exception from preprocessing, bad_alloc of a huge input: reported, never fatal.
            Q_EMIT failed(id, describeFailure(e));
        } catch (...) {
            Q_EMIT failed(id, describeUnknownFailure());
        }
    }

Q_SIGNALS:
    void devicesChecked(const QMap<QString, QString>& unavailable);
    void workerDevicesChecked(const QString& python, const QMap<QString, QString>& unavailable);
    void loaded(const chexview::ModelManifest& manifest,
                const chexview::InferenceEngine::Options& options, double loadMs, double warmUpMs);
    void loadFailed(const QString& message);
    void progress(quint64 id, const QString& stage);
    void done(quint64 id, const chexview::AnalysisResult& result);
    void failed(quint64 id, const QString& message);
    void dropped(quint64 id);

private:
    std::shared_ptr<std::atomic<quint64>> m_cancelBelow;
    InferenceEnginePtr m_engine;
};

AnalysisController::AnalysisController(QObject* parent)
    : QObject(parent), m_cancelBelow(std::make_shared<std::atomic<quint64>>(0))
{
    qRegisterMetaType<AnalysisResult>();
    qRegisterMetaType<XrayImagePtr>();
    qRegisterMetaType<ModelManifest>("chexview::ModelManifest");
    qRegisterMetaType<InferenceEngine::Options>("chexview::InferenceEngine::Options");
    m_worker = new AnalysisWorker(m_cancelBelow);
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &AnalysisWorker::loaded, this,
            [this](const ModelManifest& m, const InferenceEngine::Options& o, double loadMs,
                   double warmUpMs) {
                m_manifest = m;
                m_options = o;
                if (--m_loadsInFlight == 0)
                    m_state = ModelState::Ready;
                Q_EMIT modelLoaded(m.name, m.trained, loadMs, warmUpMs);
            });
    connect(m_worker, &AnalysisWorker::loadFailed, this, [this](const QString& msg) {
        if (--m_loadsInFlight == 0)
            m_state = ModelState::Failed;
        Q_EMIT modelFailed(msg);
    });
    // A cancelled request's progress can still be in the queue: it must not overwrite the
    // "cancelled" status with "running…".
    connect(m_worker, &AnalysisWorker::progress, this, [this](quint64 id, const QString& stage) {
        if (id >= m_cancelBelow->load())
            Q_EMIT progress(id, stage);
    });
    connect(m_worker, &AnalysisWorker::devicesChecked, this, &AnalysisController::devicesChecked);
    connect(m_worker, &AnalysisWorker::workerDevicesChecked, this,
            &AnalysisController::workerDevicesChecked);
    connect(m_worker, &AnalysisWorker::done, this, [this](quint64 id, const AnalysisResult& r) {
        --m_pending;
        if (id >= m_cancelBelow->load())
            Q_EMIT finished(id, r);
    });
    connect(m_worker, &AnalysisWorker::failed, this, [this](quint64 id, const QString& msg) {
        --m_pending;
        Q_EMIT failed(id, msg);
    });
    connect(m_worker, &AnalysisWorker::dropped, this, [this](quint64) { --m_pending; });
    m_thread.setObjectName(QStringLiteral("chexview-analysis"));
    m_thread.start();
}

void AnalysisController::checkDevices()
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->checkDevices(); });
}

void AnalysisController::checkWorkerDevices(const QString& python)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, python] { w->checkWorkerDevices(python); });
}

AnalysisController::~AnalysisController()
{
    m_cancelBelow->store(std::numeric_limits<quint64>::max());
    m_thread.quit();
    m_thread.wait(); // at most the forward pass in progress
}

void AnalysisController::loadModel(const QString& packageDir,
                                   const InferenceEngine::Options& options)
{
    m_state = ModelState::Loading;
    ++m_loadsInFlight;
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, packageDir, options] { w->load(packageDir, options); });
}

quint64 AnalysisController::analyze(XrayImagePtr image, const QString& file, bool tta)
{
    const quint64 id = m_nextId++;
    ++m_pending;
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, id, image, file, tta] { w->analyze(id, image, file, tta); });
    return id;
}

void AnalysisController::cancel()
{
    if (m_pending == 0)
        return; // nothing to cancel (Escape pressed while idle): no "cancelled" message
    m_cancelBelow->store(m_nextId);
    Q_EMIT cancelled();
}

} // namespace chexview

#include "AnalysisController.moc"
