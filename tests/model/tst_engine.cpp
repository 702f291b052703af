// The C++ engine against the Python reference of the same package, across precisions, and
// its refusals: missing/truncated/wrong-shape model files, lying manifests, absent devices.
#include "TestData.h"
#include "chexview/cli/Commands.h"
#include "chexview/dataset/ChestXray14.h"
#include "chexview/image/ImageLoader.h"
#include "chexview/model/Analysis.h"
#include "chexview/model/CamRenderer.h"
#include "chexview/model/EngineError.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <functional>

using namespace chexview;
using namespace chexview::test;

namespace {

QString modelFixture(const QString& rel = {})
{
    return QDir(QStringLiteral(CHEXVIEW_MODEL_FIXTURES)).filePath(rel);
}

QJsonObject readJson(const QString& path)
{
    QFile f(path);
    f.open(QIODevice::ReadOnly);
    return QJsonDocument::fromJson(f.readAll()).object();
}

QStringList fixtureImages()
{
    QFile f(modelFixture(QStringLiteral("images.txt")));
    f.open(QIODevice::ReadOnly);
    return QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

double correlation(const std::vector<float>& a, const std::vector<float>& b)
{
    double ma = 0, mb = 0;
    for (size_t i = 0; i < a.size(); ++i) {
        ma += a[i];
        mb += b[i];
    }
    ma /= double(a.size());
    mb /= double(b.size());
    double sab = 0, saa = 0, sbb = 0;
    for (size_t i = 0; i < a.size(); ++i) {
        sab += (a[i] - ma) * (b[i] - mb);
        saa += (a[i] - ma) * (a[i] - ma);
        sbb += (b[i] - mb) * (b[i] - mb);
    }
    return sab / std::sqrt(saa * sbb);
}

InferenceEnginePtr engine(const QString& precision,
                          const QString& package = modelFixture(QStringLiteral("package")))
{
    InferenceEngine::Options o;
    o.precision = parsePrecision(precision);
    o.threads = 2;
    return InferenceEngine::load(ModelManifest::load(package), o);
}

int loadError(const QString& dir, const QString& precision = QStringLiteral("fp32"),
              const QString& device = QStringLiteral("cpu"))
{
    try {
        InferenceEngine::Options o;
        o.precision = parsePrecision(precision);
        o.device = *parseDevice(device);
        InferenceEngine::load(ModelManifest::load(dir), o);
        return -1;
    } catch (const EngineError& e) {
        qInfo("%s", qPrintable(e.message()));
        return int(e.code());
    }
}

void copyPackage(const QString& to)
{
    QDir().mkpath(to);
    for (const QString& f : QDir(modelFixture(QStringLiteral("package"))).entryList(QDir::Files))
        QFile::copy(modelFixture(QStringLiteral("package/")) + f, QDir(to).filePath(f));
}

void editManifest(const QString& dir, const std::function<void(QJsonObject&)>& edit)
{
    QJsonObject m = readJson(QDir(dir).filePath(QStringLiteral("manifest.json")));
    edit(m);
    QFile f(QDir(dir).filePath(QStringLiteral("manifest.json")));
    f.open(QIODevice::WriteOnly | QIODevice::Truncate);
    f.write(QJsonDocument(m).toJson());
}

} // namespace

class TestEngine : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fp32MatchesPythonReference()
    {
        const QJsonObject ref = readJson(modelFixture(QStringLiteral("reference.json")));
        const InferenceEnginePtr e = engine(QStringLiteral("fp32"));
        QCOMPARE(ref.size(), 21);
        for (const QString& file : fixtureImages()) {
            const AnalysisResult r = Analyzer::analyze(*e, *ImageLoader::load(file));
            const QJsonObject want = ref.value(QFileInfo(file).fileName()).toObject();
            const QJsonArray p = want.value(QStringLiteral("probabilities")).toArray();
            const QJsonArray cams = want.value(QStringLiteral("cams")).toArray();
            double maxCam = 0;
            for (const QJsonValue& v : cams)
                maxCam = std::max(maxCam, std::abs(v.toDouble()));
            for (int k = 0; k < 14; ++k)
                QVERIFY2(std::abs(r.probabilities[size_t(k)] - p[k].toDouble()) < 1e-4,
                         qPrintable(QStringLiteral("%1 %2: %3 vs %4")
                                        .arg(file)
                                        .arg(k)
                                        .arg(r.probabilities[size_t(k)])
                                        .arg(p[k].toDouble())));
            QCOMPARE(int(r.cams.values.size()), int(cams.size()));
            for (int i = 0; i < cams.size(); ++i)
                QVERIFY(std::abs(r.cams.values[size_t(i)] - cams[i].toDouble()) <
                        1e-4 * std::max(1.0, maxCam));
        }
    }

