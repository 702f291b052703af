// AI results as DICOM (issue 21): the TID 1500 report, the Parametric Map and the Secondary
// Capture written from a hand-made analysis of real DICOM sources, each validated by David
// Clunie's dciodvfy (dicom3tools; any "Error" line fails), read back by ResultReader and
// `chexview-cli results`, and a TID 1500 report built independently with pydicom read back.
#include "TestData.h"
#include "chexview/cli/CliApp.h"
#include "chexview/dataset/ChestXray14.h"
#include "chexview/results/FindingCodes.h"
#include "chexview/results/MeasurementReportWriter.h"
#include "chexview/results/ParametricMapGrid.h"
#include "chexview/results/ParametricMapWriter.h"
#include "chexview/results/ResultError.h"
#include "chexview/results/ResultReader.h"
#include "chexview/results/SecondaryCaptureWriter.h"
#include "chexview/results/SourceStudy.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>

#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace chexview;

namespace {

const char* kSource = "dicom/rsna_cr_jpeg_baseline.dcm";
// 1976 x 1576, not square (its SOP Instance UID is not a valid UID: "999.999.01.23.45.6789").
const char* kWideSource = "dicom/CR-ModalitySequenceLUT.dcm";

/// The hot CAM cell of finding k (row, column on the 7 x 7 map).
int hotRow(int k)
{
    return k % 7;
}
int hotColumn(int k)
{
    return (k * 3 + 1) % 7;
}

/// A deterministic analysis of a width x height image, as the preprocessing would place it
/// (shorter side to 256, centre crop 224): probability 0.03 + 0.07 k, threshold 0.5, and a CAM
/// that is 1 in one cell and -0.2 elsewhere.
AnalysisResult handMade(int width, int height, bool flipped = false)
{
    AnalysisResult r;
    r.model = QStringLiteral("chexnet-test");
    r.trained = false;
    r.device = QStringLiteral("cpu");
    r.precision = QStringLiteral("int8");
    r.engine = QStringLiteral("LibTorch");
    r.labels = chestXray14Findings();
    r.cams.height = r.cams.width = 7;
    for (int k = 0; k < r.labels.size(); ++k) {
        r.probabilities.push_back(float(0.03 + 0.07 * k));
        r.thresholds.push_back(0.5);
        for (int y = 0; y < 7; ++y)
            for (int x = 0; x < 7; ++x)
                r.cams.values.push_back(y == hotRow(k) && x == hotColumn(k) ? 1.0f : -0.2f);
    }
    CropGeometry& g = r.cams.geometry;
    g.imageWidth = width;
    g.imageHeight = height;
    g.scale = 256.0 / std::min(width, height);
    g.crop = 224;
    g.cropX = (width * g.scale - 224) / 2.0;
    g.cropY = (height * g.scale - 224) / 2.0;
    g.flipped = flipped;
    return r;
}

ResultProvenance provenanceOf(const AnalysisResult& r)
{
    ResultProvenance p;
    p.algorithmName = r.model;
    p.algorithmVersion = QStringLiteral("package format 1, fp32 sha256 0123456789abcdef");
    p.packageSha256 = QStringLiteral("0123456789abcdef") + QString(48, QLatin1Char('0'));
    p.precision = r.precision;
    p.device = r.device;
    p.engine = r.engine;
    p.gateVerdict = QStringLiteral("accepted: frontal chest radiograph");
    return p;
}

/// dciodvfy's output for a file (stdout and stderr together).
QString dciodvfy(const QString& path)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral("dciodvfy"), {path});
    if (!p.waitForFinished(60000))
        return QStringLiteral("Error - dciodvfy did not finish");
    return QString::fromLocal8Bit(p.readAll());
}

QStringList linesStartingWith(const QString& text, const QString& prefix)
{
    QStringList out;
    for (const QString& line : text.split(QLatin1Char('\n')))
        if (line.startsWith(prefix))
            out << line;
    return out;
}

