#pragma once
// Helpers shared by the worker engine suites (tst_worker, tst_workerfailures): the model
// fixtures, the interpreter under test and the EngineError a load or run gives. Test code only.
#include "TestData.h"
#include "chexview/image/ImageLoader.h"
#include "chexview/model/Analysis.h"
#include "chexview/model/EngineError.h"

#include <QDir>
#include <QString>
#include <QStringList>

#include <utility>

namespace chexview::test {

inline QString modelFixture(const QString& rel = {})
{
    return QDir(QStringLiteral(CHEXVIEW_MODEL_FIXTURES)).filePath(rel);
}

inline QStringList fixtureImages()
{
    return QString::fromUtf8(readFile(modelFixture(QStringLiteral("images.txt"))))
        .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

/// The worker's interpreter: $CHEXVIEW_TEST_PYTHON (the torch 2 stage's chroot, see
/// tests/torch2), else the build's Python.
inline QString testPython()
{
    return qEnvironmentVariable("CHEXVIEW_TEST_PYTHON", QStringLiteral(CHEXVIEW_TEST_PYTHON));
}

inline InferenceEngine::Options workerOptions(const QString& precision = QStringLiteral("fp32"))
{
    InferenceEngine::Options o;
    o.engine = Engine::Worker;
    o.python = testPython();
    o.precision = parsePrecision(precision);
    o.threads = 2;
    return o;
}

inline InferenceEnginePtr load(const InferenceEngine::Options& o)
{
    return InferenceEngine::load(ModelManifest::load(modelFixture(QStringLiteral("package"))), o);
}

/// Code and message of the EngineError that loading (and, when `run`, one run) throws.
inline std::pair<int, QString>
failure(const InferenceEngine::Options& o, bool run = false,
        const QString& package = modelFixture(QStringLiteral("package")))
{
    try {
        const InferenceEnginePtr e = InferenceEngine::load(ModelManifest::load(package), o);
        if (run) {
            const XrayImagePtr img = ImageLoader::load(fixtureImages().first());
            std::vector<ModelInput> two(2,
                                        Preprocessor::prepare(*img, e->manifest().preprocessing));
            e->run(two);
        }
        return {-1, {}};
    } catch (const EngineError& e) {
        qInfo("%s", qPrintable(e.message()));
        return {int(e.code()), e.message()};
    }
}

} // namespace chexview::test