    void optimizedEqualsFp32()
    {
        const InferenceEnginePtr a = engine(QStringLiteral("fp32")),
                                 b = engine(QStringLiteral("fp32-opt"));
        for (const QString& file : fixtureImages().mid(0, 5)) {
            const XrayImagePtr img = ImageLoader::load(file);
            const AnalysisResult ra = Analyzer::analyze(*a, *img), rb = Analyzer::analyze(*b, *img);
            for (int k = 0; k < 14; ++k)
                QVERIFY(std::abs(ra.probabilities[size_t(k)] - rb.probabilities[size_t(k)]) < 1e-4);
            QVERIFY(correlation(ra.cams.values, rb.cams.values) > 0.99999);
        }
    }

    void int8CloseToFp32On20RealImages()
    {
        const InferenceEnginePtr a = engine(QStringLiteral("fp32")),
                                 q = engine(QStringLiteral("int8"));
        const QStringList files = fixtureImages().mid(0, 20);
        QCOMPARE(files.size(), 20);
        double worst = 0, worstMap = 1, worstImage = 1, sumCorr = 0;
        int maps = 0;
        for (const QString& file : files) {
            const XrayImagePtr img = ImageLoader::load(file);
            const AnalysisResult ra = Analyzer::analyze(*a, *img), rq = Analyzer::analyze(*q, *img);
            for (int k = 0; k < 14; ++k)
                worst = std::max(worst, double(std::abs(ra.probabilities[size_t(k)] -
                                                        rq.probabilities[size_t(k)])));
            worstImage =
                std::min(worstImage,
                         correlation(ra.cams.values, rq.cams.values)); // all 14 maps of the image
            for (int k = 0; k < 14; ++k) {
                const size_t n = ra.cams.planeSize();
                const std::vector<float> ca(ra.cams.values.begin() + long(k * n),
                                            ra.cams.values.begin() + long((k + 1) * n));
                const std::vector<float> cq(rq.cams.values.begin() + long(k * n),
                                            rq.cams.values.begin() + long((k + 1) * n));
                const double c = correlation(ca, cq);
                worstMap = std::min(worstMap, c);
                sumCorr += c;
                ++maps;
            }
        }
        const double meanCorr = sumCorr / maps;
        qInfo("INT8 vs FP32 on 20 images: max |dp| %.4f; CAM correlation mean %.4f, worst image "
              "%.4f, worst single map %.4f",
              worst, meanCorr, worstImage, worstMap);
        QVERIFY(worst <= 0.03);
        QVERIFY(meanCorr >= 0.98);
        QVERIFY(worstImage >= 0.98);
    }

    void convertedCheckpointsReproducePython_data()
    {
        QTest::addColumn<QString>("package");
        QTest::newRow("arnoweng model.pth.tar") << "arnoweng";
        QTest::newRow("torchxrayvision pickled model") << "xrv";
    }
    void convertedCheckpointsReproducePython()
    {
        QFETCH(QString, package);
        const QJsonObject conv = readJson(modelFixture(QStringLiteral("conversions.json")));
        const InferenceEnginePtr e = engine(QStringLiteral("fp32"), modelFixture(package));
        QVERIFY(e->manifest().trained);
        const AnalysisResult r = Analyzer::analyze(
            *e, *ImageLoader::load(conv.value(QStringLiteral("image")).toString()));
        const QJsonArray want = conv.value(package).toArray();
        for (int k = 0; k < 14; ++k)
            QVERIFY2(std::abs(r.probabilities[size_t(k)] - want[k].toDouble()) < 1e-4,
                     qPrintable(QStringLiteral("%1: %2 vs %3")
                                    .arg(k)
                                    .arg(r.probabilities[size_t(k)])
                                    .arg(want[k].toDouble())));
        if (package == QLatin1String("xrv")) {
            QCOMPARE(e->manifest().preprocessing.channels, 1);
            QCOMPARE(e->manifest().preprocessing.scaleLo, -1024.0);
            QCOMPARE(e->manifest().thresholds[0],
                     conv.value(QStringLiteral("xrv_thresholds")).toArray()[0].toDouble());
        }
    }