QJsonObject cliResults(const QStringList& files, int* code, QString* errText = nullptr)
{
    QString outText, errOut;
    QTextStream out(&outText), err(&errOut);
    QStringList args{QStringLiteral("results")};
    args << files;
    *code = CliApp(out, err).run(args);
    out.flush();
    err.flush();
    if (errText)
        *errText = errOut;
    return QJsonDocument::fromJson(outText.split(QLatin1Char('\n')).first().toUtf8()).object();
}

} // namespace

class TestResults : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void findingCodes()
    {
        // Standard codes where they exist, private ones declared as such, and back again.
        QCOMPARE(FindingCodes::forLabel("Pneumothorax").value, QStringLiteral("36118008"));
        QCOMPARE(FindingCodes::forLabel("Pneumothorax").scheme, QStringLiteral("SCT"));
        QCOMPARE(FindingCodes::forLabel("Infiltration").scheme, QStringLiteral("DCM"));
        QCOMPARE(FindingCodes::forLabel("Hernia").scheme, QStringLiteral("99CHEXVIEW"));
        QVERIFY(!FindingCodes::forLabel("No Finding").isValid());
        for (const QString& label : chestXray14Findings()) {
            const CodedConcept c = FindingCodes::forLabel(label);
            QVERIFY2(c.isValid() && c.value.size() <= 16 && c.meaning.size() <= 64,
                     qPrintable(label));
            QCOMPARE(FindingCodes::labelFor(c), label);
        }
        QCOMPARE(FindingCodes::labelFor({"36118008", "SRT", "Pneumothorax"}),
                 QStringLiteral("Pneumothorax"));
    }

    void dciodvfyFindsNoError_data()
    {
        QTest::addColumn<QString>("source");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<bool>("anonymize");
        for (const char* src : {"dicom/CR-MONO1-10-chest.dcm", "dicom/rsna_cr_jpeg_baseline.dcm"})
            for (const char* kind : {"sr", "pm", "sc"}) {
                QTest::addRow("%s %s", kind, src) << QString(src) << QString(kind) << false;
                QTest::addRow("%s %s anonymized", kind, src)
                    << QString(src) << QString(kind) << true;
            }
    }
    void dciodvfyFindsNoError()
    {
        QFETCH(QString, source);
        QFETCH(QString, kind);
        QFETCH(bool, anonymize);
        SourceStudy s = SourceStudy::read(test::sharedData(source));
        if (anonymize)
            s.anonymize();
        const AnalysisResult r = handMade(s.columns, s.rows);
        QTemporaryDir dir;
        const QString out = dir.filePath(kind + QStringLiteral(".dcm"));
        if (kind == QLatin1String("sr")) {
            MeasurementReportWriter::write(r, s, provenanceOf(r), out);
        } else if (kind == QLatin1String("pm")) {
            ParametricMapWriter::write(r, s, provenanceOf(r), out);
        } else {
            QImage display(s.columns, s.rows, QImage::Format_RGB32);
            display.fill(Qt::gray);
            SecondaryCaptureWriter::write(SecondaryCaptureWriter::compose(display, r, 3), r, 3, s,
                                          out,
                                          QStringLiteral("refuse: lateral view (scores forced)"));
            // A refused image scored anyway says so in the object itself.
            DcmFileFormat f;
            QVERIFY(f.loadFile(out.toLocal8Bit().constData()).good());
            OFString comments;
            f.getDataset()->findAndGetOFStringArray(DCM_ImageComments, comments);
            QVERIFY2(
                QString::fromLatin1(comments.c_str())
                    .contains(QStringLiteral("Input gate: refuse: lateral view (scores forced)")),
                comments.c_str());
        }
        const QString report = dciodvfy(out);
        QVERIFY2(!report.isEmpty(), "dciodvfy printed nothing: is dicom3tools installed?");
        const QStringList errors = linesStartingWith(report, QStringLiteral("Error"));
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join('\n')));
        const QStringList warnings = linesStartingWith(report, QStringLiteral("Warning"));
        qInfo().noquote() << kind << source << "warnings:" << warnings.size();
        if (qEnvironmentVariableIsSet("CHEXVIEW_DCIODVFY_VERBOSE")) // the README explains them
            qInfo().noquote() << warnings.join('\n');
    }

    void reportReadsBack()
    {
        const SourceStudy s = SourceStudy::read(test::sharedData(kSource));
        const AnalysisResult r = handMade(s.columns, s.rows);
        QTemporaryDir dir;
        const QString out = dir.filePath("sr.dcm");
        const QString uid = MeasurementReportWriter::write(r, s, provenanceOf(r), out);
        const StoredResult back = ResultReader::read(out);
        QCOMPARE(back.kind, StoredResult::Kind::MeasurementReport);
        QCOMPARE(back.sopInstanceUid, uid);
        QCOMPARE(back.studyInstanceUid, s.studyInstanceUid);
        QCOMPARE(back.sourceSopInstanceUid, s.sopInstanceUid);
        QCOMPARE(back.algorithmName, QStringLiteral("chexnet-test"));
        QCOMPARE(back.algorithmVersion, provenanceOf(r).algorithmVersion);
        QCOMPARE(back.gateVerdict, QStringLiteral("accepted: frontal chest radiograph"));
        QCOMPARE(back.labels, chestXray14Findings());
        for (int k = 0; k < back.labels.size(); ++k) {
            QVERIFY(qAbs(back.probabilities[size_t(k)] - double(r.probabilities[size_t(k)])) <
                    1e-7);
            QCOMPARE(back.thresholds[size_t(k)], 0.5);
            QCOMPARE(back.positive[size_t(k)], r.probabilities[size_t(k)] >= 0.5f ? 1 : 0);
        }
        // The tree DCMTK prints: TID 1500 root, a device observer, standard finding codes.
        QProcess dump;
        dump.start("dsrdump", {"+Pl", "+Pc", out});
        QVERIFY(dump.waitForFinished(30000));
        const QString text = QString::fromUtf8(dump.readAllStandardOutput());
        QVERIFY2(text.contains("Comprehensive 3D SR"), qPrintable(text.left(300)));
        QVERIFY(text.contains("(126000,DCM,\"Imaging Measurement Report\")"));
        QVERIFY(text.contains("=(121007,DCM,\"Device\")"));
        QVERIFY(text.contains("=(36118008,SCT,\"Pneumothorax\")"));
        QVERIFY(text.contains("(111001,DCM,\"Algorithm Name\")=\"chexnet-test\""));
        QVERIFY2(text.contains("\"package-sha256=0123456789abcdef"), qPrintable(text));
        QCOMPARE(text.count("(125007,DCM,\"Measurement Group\")"), 14);
    }

    void parametricMapGeometry_data()
    {
        QTest::addColumn<bool>("flipped");
        QTest::newRow("as analyzed") << false;
        QTest::newRow("mirrored analysis") << true;
    }
    void parametricMapGeometry()
    {
        QFETCH(bool, flipped);
        const SourceStudy s = SourceStudy::read(test::sharedData(kWideSource));
        const AnalysisResult r = handMade(s.columns, s.rows, flipped);
        QTemporaryDir dir;
        const QString out = dir.filePath("pm.dcm");
        ParametricMapWriter::write(r, s, provenanceOf(r), out);
        const StoredResult pm = ResultReader::read(out);
        QCOMPARE(pm.kind, StoredResult::Kind::ParametricMap);
        QCOMPARE(pm.labels, chestXray14Findings());
        QCOMPARE(pm.sourceSopInstanceUid, s.sopInstanceUid);
        QCOMPARE(pm.algorithmName, QStringLiteral("chexnet-test"));
        QCOMPARE(pm.algorithmVersion, provenanceOf(r).algorithmVersion);
        const ParametricMapGrid grid = ParametricMapGrid::forImage(s.columns, s.rows);
        QCOMPARE(grid.factor, 8); // 1976 / 256 -> 8
        QCOMPARE(pm.columns, 247);
        QCOMPARE(pm.rows, 197);
        const size_t frame = size_t(pm.rows) * size_t(pm.columns);
        QCOMPARE(pm.frames.size(), frame * 14);
        const CropGeometry& g = r.cams.geometry;
        // The source pixel where the centre of CAM cell (row, column) lies, as CamRenderer
        // draws it (32 crop pixels a cell; mirrored when the analysis was), and the map there.
        auto mapAt = [&](int k, int row, int column) {
            const double u = ((flipped ? 6 - column : column) + 0.5) * 32.0;
            const double sourceX = (g.cropX + u) / g.scale;
            const double sourceY = (g.cropY + (row + 0.5) * 32.0) / g.scale;
            const size_t at = size_t(int(sourceY) / grid.factor) * size_t(pm.columns) +
                              size_t(int(sourceX) / grid.factor);
            return pm.frames[frame * size_t(k) + at];
        };
        for (int k = 0; k < 14; ++k) {
            // Stored exactly as sampled, in [0, 1].
            const std::vector<float> expected = grid.sample(r, k);
            const auto begin = pm.frames.begin() + long(frame * size_t(k));
            QVERIFY(std::equal(expected.begin(), expected.end(), begin));
            QVERIFY(pm.probabilities[size_t(k)] > 0.9 && pm.probabilities[size_t(k)] <= 1.0);
            // Hot where the hot cell is, cold one cell away.
            const int row = hotRow(k), column = hotColumn(k);
            QVERIFY2(mapAt(k, row, column) > 0.85f, qPrintable(r.labels[k]));
            QVERIFY2(mapAt(k, row, column < 6 ? column + 1 : column - 1) < 0.15f,
                     qPrintable(r.labels[k]));
            QVERIFY2(mapAt(k, row < 6 ? row + 1 : row - 1, column) < 0.15f,
                     qPrintable(r.labels[k]));
            // Nothing outside the model's crop: the source's left and right margins are 0.
            for (int y = 0; y < pm.rows; y += 16) {
                QCOMPARE(begin[long(y) * pm.columns], 0.0f);
                QCOMPARE(begin[long(y) * pm.columns + pm.columns - 1], 0.0f);
            }
        }
    }

    void cliReadsIndependentReport()
    {
        QTemporaryDir dir;
        const QString out = dir.filePath("other-vendor.dcm");
        QProcess make;
        make.start(QStringLiteral(CHEXVIEW_PYTHON),
                   {QStringLiteral(CHEXVIEW_RESULTS_TESTS "/make_independent_sr.py"),
                    test::sharedData("dicom/rsna_cr_jpeg_baseline.dcm"), out});
        QVERIFY(make.waitForFinished(60000));
        QVERIFY2(make.exitCode() == 0, make.readAllStandardError().constData());
        const QJsonObject expected = QJsonDocument::fromJson(make.readAllStandardOutput()).object();
        QVERIFY(!expected.isEmpty());
        int code = -1;
        QString errText;
        const QJsonObject got = cliResults({out}, &code, &errText);
        QVERIFY2(code == 0, qPrintable(errText));
        for (const char* key :
             {"kind", "algorithm", "source_sop_instance_uid", "thresholds", "positive"})
            QVERIFY2(got.value(key) == expected.value(key),
                     qPrintable(QString(key) + ": " +
                                QJsonDocument(got).toJson(QJsonDocument::Compact)));
        const QJsonObject findings = got.value("findings").toObject();
        const QJsonObject want = expected.value("findings").toObject();
        QCOMPARE(findings.keys(), want.keys());
        for (const QString& key : want.keys())
            QVERIFY2(qAbs(findings.value(key).toDouble() - want.value(key).toDouble()) < 1e-12,
                     qPrintable(key));
    }

    void cliReadsOwnObjects()
    {
        const SourceStudy s = SourceStudy::read(test::sharedData(kSource));
        const AnalysisResult r = handMade(s.columns, s.rows);
        QTemporaryDir dir;
        MeasurementReportWriter::write(r, s, provenanceOf(r), dir.filePath("sr.dcm"));
        ParametricMapWriter::write(r, s, provenanceOf(r), dir.filePath("pm.dcm"));
        QString outText, errText;
        QTextStream out(&outText), err(&errText);
        QCOMPARE(CliApp(out, err).run({"results", dir.filePath("sr.dcm"), dir.filePath("pm.dcm")}),
                 0);
        out.flush();
        const QStringList lines = outText.trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        const QJsonObject sr = QJsonDocument::fromJson(lines[0].toUtf8()).object();
        const QJsonObject pm = QJsonDocument::fromJson(lines[1].toUtf8()).object();
        QCOMPARE(sr.value("kind").toString(), QStringLiteral("tid1500-sr"));
        QCOMPARE(pm.value("kind").toString(), QStringLiteral("parametric-map"));
        QCOMPARE(sr.value("source_sop_instance_uid").toString(), s.sopInstanceUid);
        QCOMPARE(pm.value("source_sop_instance_uid").toString(), s.sopInstanceUid);
        QCOMPARE(sr.value("algorithm").toObject().value("name").toString(),
                 QStringLiteral("chexnet-test"));
        QCOMPARE(sr.value("gate_verdict").toString(),
                 QStringLiteral("accepted: frontal chest radiograph"));
        QCOMPARE(sr.value("findings").toObject().size(), 14);
        QVERIFY(qAbs(sr.value("findings").toObject().value("Hernia").toDouble() - 0.94) < 1e-6);
        QCOMPARE(sr.value("thresholds").toObject().value("Edema").toDouble(), 0.5);
        QCOMPARE(pm.value("frames").toInt(), 14);
    }

    void damagedMapIsRefused_data()
    {
        QTest::addColumn<QString>("frames");
        QTest::addColumn<int>("code");
        QTest::newRow("one frame more than the pixel data holds")
            << "15" << int(ResultError::Code::Malformed);
        QTest::newRow("a header claiming 40 GB") << "80000" << int(ResultError::Code::TooLarge);
        QTest::newRow("no frames") << "0" << int(ResultError::Code::Malformed);
    }
    void damagedMapIsRefused()
    {
        QFETCH(QString, frames);
        QFETCH(int, code);
        const SourceStudy s = SourceStudy::read(test::sharedData(kSource));
        const AnalysisResult r = handMade(s.columns, s.rows);
        QTemporaryDir dir;
        const QString path = dir.filePath("pm.dcm");
        ParametricMapWriter::write(r, s, provenanceOf(r), path);
        DcmFileFormat file;
        QVERIFY(file.loadFile(path.toLocal8Bit().constData()).good());
        file.getDataset()->putAndInsertString(DCM_NumberOfFrames, frames.toLatin1().constData());
        QVERIFY(file.saveFile(path.toLocal8Bit().constData(), EXS_LittleEndianExplicit).good());
        try {
            ResultReader::read(path);
            QFAIL("a damaged map was read");
        } catch (const ResultError& e) {
            QCOMPARE(int(e.code()), code);
        }
    }

    void cliRejectsWhatIsNoResult_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("code");
        QTest::newRow("an image, not a result")
            << test::sharedData("dicom/rsna_cr_jpeg_baseline.dcm") << "not-a-result";
        QTest::newRow("not DICOM") << test::sharedData("README.md") << "not-dicom";
        QTest::newRow("missing") << QStringLiteral("/nonexistent/x.dcm") << "not-found";
    }
    void cliRejectsWhatIsNoResult()
    {
        QFETCH(QString, file);
        QFETCH(QString, code);
        int exit = -1;
        QString errText;
        cliResults({file}, &exit, &errText);
        QCOMPARE(exit, 1);
        QVERIFY2(errText.contains(": error: " + code + ": "), qPrintable(errText));
    }
};

QTEST_GUILESS_MAIN(TestResults)
#include "tst_results.moc"