    void camGeometryAndNormalization()
    {
        const InferenceEnginePtr e = engine(QStringLiteral("fp32"));
        const QString file = fixtureImages().last(); // 1024 x 1024
        const AnalysisResult r = Analyzer::analyze(*e, *ImageLoader::load(file));
        const CamOverlay o =
            CamRenderer::render(r, r.ranking().front(), CamRenderer::Colormap::Jet, 0.5);
        // resize 1024 -> 256 (scale 1/4), centre crop 224 at 16: the crop is (64, 64, 896, 896).
        QCOMPARE(o.rect, QRectF(64, 64, 896, 896));
        QCOMPARE(o.image.size(), QSize(224, 224));
        const std::vector<float> n = r.cams.normalized(r.ranking().front());
        QCOMPARE(*std::max_element(n.begin(), n.end()), 1.0f);
        QVERIFY(*std::min_element(n.begin(), n.end()) >= 0.0f);
        // The map's strongest cell is the most opaque part of the overlay.
        const auto cell = int(std::max_element(n.begin(), n.end()) - n.begin());
        int best = -1;
        QPoint at;
        for (int y = 0; y < 224; ++y)
            for (int x = 0; x < 224; ++x)
                if (qAlpha(o.image.pixel(x, y)) > best) {
                    best = qAlpha(o.image.pixel(x, y));
                    at = {x, y};
                }
        QVERIFY(best <= int(0.5 * 255)); // opacity caps alpha
        QVERIFY(best >= int(0.5 * 255 * 0.9));
        QCOMPARE(at.x() / 32, cell % 7);
        QCOMPARE(at.y() / 32, cell / 7);
    }

    void ttaAveragesTenCrops()
    {
        const InferenceEnginePtr e = engine(QStringLiteral("fp32"));
        const XrayImagePtr img = ImageLoader::load(fixtureImages().last());
        const std::vector<ModelInput> crops =
            Preprocessor::tenCrop(*img, e->manifest().preprocessing);
        QCOMPARE(int(crops.size()), 10);
        const std::vector<Prediction> each = e->run(crops);
        const AnalysisResult r = Analyzer::analyze(*e, *img, true);
        for (int k = 0; k < 14; ++k) {
            double mean = 0;
            for (const Prediction& p : each)
                mean += p.probabilities[size_t(k)] / 10.0;
            QVERIFY(std::abs(mean - r.probabilities[size_t(k)]) < 1e-5);
        }
        QVERIFY(r.tta);
    }

    void badPackages()
    {
        QTemporaryDir tmp;
        using C = EngineError::Code;
        QCOMPARE(loadError(tmp.filePath(QStringLiteral("nothing"))), int(C::BadPackage));
        // Truncated model file: the SHA-256 in the manifest catches it.
        const QString trunc = tmp.filePath(QStringLiteral("trunc"));
        copyPackage(trunc);
        QFile::resize(QDir(trunc).filePath(QStringLiteral("model_fp32.pt")), 1000000);
        QCOMPARE(loadError(trunc), int(C::HashMismatch));
        // Missing INT8 file.
        const QString missing = tmp.filePath(QStringLiteral("missing"));
        copyPackage(missing);
        QFile::remove(QDir(missing).filePath(QStringLiteral("model_int8.pt")));
        QCOMPARE(loadError(missing, QStringLiteral("int8")), int(C::BadPackage));
        // A manifest that lies about the CAM shape (hashes fine): the output check refuses it.
        const QString lies = tmp.filePath(QStringLiteral("lies"));
        copyPackage(lies);
        editManifest(lies, [](QJsonObject& m) {
            QJsonObject out = m.value(QStringLiteral("outputs")).toObject();
            out.insert(QStringLiteral("cams"), QJsonArray{14, 14, 14});
            m.insert(QStringLiteral("outputs"), out);
        });
        QCOMPARE(loadError(lies), int(C::BadPackage));
        // Labels out of order.
        const QString labels = tmp.filePath(QStringLiteral("labels"));
        copyPackage(labels);
        editManifest(labels, [](QJsonObject& m) {
            QJsonArray l = m.value(QStringLiteral("labels")).toArray();
            const QJsonValue first = l.at(0);
            l.replace(0, l.at(1));
            l.replace(1, first);
            m.insert(QStringLiteral("labels"), l);
        });
        QCOMPARE(loadError(labels), int(C::BadPackage));
        // A model file that is not TorchScript at all (hash updated to match): load error.
        const QString junk = tmp.filePath(QStringLiteral("junk"));
        copyPackage(junk);
        QFile j(QDir(junk).filePath(QStringLiteral("model_fp32.pt")));
        j.open(QIODevice::WriteOnly | QIODevice::Truncate);
        j.write("not a model");
        j.close();
        editManifest(junk, [](QJsonObject& m) {
            QJsonObject files = m.value(QStringLiteral("files")).toObject();
            QJsonObject fp32 = files.value(QStringLiteral("fp32")).toObject();
            fp32.insert(
                QStringLiteral("sha256"),
                QString::fromLatin1(
                    QCryptographicHash::hash("not a model", QCryptographicHash::Sha256).toHex()));
            files.insert(QStringLiteral("fp32"), fp32);
            m.insert(QStringLiteral("files"), files);
        });
        QCOMPARE(loadError(junk), int(C::LoadFailed));
    }

    void predictCommandJsonAndErrors()
    {
        QTemporaryDir dir;
        const QString csv = dir.filePath(QStringLiteral("scores.csv"));
        const QString good = fixtureImages().last();
        QString out, err;
        QTextStream o(&out), e(&err);
        const int code = runPredictCommand(
            {good, QStringLiteral("/nonexistent.png"), QStringLiteral("--model"),
             modelFixture(QStringLiteral("package")), QStringLiteral("--precision"),
             QStringLiteral("fp32"), QStringLiteral("--csv"), csv},
            o, e);
        o.flush();
        e.flush();
        QCOMPARE(code, 1); // one unreadable file
        QVERIFY(err.contains(QStringLiteral("untrained demo weights")));
        QVERIFY(err.contains(QStringLiteral("/nonexistent.png: error: not-found")));
        const QStringList lines = out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 1);
        const QJsonObject j = QJsonDocument::fromJson(lines[0].toUtf8()).object();
        QCOMPARE(j.value(QStringLiteral("file")).toString(), good);
        QCOMPARE(j.value(QStringLiteral("precision")).toString(), QStringLiteral("fp32"));
        QCOMPARE(j.value(QStringLiteral("device")).toString(), QStringLiteral("cpu"));
        QVERIFY(j.value(QStringLiteral("ms")).toDouble() > 0);
        // Findings in the manifest's order (QJsonObject would sort them: read the raw line).
        int last = -1;
        for (const QString& label : chestXray14Findings()) {
            const int at = int(lines[0].indexOf(QLatin1Char('"') + label + QStringLiteral("\":")));
            QVERIFY(at > last);
            last = at;
        }
        const QJsonObject ref = readJson(modelFixture(QStringLiteral("reference.json")));
        const double want = ref.value(QFileInfo(good).fileName())
                                .toObject()
                                .value(QStringLiteral("probabilities"))
                                .toArray()[0]
                                .toDouble();
        QVERIFY(std::abs(j.value(QStringLiteral("findings"))
                             .toObject()
                             .value(QStringLiteral("Atelectasis"))
                             .toDouble() -
                         want) < 1e-4);
        QFile f(csv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QStringList rows =
            QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(rows.size(), 2);
        QVERIFY(rows[0].startsWith(
            QStringLiteral("file,model,precision,device,ms,Atelectasis,Cardiomegaly")));
    }

    void devicesAreNeverASilentFallback()
    {
        using C = EngineError::Code;
        const QString pkg = modelFixture(QStringLiteral("package"));
        QCOMPARE(loadError(pkg, QStringLiteral("fp32"), QStringLiteral("hpu")),
                 int(C::DeviceUnavailable));
        QVERIFY(InferenceEngine::unavailableReason(Device::Hpu).contains(QStringLiteral("Gaudi")));
        if (!InferenceEngine::availableDevices().contains(Device::Cuda))
            QCOMPARE(loadError(pkg, QStringLiteral("fp32"), QStringLiteral("cuda")),
                     int(C::DeviceUnavailable));
        QCOMPARE(loadError(pkg, QStringLiteral("fp16")), int(C::LoadFailed));
        QVERIFY(InferenceEngine::availableDevices().contains(Device::Cpu));
    }
};

QTEST_GUILESS_MAIN(TestEngine)
#include "tst_engine.moc"
